import { describe, expect, it } from 'vitest';
import { InsufficientHistory, InvalidParameter, InvalidSeries } from './errors';
import { aggregateFacts, assertFiniteSeries, assertInteger, futureLabels, periodLabel, seasonalPeriodOf } from './series';

describe('series utilities', () => {
  it('knows the seasonal periods', () => {
    expect(seasonalPeriodOf('MONTH')).toBe(12);
    expect(seasonalPeriodOf('WEEK')).toBe(52);
    expect(seasonalPeriodOf('QUARTER')).toBe(4);
    expect(seasonalPeriodOf('DAY')).toBe(7);
  });

  it('rejects NaN, infinities and non-numbers, naming the field and the index', () => {
    expect(() => assertFiniteSeries([1, 2, 3])).not.toThrow();
    const err = (() => {
      try {
        assertFiniteSeries([1, NaN, 3]);
      } catch (e) {
        return e;
      }
      return undefined;
    })() as InvalidSeries;
    expect(err).toBeInstanceOf(InvalidSeries);
    expect(err.field).toBe('history');
    expect(err.category).toBe('BAD_USER_INPUT');
    expect(err.details).toMatchObject({ index: 1 });
    expect(() => assertFiniteSeries([1, Infinity])).toThrow(InvalidSeries);
    expect(() => assertFiniteSeries([1, '2' as unknown as number])).toThrow(InvalidSeries);
  });

  it('rejects negative or fractional lengths', () => {
    expect(() => assertInteger('horizon', -1, 1, 24)).toThrow(InvalidParameter);
    expect(() => assertInteger('horizon', 2.5, 1, 24)).toThrow(/horizon must be an integer between 1 and 24/);
    expect(() => assertInteger('horizon', 25, 1, 24)).toThrow(InvalidParameter);
    expect(() => assertInteger('horizon', 24, 1, 24)).not.toThrow();
  });

  it('InsufficientHistory says how much is needed', () => {
    const e = new InsufficientHistory('HOLT_WINTERS', 26, 20);
    expect(e).toMatchObject({ code: 'INSUFFICIENT_HISTORY', category: 'BAD_USER_INPUT', field: 'history', needed: 26, got: 20, method: 'HOLT_WINTERS' });
    expect(e.message).toBe('HOLT_WINTERS needs at least 26 periods of history, got 20');
    expect(e.name).toBe('InsufficientHistory');
  });

  it('aggregates daily facts into gap-free months', () => {
    const s = aggregateFacts(
      [
        { date: '2024-01-05', value: 10 },
        { date: '2024-01-31', value: 5 },
        { date: '2024-03-01T10:00:00Z', value: 7 },
        { date: new Date(Date.UTC(2024, 2, 31)), value: 1 },
      ],
      'MONTH',
    );
    expect(s.values).toEqual([15, 0, 8]);
    expect(s.labels).toEqual(['2024-01', '2024-02', '2024-03']);
    expect(s.seasonalPeriod).toBe(12);
    expect(futureLabels(s, 11)).toEqual(['2024-04', '2024-05', '2024-06', '2024-07', '2024-08', '2024-09', '2024-10', '2024-11', '2024-12', '2025-01', '2025-02']);
  });

  it('honours from/to and pads with zero periods', () => {
    const s = aggregateFacts([{ date: '2024-02-10', value: 3 }, { date: '2025-01-01', value: 9 }], 'QUARTER', { from: '2023-12-01', to: '2024-12-31' });
    expect(s.labels).toEqual(['2023-Q4', '2024-Q1', '2024-Q2', '2024-Q3', '2024-Q4']);
    expect(s.values).toEqual([0, 3, 0, 0, 0]);
    expect(() => aggregateFacts([], 'MONTH', { from: '2024-02-01', to: '2024-01-01' })).toThrow(InvalidParameter);
    expect(() => aggregateFacts([{ date: 'yesterday', value: 1 }], 'MONTH')).toThrow(InvalidSeries);
    expect(() => aggregateFacts([{ date: '2024-01-01', value: NaN }], 'MONTH')).toThrow(InvalidSeries);
  });

  it('sums facts sharing a date, and leaves out every fact of a date outside [from, to]', () => {
    const facts = [
      { date: '2024-01-31', value: 1 },
      { date: '2024-02-01', value: 2 },
      { date: '2024-01-31', value: 4 },
      { date: '2024-02-01', value: 8 },
      { date: '2024-03-01', value: 16 },
      { date: '2024-03-01', value: 32 },
    ];
    expect(aggregateFacts(facts, 'MONTH', { from: '2024-02-01', to: '2024-02-29' }).values).toEqual([10]);
    expect(aggregateFacts(facts, 'MONTH').values).toEqual([5, 10, 48]);
    expect(() => aggregateFacts([...facts, { date: '2024-03-01', value: Infinity }], 'MONTH')).toThrow(InvalidSeries);
  });

  it('groups days into ISO weeks (Monday to Sunday)', () => {
    // ISO 8601: 2024-12-30 (Monday) starts 2025-W01; 2021-01-03 (Sunday) belongs to 2020-W53;
    // 2024-01-01 is a Monday and starts 2024-W01.
    const s = aggregateFacts(
      [
        { date: '2024-12-29', value: 1 },
        { date: '2024-12-30', value: 2 },
        { date: '2025-01-05', value: 3 },
        { date: '2025-01-06', value: 4 },
      ],
      'WEEK',
    );
    expect(s.labels).toEqual(['2024-W52', '2025-W01', '2025-W02']);
    expect(s.values).toEqual([1, 5, 4]);
    expect(aggregateFacts([{ date: '2021-01-03', value: 1 }], 'WEEK').labels).toEqual(['2020-W53']);
    expect(aggregateFacts([{ date: '2024-01-01', value: 1 }], 'WEEK').labels).toEqual(['2024-W01']);
    expect(periodLabel(0, 'DAY')).toBe('1970-01-01');
  });
});
