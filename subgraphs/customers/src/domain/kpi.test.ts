import { describe, expect, it } from 'vitest';
import { averageCsat, conversionRate, netPromoterScore, parseKpiId, parsePeriod, percentOf, retention } from './kpi';

describe('KPI periods and ids', () => {
  it('parses years, quarters and months into UTC ranges', () => {
    expect(parsePeriod('2027')).toMatchObject({ firstDay: '2027-01-01', lastDay: '2027-12-31' });
    const q = parsePeriod('2027-Q1');
    expect([q.from.toISOString(), q.to.toISOString(), q.lastDay]).toEqual(['2027-01-01T00:00:00.000Z', '2027-04-01T00:00:00.000Z', '2027-03-31']);
    expect(parsePeriod('2028-02').lastDay).toBe('2028-02-29');
    for (const bad of ['2027-Q5', '2027-13', '27', '2027-1']) expect(() => parsePeriod(bad)).toThrow(/period must be/);
  });
  it('parses the shared id format and refuses malformed ones naming the field', () => {
    expect(parseKpiId('2027-Q1|REGION|cn-east')).toMatchObject({ kind: 'REGION', ref: 'CN-EAST', period: { label: '2027-Q1' } });
    expect(parseKpiId('2027|COMPANY|')).toMatchObject({ kind: 'COMPANY', ref: null });
    expect(() => parseKpiId('2027|REP|nope')).toThrow(/must be an id/);
    expect(() => parseKpiId('2027|COMPANY|X')).toThrow(/no ref/);
    expect(() => parseKpiId('2027|GALAXY|')).toThrow(/scope kind/);
  });
});

describe('KPI arithmetic', () => {
  it('rounds percentages half-even to two places and is null without a base', () => {
    expect(percentOf(1, 3)).toBe('33.33');
    expect(percentOf(2, 3)).toBe('66.67');
    expect(percentOf(1, 8)).toBe('12.50');
    expect(percentOf(0, 0)).toBeNull();
  });
  it('conversion: won over closed', () => {
    expect(conversionRate(['WON', 'LOST', 'LOST', 'WON', 'WON'])).toBe('60.00');
    expect(conversionRate([])).toBeNull();
  });
  it('retention and churn split the base', () => {
    expect(retention(new Set(['a', 'b', 'c']), new Set(['a', 'x']))).toEqual({ retention: '33.33', churn: '66.67' });
    expect(retention(new Set(), new Set(['a']))).toEqual({ retention: null, churn: null });
  });
  it('CSAT mean and NPS', () => {
    expect(averageCsat([5, 4, 4])).toBe('4.33');
    expect(averageCsat([])).toBeNull();
    // 2 promoters, 1 passive, 2 detractors of 5 → 0; 1 promoter, 3 detractors of 4 → -50
    expect(netPromoterScore([10, 9, 8, 6, 0])).toBe('0.00');
    expect(netPromoterScore([9, 1, 2, 3])).toBe('-50.00');
  });
});
