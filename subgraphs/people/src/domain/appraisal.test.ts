import { describe, expect, it } from 'vitest';
import { ValidationError } from '@salesgraph/kernel';
import { appraise, objectiveProgress, ratingFor, validateKpiScheme, validateQualitative, type KpiMetric } from './appraisal';

const scheme = validateKpiScheme({
  name: 'Field sales 2027',
  kpis: [
    { metric: 'REVENUE_ATTAINMENT', weight: '50', target: '100' },
    { metric: 'NEW_CUSTOMERS', weight: '20', target: '4' },
    { metric: 'CUSTOMER_SATISFACTION', weight: '15', target: '4.5' },
    { metric: 'COLLECTION_RATE', weight: '15', target: '95' },
  ],
});

describe('appraisal scoring', () => {
  it('weights each KPI score, caps over-achievement and rates the total', () => {
    const actuals = new Map<KpiMetric, bigint | null>([
      ['REVENUE_ATTAINMENT', 11_000n], // 110% of 100 → 110
      ['NEW_CUSTOMERS', 1_000n], // 10 of 4 → 250 capped at 120
      ['CUSTOMER_SATISFACTION', 360n], // 3.6 of 4.5 → 80
      ['COLLECTION_RATE', null], // no data → 0
    ]);
    const r = appraise(scheme.kpis, actuals, []);
    expect(r.kpis.map((k) => k.score)).toEqual([11_000n, 12_000n, 8_000n, 0n]);
    expect(r.kpis.map((k) => k.weighted)).toEqual([5_500n, 2_400n, 1_200n, 0n]);
    expect(r.total).toBe(9_100n);
    expect(r.rating).toBe('A');
  });
  it('blends qualitative criteria at 20%', () => {
    const actuals = new Map<KpiMetric, bigint | null>([
      ['REVENUE_ATTAINMENT', 8_000n],
      ['NEW_CUSTOMERS', 400n],
      ['CUSTOMER_SATISFACTION', 450n],
      ['COLLECTION_RATE', 9_500n],
    ]);
    const r = appraise(scheme.kpis, actuals, validateQualitative([{ criterion: 'teamwork', score: '60' }, { criterion: 'learning', score: '70' }]));
    expect(r.kpiTotal).toBe(9_000n); // 40 + 20 + 15 + 15
    expect(r.qualitativeAverage).toBe(6_500n);
    expect(r.total).toBe(8_500n); // 0.8 × 90 + 0.2 × 65
    expect(r.rating).toBe('B');
  });
  it('rates at the boundaries', () => {
    expect([9_000n, 8_999n, 7_500n, 6_000n, 5_999n].map(ratingFor)).toEqual(['A', 'B', 'B', 'C', 'D']);
  });
  it('refuses weights that do not sum to 100 and duplicate metrics', () => {
    expect(() => validateKpiScheme({ name: 'x', kpis: [{ metric: 'NEW_CUSTOMERS', weight: '60', target: '1' }, { metric: 'COLLECTION_RATE', weight: '30', target: '1' }] })).toThrow(/sum to 100/);
    expect(() => validateKpiScheme({ name: 'x', kpis: [{ metric: 'NEW_CUSTOMERS', weight: '50', target: '1' }, { metric: 'NEW_CUSTOMERS', weight: '50', target: '1' }] })).toThrow(ValidationError);
    expect(() => validateQualitative([{ criterion: 'x', score: '101' }])).toThrow(ValidationError);
  });
});

describe('OKR progress', () => {
  it('averages capped key-result progress', () => {
    expect(objectiveProgress([{ current: 50n, target: 100n }, { current: 300n, target: 100n }])).toBe(7_500n);
    expect(objectiveProgress([{ current: 1n, target: 3n }])).toBe(3_333n);
    expect(objectiveProgress([])).toBe(0n);
  });
});
