import { describe, expect, it } from 'vitest';
import { dayNumber, isoWeekIndex, kpiId, parseKpiId, parseKpiPeriod, periodIndex, periodLabel, periodStart, dayString, yearAgoIndex } from './periods';

const label = (date: string, g: 'DAY' | 'WEEK' | 'MONTH' | 'QUARTER') => periodLabel(periodIndex(dayNumber(date), g), g);

describe('periods', () => {
  it('buckets days into ISO weeks (Monday start; week 1 holds the first Thursday)', () => {
    expect(label('2026-01-01', 'WEEK')).toBe('2026-W01'); // Thursday
    expect(label('2025-12-29', 'WEEK')).toBe('2026-W01'); // Monday of the same week
    expect(label('2025-12-28', 'WEEK')).toBe('2025-W52'); // Sunday before
    expect(label('2021-01-03', 'WEEK')).toBe('2020-W53'); // 2020 has 53 ISO weeks
    expect(label('2027-01-01', 'WEEK')).toBe('2026-W53');
    expect(dayString(periodStart(periodIndex(dayNumber('2026-03-05'), 'WEEK'), 'WEEK'))).toBe('2026-03-02');
  });

  it('buckets days into months and quarters', () => {
    expect(label('2026-03-31', 'QUARTER')).toBe('2026-Q1');
    expect(label('2026-04-01', 'QUARTER')).toBe('2026-Q2');
    expect(label('2026-12-31', 'QUARTER')).toBe('2026-Q4');
    expect(label('2026-02-28', 'MONTH')).toBe('2026-02');
    expect(label('2026-02-28', 'DAY')).toBe('2026-02-28');
    expect(dayString(periodStart(periodIndex(dayNumber('2026-08-15'), 'QUARTER'), 'QUARTER'))).toBe('2026-07-01');
  });

  it('finds the same period a year earlier', () => {
    const idx = (d: string, g: 'DAY' | 'WEEK' | 'MONTH' | 'QUARTER') => periodIndex(dayNumber(d), g);
    expect(periodLabel(yearAgoIndex(idx('2026-03-15', 'MONTH'), 'MONTH')!, 'MONTH')).toBe('2025-03');
    expect(periodLabel(yearAgoIndex(idx('2026-03-15', 'QUARTER'), 'QUARTER')!, 'QUARTER')).toBe('2025-Q1');
    expect(periodLabel(yearAgoIndex(idx('2026-03-04', 'WEEK'), 'WEEK')!, 'WEEK')).toBe('2025-W10');
    expect(yearAgoIndex(idx('2021-01-03', 'WEEK'), 'WEEK')).toBeNull(); // 2019 has no W53
    expect(periodLabel(yearAgoIndex(idx('2024-02-29', 'DAY'), 'DAY')!, 'DAY')).toBe('2023-02-28');
    expect(isoWeekIndex(2026, 53)).toBe(periodIndex(dayNumber('2026-12-28'), 'WEEK'));
  });

  it('parses KPI periods with their previous period of equal length', () => {
    expect(parseKpiPeriod('2027')).toEqual({ period: '2027', from: '2027-01-01', to: '2027-12-31', previous: '2026' });
    expect(parseKpiPeriod('2027-Q1')).toEqual({ period: '2027-Q1', from: '2027-01-01', to: '2027-03-31', previous: '2026-Q4' });
    expect(parseKpiPeriod('2028-02')).toEqual({ period: '2028-02', from: '2028-02-01', to: '2028-02-29', previous: '2028-01' });
    expect(() => parseKpiPeriod('2027-13')).toThrow(/period/);
    expect(() => parseKpiPeriod('Q1-2027')).toThrow(/period/);
  });

  it('round-trips KPI ids', () => {
    expect(parseKpiId('2027-Q1|REGION|CN-EAST')).toEqual({ period: '2027-Q1', kind: 'REGION', ref: 'CN-EAST' });
    expect(parseKpiId('2027|COMPANY|')).toEqual({ period: '2027', kind: 'COMPANY', ref: null });
    expect(kpiId({ period: '2027', kind: 'COMPANY', ref: null })).toBe('2027|COMPANY|');
    expect(() => parseKpiId('2027|PLANET|x')).toThrow();
    expect(() => parseKpiId('2027|REP|')).toThrow();
  });
});
