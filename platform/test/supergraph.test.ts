// The schema check: composition has no errors or client-breaking hints, and the checked-in
// supergraph is what composition produces now.
import { describe, expect, it } from 'vitest';
import { Supergraph } from '@apollo/federation-internals';
import { checkedInSupergraph, checkSupergraph, composeSupergraph } from '../src/compose';

describe('supergraph', () => {
  it('composes without errors or blocking hints', () => {
    const report = composeSupergraph();
    expect(report.errors).toEqual([]);
    expect(report.blockingHints).toEqual([]);
    expect(report.supergraphSdl).toBeDefined();
  });

  it('the checked-in supergraph is current (run `npm run compose` when this fails)', () => {
    const result = checkSupergraph(checkedInSupergraph());
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('the check fails on a stale supergraph', () => {
    const current = checkedInSupergraph()!;
    const stale = current.replace(/\n\s*customerCount: Int![^\n]*/, '');
    expect(stale).not.toBe(current);
    const result = checkSupergraph(stale);
    expect(result.ok).toBe(false);
    expect(result.problems.join('\n')).toMatch(/stale/);
    expect(checkSupergraph(undefined).ok).toBe(false);
  });

  it('keeps the subgraph-local @scopes directive out of the composed graph', () => {
    const sdl = checkedInSupergraph()!;
    expect(sdl).not.toMatch(/@scopes/);
    expect(() => Supergraph.build(sdl)).not.toThrow();
  });
});
