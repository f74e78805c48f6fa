// Regular time series: validation, seasonal periods, aggregation of dated facts into periods,
// and period labels.

import { InvalidParameter, InvalidSeries } from './errors';

export type Granularity = 'DAY' | 'WEEK' | 'MONTH' | 'QUARTER';

/** A regular series: one value per period, oldest first. */
export interface Series {
  values: number[];
  /** One label per value, e.g. "2024-03" (MONTH), "2024-W09" (WEEK), "2024-Q1", "2024-03-05" (DAY). */
  labels: string[];
  granularity: Granularity;
  /** Seasonal period m (12 monthly, 52 weekly, 4 quarterly, 7 daily). */
  seasonalPeriod: number;
}

/** Seasonal period m of a granularity: MONTH 12, WEEK 52, QUARTER 4, DAY 7 (weekly cycle). */
export function seasonalPeriodOf(granularity: Granularity): number {
  switch (granularity) {
    case 'MONTH':
      return 12;
    case 'WEEK':
      return 52;
    case 'QUARTER':
      return 4;
    case 'DAY':
      return 7;
  }
}

/** Throws InvalidSeries unless every value is a finite number. */
export function assertFiniteSeries(values: readonly number[], field = 'history'): void {
  if (!Array.isArray(values)) throw new InvalidSeries('history must be an array of numbers', {}, field);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new InvalidSeries(`history value at index ${i} is not a finite number (${String(v)})`, { index: i, value: v }, field);
  }
}

/** Throws InvalidParameter unless `value` is an integer in [min, max]. */
export function assertInteger(field: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InvalidParameter(field, `${field} must be an integer between ${min} and ${max}, got ${String(value)}`, { value, min, max });
  }
}

/** Throws InvalidParameter unless `value` is a number in [min, max]. */
export function assertInRange(field: string, value: number, min: number, max: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new InvalidParameter(field, `${field} must be between ${min} and ${max}, got ${String(value)}`, { value, min, max });
  }
}

// ---- calendar helpers (UTC, proleptic Gregorian, days since 1970-01-01) ----

