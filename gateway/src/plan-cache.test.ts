import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { QueryPlan } from '@apollo/query-planner';
import { PlanCache, readKnownOperations } from './plan-cache';

const plan = (n: number) => ({ kind: 'QueryPlan', node: undefined, n }) as unknown as QueryPlan;

describe('PlanCache', () => {
  it('keeps at most maxEntries plans and evicts the least recently used', async () => {
    const cache = new PlanCache(2);
    await cache.set('a', plan(1));
    await cache.set('b', plan(2));
    expect(await cache.get('a')).toEqual(plan(1)); // a is now the most recent
    await cache.set('c', plan(3));
    expect(cache.size).toBe(2);
    expect(await cache.get('b')).toBeUndefined();
    expect(await cache.get('a')).toEqual(plan(1));
    expect(await cache.get('c')).toEqual(plan(3));
    expect(await cache.delete('a')).toBe(true);
    cache.clear();
    expect(cache.size).toBe(0);
    expect(() => new PlanCache(0)).toThrow(/positive/);
  });
});

describe('readKnownOperations', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gateway-ops-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  it('reads a list of { query, operationName } and an Apollo persisted-query manifest', () => {
    expect(readKnownOperations(file('list.json', JSON.stringify([{ query: '{ a }' }, { query: 'query B { b }', operationName: 'B' }])))).toEqual([{ query: '{ a }' }, { query: 'query B { b }', operationName: 'B' }]);
    const manifest = { format: 'apollo-persisted-query-manifest', version: 1, operations: [{ id: 'x', name: 'C', type: 'query', body: 'query C { c }' }] };
    expect(readKnownOperations(file('manifest.json', JSON.stringify(manifest)))).toEqual([{ query: 'query C { c }', operationName: 'C' }]);
  });

  it('says what is wrong with a file it cannot use', () => {
    expect(() => readKnownOperations(join(dir, 'missing.json'))).toThrow(/cannot read the operations to warm/);
    expect(() => readKnownOperations(file('object.json', '{"x": 1}'))).toThrow(/expected a JSON array/);
    expect(() => readKnownOperations(file('empty.json', '[{"operationName": "A"}]'))).toThrow(/operation 0 has no "query"/);
  });
});
