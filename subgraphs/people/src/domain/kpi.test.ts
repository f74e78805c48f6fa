import { describe, expect, it } from 'vitest';
import { parseKpiId, peopleKpis, pipelineCoverage } from './kpi';

describe('parseKpiId', () => {
  it('parses period, kind and ref', () => {
    const k = parseKpiId('2027-Q1|REGION|cn-east');
    expect([k.period.text, k.scope.kind, k.scope.ref]).toEqual(['2027-Q1', 'REGION', 'CN-EAST']);
    const c = parseKpiId('2027|COMPANY|');
    expect([c.period.text, c.scope.kind, c.scope.ref]).toEqual(['2027', 'COMPANY', '']);
    expect(parseKpiId('2027-03|PRODUCT_LINE|Pumps').scope).toEqual({ kind: 'PRODUCT_LINE', ref: 'Pumps' });
  });
  it('refuses malformed ids naming the field', () => {
    for (const bad of ['2027', '2027|COMPANY', '2027-13|COMPANY|', '2027|PLANET|x', '2027|COMPANY|x', '2027|REP|not-an-id']) {
      expect(() => parseKpiId(bad), bad).toThrow();
    }
    try {
      parseKpiId('2027-Q5|COMPANY|');
    } catch (e) {
      expect((e as { field: string }).field).toBe('period');
    }
  });
});

describe('people KPIs', () => {
  it('computes attainment and the remaining target, null without a target', () => {
    expect(peopleKpis(null, 500n)).toEqual({ targetRevenue: null, targetAttainmentPercent: null, remainingTarget: null });
    expect(peopleKpis(80_000n, 20_000n)).toEqual({ targetRevenue: 80_000n, targetAttainmentPercent: '25.00', remainingTarget: 60_000n });
    expect(peopleKpis(80_000n, 90_000n).remainingTarget).toBe(0n);
    expect(peopleKpis(0n, 0n).targetAttainmentPercent).toBeNull();
  });
  it('divides the weighted pipeline by the remaining target as a two-place ratio', () => {
    expect(pipelineCoverage(75_000n, 60_000n)).toBe('1.25');
    expect(pipelineCoverage(20_000n, 60_000n)).toBe('0.33');
    expect(pipelineCoverage(0n, 60_000n)).toBe('0.00');
    expect(pipelineCoverage(null, 60_000n)).toBeNull();
    expect(pipelineCoverage(10n, null)).toBeNull();
    expect(pipelineCoverage(10n, 0n)).toBeNull();
  });
});
