import { describe, expect, it } from 'vitest';
import { ValidationError } from '@salesgraph/kernel';
import { monthOf, monthsOf, parsePeriod, periodContains, previousYear, subPeriods } from './period';

describe('parsePeriod', () => {
  it('parses years, quarters and months with UTC bounds', () => {
    const y = parsePeriod('2027');
    expect(y).toMatchObject({ kind: 'YEAR', year: 2027, text: '2027' });
    expect(y.start.toISOString()).toBe('2027-01-01T00:00:00.000Z');
    expect(y.end.toISOString()).toBe('2028-01-01T00:00:00.000Z');
    const q = parsePeriod('2027-q4');
    expect(q).toMatchObject({ kind: 'QUARTER', index: 4, text: '2027-Q4' });
    expect(q.start.toISOString()).toBe('2027-10-01T00:00:00.000Z');
    expect(q.end.toISOString()).toBe('2028-01-01T00:00:00.000Z');
    const m = parsePeriod('2027-02');
    expect(m).toMatchObject({ kind: 'MONTH', index: 2 });
    expect(m.end.toISOString()).toBe('2027-03-01T00:00:00.000Z');
  });

  it.each(['', '27', '2027-Q5', '2027-Q0', '2027-13', '2027-00', '2027-1', '2027/01', 'abcd', '2027-01-01'])('refuses %j naming the field', (text) => {
    let err: unknown;
    try {
      parsePeriod(text, 'input.period');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).field).toBe('input.period');
  });
});

describe('period arithmetic', () => {
  it('lists months and quarters', () => {
    expect(monthsOf(parsePeriod('2027-Q2'))).toEqual(['2027-04', '2027-05', '2027-06']);
    expect(monthsOf(parsePeriod('2027'))).toHaveLength(12);
    expect(subPeriods(parsePeriod('2027'), 'QUARTERS')).toEqual(['2027-Q1', '2027-Q2', '2027-Q3', '2027-Q4']);
    expect(subPeriods(parsePeriod('2027-Q1'), 'QUARTERS')).toEqual([]);
    expect(subPeriods(parsePeriod('2027-01'), 'MONTHS')).toEqual([]);
  });
  it('knows containment and last year', () => {
    expect(periodContains(parsePeriod('2027'), parsePeriod('2027-Q3'))).toBe(true);
    expect(periodContains(parsePeriod('2027-Q1'), parsePeriod('2027-04'))).toBe(false);
    expect(periodContains(parsePeriod('2027-Q1'), parsePeriod('2027'))).toBe(false);
    expect(previousYear(parsePeriod('2027-Q2')).text).toBe('2026-Q2');
    expect(monthOf(new Date('2027-12-31T23:59:59Z'))).toBe('2027-12');
  });
});
