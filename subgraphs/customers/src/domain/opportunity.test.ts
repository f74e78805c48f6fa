import { describe, expect, it } from 'vitest';
import { ValidationError } from '@salesgraph/kernel';
import { summarisePipeline, validateStageMove, weightedAmount } from './opportunity';
import { DEFAULT_SETTINGS } from './settings';

describe('opportunity stages', () => {
  it('moves between open stages and closes', () => {
    expect(validateStageMove('QUALIFICATION', 'PROPOSAL', null)).toEqual({ to: 'PROPOSAL', lostReason: null });
    expect(validateStageMove('NEGOTIATION', 'WON', undefined)).toEqual({ to: 'WON', lostReason: null });
    expect(validateStageMove('PROPOSAL', 'LOST', ' price ')).toEqual({ to: 'LOST', lostReason: 'price' });
  });
  it.each([
    ['LOST', 'WON', null, 'stage'],
    ['WON', 'NEGOTIATION', null, 'stage'],
    ['PROPOSAL', 'LOST', null, 'lostReason'],
    ['PROPOSAL', 'WON', 'why', 'lostReason'],
    ['PROPOSAL', 'DONE', null, 'stage'],
  ] as const)('refuses %s → %s', (from, to, reason, field) => {
    try {
      validateStageMove(from, to, reason);
      expect.fail('should refuse');
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).field).toBe(field);
    }
  });
});

describe('pipeline summary', () => {
  it('counts, sums and weights per stage with banker rounding', () => {
    expect(weightedAmount(12345n, 50)).toBe(6172n); // 61.725 → 61.72 (half-even)
    expect(weightedAmount(12355n, 50)).toBe(6178n); // 61.775 → 61.78
    const rows = [
      { stage: 'PROPOSAL' as const, amountMinor: 100_000n },
      { stage: 'PROPOSAL' as const, amountMinor: 50_000n },
      { stage: 'NEGOTIATION' as const, amountMinor: 200_000n },
      { stage: 'WON' as const, amountMinor: 10_000n },
    ];
    const s = summarisePipeline(rows, DEFAULT_SETTINGS.stageProbabilities);
    expect(s.map((x) => x.stage)).toEqual(['QUALIFICATION', 'NEEDS_ANALYSIS', 'PROPOSAL', 'NEGOTIATION', 'WON', 'LOST']);
    expect(s.find((x) => x.stage === 'PROPOSAL')).toEqual({ stage: 'PROPOSAL', probability: 50, count: 2, amountMinor: 150_000n, weightedAmountMinor: 75_000n });
    expect(s.find((x) => x.stage === 'NEGOTIATION')!.weightedAmountMinor).toBe(150_000n);
    expect(s.find((x) => x.stage === 'QUALIFICATION')!.count).toBe(0);
  });
});
