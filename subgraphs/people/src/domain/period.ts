// Sales periods: "2027" (year), "2027-Q1" (quarter), "2027-01" (month). Pure and UTC.
import { ValidationError } from '@salesgraph/kernel';

export type PeriodKind = 'YEAR' | 'QUARTER' | 'MONTH';

export interface Period {
  text: string;
  kind: PeriodKind;
  year: number;
  /** Quarter 1-4 or month 1-12; 0 for a year. */
  index: number;
  /** First instant of the period (UTC). */
  start: Date;
  /** First instant after the period (UTC, exclusive). */
  end: Date;
}

const YEAR = /^(\d{4})$/;
const QUARTER = /^(\d{4})-Q([1-4])$/;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

function make(kind: PeriodKind, year: number, index: number): Period {
  if (kind === 'YEAR') return { text: String(year), kind, year, index: 0, start: new Date(Date.UTC(year, 0, 1)), end: new Date(Date.UTC(year + 1, 0, 1)) };
  if (kind === 'QUARTER') return { text: `${year}-Q${index}`, kind, year, index, start: new Date(Date.UTC(year, (index - 1) * 3, 1)), end: new Date(Date.UTC(year, index * 3, 1)) };
  return { text: `${year}-${String(index).padStart(2, '0')}`, kind, year, index, start: new Date(Date.UTC(year, index - 1, 1)), end: new Date(Date.UTC(year, index, 1)) };
}

export function parsePeriod(value: string, field = 'period'): Period {
  const text = typeof value === 'string' ? value.trim().toUpperCase() : '';
  let m = YEAR.exec(text);
  const valid = (y: number) => y >= 1970 && y <= 9999;
  if (m && valid(Number(m[1]))) return make('YEAR', Number(m[1]), 0);
  m = QUARTER.exec(text);
  if (m && valid(Number(m[1]))) return make('QUARTER', Number(m[1]), Number(m[2]));
  m = MONTH.exec(text);
  if (m && valid(Number(m[1]))) return make('MONTH', Number(m[1]), Number(m[2]));
  throw new ValidationError(field, `${field} must be a year "2027", a quarter "2027-Q1" or a month "2027-01", got ${JSON.stringify(value)}`);
}

/** The months a period covers, as "YYYY-MM" strings, in order. */
export function monthsOf(p: Period): string[] {
  if (p.kind === 'MONTH') return [p.text];
  const first = p.kind === 'YEAR' ? 1 : (p.index - 1) * 3 + 1;
  const count = p.kind === 'YEAR' ? 12 : 3;
  return Array.from({ length: count }, (_, i) => make('MONTH', p.year, first + i).text);
}

export function quartersOf(p: Period): string[] {
  if (p.kind !== 'YEAR') return [];
  return [1, 2, 3, 4].map((q) => make('QUARTER', p.year, q).text);
}

/** The sub-periods of `p` one level down in the given dimension; [] when there are none. */
export function subPeriods(p: Period, into: 'QUARTERS' | 'MONTHS'): string[] {
  if (into === 'QUARTERS') return quartersOf(p);
  return p.kind === 'MONTH' ? [] : monthsOf(p);
}

/** true when `inner` lies within `outer` (a period contains itself). */
export function periodContains(outer: Period, inner: Period): boolean {
  return inner.start.getTime() >= outer.start.getTime() && inner.end.getTime() <= outer.end.getTime();
}

/** The same period one year earlier ("2027-Q2" → "2026-Q2"). */
export function previousYear(p: Period): Period {
  return make(p.kind, p.year - 1, p.index);
}

/** "YYYY-MM" of an instant (UTC). */
export function monthOf(at: Date): string {
  return `${at.getUTCFullYear()}-${String(at.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** Month number 1-12 of a "YYYY-MM" string. */
export function monthNumber(month: string): number {
  return Number(month.slice(5, 7));
}

/** Ordering key: longer periods first, then chronological. */
export function periodRank(p: Period): number {
  return p.kind === 'YEAR' ? 0 : p.kind === 'QUARTER' ? 1 : 2;
}
