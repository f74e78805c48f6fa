import { describe, expect, it } from 'vitest';
import { InflightMerger } from './inflight';

describe('InflightMerger', () => {
  it('shares the outcome of work in flight and forgets it once settled', async () => {
    const merger = new InflightMerger<number>();
    let release!: (n: number) => void;
    let runs = 0;
    const first = merger.start('k', () => {
      runs += 1;
      return new Promise<number>((r) => (release = r));
    });
    expect(merger.get('k')).toBe(first);
    expect(merger.get('other')).toBeUndefined();
    release(42);
    expect(await merger.get('k')).toBe(42);
    expect(runs).toBe(1);
    expect(merger.get('k')).toBeUndefined();
    expect(merger.size).toBe(0);
  });

  it('gives every caller the same error, including one thrown synchronously', async () => {
    const merger = new InflightMerger<number>();
    const failing = merger.start('k', () => Promise.reject(new Error('boom')));
    const joined = merger.get('k')!;
    await expect(failing).rejects.toThrow('boom');
    await expect(joined).rejects.toThrow('boom');
    await expect(
      merger.start('s', () => {
        throw new Error('sync');
      }),
    ).rejects.toThrow('sync');
    expect(merger.size).toBe(0);
  });
});
