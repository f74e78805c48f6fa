// Calendar periods for sales analysis (UTC): days since 1970-01-01, ISO weeks, months, quarters,
// years; their labels; period-over-period and year-over-year neighbours; KPI period/scope ids.
import { ValidationError } from '@salesgraph/kernel';

export type TrendGranularity = 'DAY' | 'WEEK' | 'MONTH' | 'QUARTER';

const DAY_MS = 86_400_000;
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** "YYYY-MM-DD" → days since 1970-01-01. */
export function dayNumber(date: string): number {
  return Math.floor(Date.parse(`${date.slice(0, 10)}T00:00:00.000Z`) / DAY_MS);
}

export function dayString(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function ymd(day: number) {
  const d = new Date(day * DAY_MS);
  return { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate() };
}

/** Monday-based week index (week 0 starts Monday 1969-12-29). */
const weekIndex = (day: number) => Math.floor((day + 3) / 7);
const mondayOfWeek = (w: number) => w * 7 - 3;

/** ISO-8601 year and week of the week with index w. */
export function isoWeekOf(w: number): { year: number; week: number } {
  const thursday = mondayOfWeek(w) + 3;
  const { y } = ymd(thursday);
  const jan1 = Math.floor(Date.UTC(y, 0, 1) / DAY_MS);
  return { year: y, week: Math.floor((thursday - jan1) / 7) + 1 };
}

/** Index of ISO week `week` of ISO year `year`, or null when that year has no such week. */
export function isoWeekIndex(year: number, week: number): number | null {
  const jan4 = Math.floor(Date.UTC(year, 0, 4) / DAY_MS);
  const w = weekIndex(jan4) + week - 1;
  const iso = isoWeekOf(w);
  return iso.year === year && iso.week === week ? w : null;
}

/** An integer that grows by one per period. */
export function periodIndex(day: number, g: TrendGranularity): number {
  if (g === 'DAY') return day;
  if (g === 'WEEK') return weekIndex(day);
  const { y, m } = ymd(day);
  return g === 'MONTH' ? (y - 1970) * 12 + (m - 1) : (y - 1970) * 4 + Math.floor((m - 1) / 3);
}

export function periodLabel(index: number, g: TrendGranularity): string {
  switch (g) {
    case 'DAY':
      return dayString(index);
    case 'WEEK': {
      const { year, week } = isoWeekOf(index);
      return `${year}-W${pad(week)}`;
    }
    case 'MONTH':
      return `${1970 + Math.floor(index / 12)}-${pad((((index % 12) + 12) % 12) + 1)}`;
    case 'QUARTER':
      return `${1970 + Math.floor(index / 4)}-Q${(((index % 4) + 4) % 4) + 1}`;
  }
}

/** First day of the period. */
export function periodStart(index: number, g: TrendGranularity): number {
  if (g === 'DAY') return index;
  if (g === 'WEEK') return mondayOfWeek(index);
  const months = g === 'MONTH' ? index : index * 3;
  return Math.floor(Date.UTC(1970 + Math.floor(months / 12), ((months % 12) + 12) % 12, 1) / DAY_MS);
}

/** The same period one year earlier (same ISO week; same date, 29 Feb → 28 Feb), or null when none exists. */
export function yearAgoIndex(index: number, g: TrendGranularity): number | null {
  switch (g) {
    case 'MONTH':
      return index - 12;
    case 'QUARTER':
      return index - 4;
    case 'WEEK': {
      const { year, week } = isoWeekOf(index);
      return isoWeekIndex(year - 1, week);
    }
    case 'DAY': {
      const { y, m, d } = ymd(index);
      const last = new Date(Date.UTC(y - 1, m, 0)).getUTCDate();
      return Math.floor(Date.UTC(y - 1, m - 1, Math.min(d, last)) / DAY_MS);
    }
  }
}

// ---------------------------------------------------------------- KPI periods and ids

export type KpiScopeKind = 'COMPANY' | 'REGION' | 'TEAM' | 'REP' | 'PRODUCT_LINE';
export const KPI_SCOPE_KINDS: readonly KpiScopeKind[] = ['COMPANY', 'REGION', 'TEAM', 'REP', 'PRODUCT_LINE'];

export interface KpiPeriod {
  period: string;
  /** First and last day (inclusive), "YYYY-MM-DD". */
  from: string;
  to: string;
  /** The previous period of equal length ("2026" → "2025", "2027-Q1" → "2026-Q4", "2027-01" → "2026-12"). */
  previous: string;
}

/** Parses "2027", "2027-Q1" or "2027-01". */
export function parseKpiPeriod(value: string, field = 'period'): KpiPeriod {
  const text = String(value).trim();
  let m = /^(\d{4})$/.exec(text);
  if (m) {
    const y = Number(m[1]);
    return { period: text, from: `${y}-01-01`, to: `${y}-12-31`, previous: String(y - 1) };
  }
  m = /^(\d{4})-Q([1-4])$/.exec(text);
  if (m) {
    const q = (Number(m[1]) - 1970) * 4 + Number(m[2]) - 1;
    return { period: text, from: dayString(periodStart(q, 'QUARTER')), to: dayString(periodStart(q + 1, 'QUARTER') - 1), previous: periodLabel(q - 1, 'QUARTER') };
  }
  m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(text);
  if (m) {
    const i = (Number(m[1]) - 1970) * 12 + Number(m[2]) - 1;
    return { period: text, from: dayString(periodStart(i, 'MONTH')), to: dayString(periodStart(i + 1, 'MONTH') - 1), previous: periodLabel(i - 1, 'MONTH') };
  }
  throw new ValidationError(field, `${field} must be a year, quarter or month such as "2027", "2027-Q1" or "2027-01", got ${JSON.stringify(value)}`);
}

export interface KpiKey {
  period: string;
  kind: KpiScopeKind;
  ref: string | null;
}

export function kpiId(k: KpiKey): string {
  return `${k.period}|${k.kind}|${k.ref ?? ''}`;
}

/** Parses "period|KIND|ref" (ref empty for COMPANY). */
export function parseKpiId(id: string): KpiKey {
  const parts = String(id).split('|');
  if (parts.length !== 3) throw new ValidationError('id', `SalesKpis id must be "period|KIND|ref", got ${JSON.stringify(id)}`);
  const [period, kind, ref] = parts as [string, string, string];
  parseKpiPeriod(period, 'id');
  if (!(KPI_SCOPE_KINDS as readonly string[]).includes(kind)) throw new ValidationError('id', `unknown scope kind ${kind}`);
  if (kind === 'COMPANY' && ref !== '') throw new ValidationError('id', 'a COMPANY scope has no ref');
  if (kind !== 'COMPANY' && ref === '') throw new ValidationError('id', `a ${kind} scope needs a ref`);
  return { period, kind: kind as KpiScopeKind, ref: ref === '' ? null : ref };
}