function parseDay(date: string | Date, field: string): number {
  if (date instanceof Date) {
    const t = date.getTime();
    if (!Number.isFinite(t)) throw new InvalidSeries('invalid date', { date: String(date) }, field);
    return Math.floor(t / 86_400_000);
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (!m) throw new InvalidSeries(`invalid date "${date}" (expected YYYY-MM-DD)`, { date }, field);
  return Math.floor(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 86_400_000);
}

function ymd(day: number): { y: number; m: number; d: number } {
  const dt = new Date(day * 86_400_000);
  return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() };
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** ISO-8601 week label of the week containing `day`, e.g. "2024-W09". */
function isoWeekLabel(day: number): string {
  const dow = (((day + 3) % 7) + 7) % 7; // 0 = Monday (1970-01-01 was a Thursday)
  const thursday = day - dow + 3;
  const { y } = ymd(thursday);
  const jan1 = Math.floor(Date.UTC(y, 0, 1) / 86_400_000);
  return `${y}-W${pad(Math.floor((thursday - jan1) / 7) + 1)}`;
}

/** Period index of a day: an integer that increases by one per period (months since 1970, Monday-weeks since 1970, ...). */
function periodIndex(day: number, g: Granularity): number {
  switch (g) {
    case 'DAY':
      return day;
    case 'WEEK':
      return Math.floor((day + 3) / 7); // weeks starting Monday (1969-12-29)
    case 'MONTH': {
      const { y, m } = ymd(day);
      return (y - 1970) * 12 + (m - 1);
    }
    case 'QUARTER': {
      const { y, m } = ymd(day);
      return (y - 1970) * 4 + Math.floor((m - 1) / 3);
    }
  }
}

/** Label of a period index (inverse of periodIndex's grouping). */
export function periodLabel(index: number, g: Granularity): string {
  switch (g) {
    case 'DAY': {
      const { y, m, d } = ymd(index);
      return `${y}-${pad(m)}-${pad(d)}`;
    }
    case 'WEEK':
      return isoWeekLabel(index * 7 - 3);
    case 'MONTH':
      return `${1970 + Math.floor(index / 12)}-${pad((((index % 12) + 12) % 12) + 1)}`;
    case 'QUARTER':
      return `${1970 + Math.floor(index / 4)}-Q${(((index % 4) + 4) % 4) + 1}`;
  }
}

export interface DatedFact {
  /** "YYYY-MM-DD" (anything after the date is ignored) or a Date (UTC day). */
  date: string | Date;
  value: number;
}

export interface AggregateOptions {
  /** First day to include (inclusive); default: the earliest fact. Periods start at the period containing it. */
  from?: string | Date;
  /** Last day to include (inclusive); default: the latest fact. */
  to?: string | Date;
}

/**
 * Sums dated facts into a regular series at the given granularity. Periods without facts are
 * filled with 0 (no sales is a real observation), so the result has no gaps. Facts outside
 * [from, to] are ignored. Throws InvalidSeries for a non-finite value or an invalid date.
 */
export function aggregateFacts(facts: readonly DatedFact[], granularity: Granularity, options: AggregateOptions = {}): Series & { firstPeriodIndex: number } {
  const fromDay = options.from !== undefined ? parseDay(options.from, 'from') : undefined;
  const toDay = options.to !== undefined ? parseDay(options.to, 'to') : undefined;
  if (fromDay !== undefined && toDay !== undefined && fromDay > toDay) throw new InvalidParameter('to', 'to must not be before from', {});
  const sums = new Map<number, number>();
  let minP = fromDay !== undefined ? periodIndex(fromDay, granularity) : Infinity;
  let maxP = toDay !== undefined ? periodIndex(toDay, granularity) : -Infinity;
  const scanMin = fromDay === undefined;
  const scanMax = toDay === undefined;
  // Facts share dates (many a day): each distinct date string is parsed and placed once.
  // Value: the period index, or NaN when the day is outside [from, to].
  // Sorted input repeats the previous fact's date most of the time: that is checked first.
  const periodOfDate = new Map<string, number>();
  let lastDate: string | undefined;
  let lastPeriod = NaN;
  for (let i = 0; i < facts.length; i++) {
    const f = facts[i]!;
    if (typeof f.value !== 'number' || !Number.isFinite(f.value)) throw new InvalidSeries(`fact ${i} has a non-finite value`, { index: i }, 'facts');
    let p: number | undefined;
    if (typeof f.date === 'string') p = f.date === lastDate ? lastPeriod : periodOfDate.get(f.date);
    if (p === undefined) {
      const day = parseDay(f.date, 'facts');
      p = (fromDay !== undefined && day < fromDay) || (toDay !== undefined && day > toDay) ? NaN : periodIndex(day, granularity);
      if (typeof f.date === 'string') periodOfDate.set(f.date, p);
    }
    if (typeof f.date === 'string') {
      lastDate = f.date;
      lastPeriod = p;
    }
    if (Number.isNaN(p)) continue;
    sums.set(p, (sums.get(p) ?? 0) + f.value);
    if (scanMin && p < minP) minP = p;
    if (scanMax && p > maxP) maxP = p;
  }
  const values: number[] = [];
  const labels: string[] = [];
  if (Number.isFinite(minP) && Number.isFinite(maxP)) {
    for (let p = minP; p <= maxP; p++) {
      values.push(sums.get(p) ?? 0);
      labels.push(periodLabel(p, granularity));
    }
  }
  return { values, labels, granularity, seasonalPeriod: seasonalPeriodOf(granularity), firstPeriodIndex: Number.isFinite(minP) ? minP : 0 };
}

/** Labels of the `count` periods following a series produced by aggregateFacts. */
export function futureLabels(series: { firstPeriodIndex: number; values: readonly number[]; granularity: Granularity }, count: number): string[] {
  const next = series.firstPeriodIndex + series.values.length;
  return Array.from({ length: count }, (_, i) => periodLabel(next + i, series.granularity));
}
