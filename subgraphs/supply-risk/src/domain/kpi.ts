// The supply-risk part of the KPI overview (issue 9): parsing the shared SalesKpis id and the
// inventory turnover over a period. Pure: no I/O.
//
// Inventory turnover is UNITS-based: units that left stock by shipment in the period ÷ the
// time-weighted average units on hand over the period. (Unit costs reach this subgraph only with
// order lines, never with stock counts, so a value-based average would be unknown for stock of
// skus that were counted but never ordered.) The average is exact, not sampled: the stock movement
// ledger records every change of on-hand stock (SET / ADJUST / SHIP with its delta), so the on-hand
// level is a step function and its average over [from, to) is ∫ level dt / (to − from).
import { divideHalfEven, formatDecimal, ValidationError } from '@salesgraph/kernel';

export const KPI_SCOPE_KINDS = ['COMPANY', 'REGION', 'TEAM', 'REP', 'PRODUCT_LINE'] as const;
export type KpiScopeKind = (typeof KPI_SCOPE_KINDS)[number];

export interface KpiKey {
  id: string;
  period: string;
  kind: KpiScopeKind;
  ref: string | null;
  /** Inclusive start of the period (UTC). */
  from: Date;
  /** Exclusive end of the period (UTC). */
  to: Date;
}

const PERIOD = /^(\d{4})(?:-(Q[1-4]|0[1-9]|1[0-2]))?$/;

/** "2027" → the year, "2027-Q1" → the quarter, "2027-01" → the month; UTC bounds [from, to). */
export function parsePeriod(period: string, field = 'period'): { from: Date; to: Date } {
  const m = PERIOD.exec(String(period ?? '').trim());
  if (!m) throw new ValidationError(field, `${field} must be a year "2027", a quarter "2027-Q1" or a month "2027-01"`);
  const year = Number(m[1]);
  if (year < 1970 || year > 9999) throw new ValidationError(field, `${field} must be a year from 1970`);
  const part = m[2];
  if (!part) return { from: new Date(Date.UTC(year, 0, 1)), to: new Date(Date.UTC(year + 1, 0, 1)) };
  if (part.startsWith('Q')) {
    const q = Number(part.slice(1)) - 1;
    return { from: new Date(Date.UTC(year, q * 3, 1)), to: new Date(Date.UTC(year, q * 3 + 3, 1)) };
  }
  const month = Number(part) - 1;
  return { from: new Date(Date.UTC(year, month, 1)), to: new Date(Date.UTC(year, month + 1, 1)) };
}

/** Parses the SalesKpis id `${period}|${KIND}|${ref ?? ''}`. */
export function parseKpiId(id: string): KpiKey {
  const parts = String(id ?? '').split('|');
  if (parts.length !== 3) throw new ValidationError('id', 'a SalesKpis id is "period|KIND|ref", e.g. "2027-Q1|COMPANY|"');
  const [period, kind, rawRef] = parts as [string, string, string];
  if (!(KPI_SCOPE_KINDS as readonly string[]).includes(kind)) throw new ValidationError('id', `unknown KPI scope kind ${kind}`);
  const ref = rawRef.trim() === '' ? null : rawRef.trim();
  if (kind === 'COMPANY' && ref !== null) throw new ValidationError('id', 'the COMPANY scope takes no ref');
  if (kind !== 'COMPANY' && ref === null) throw new ValidationError('id', `the ${kind} scope needs a ref`);
  const { from, to } = parsePeriod(period, 'period');
  return { id, period, kind: kind as KpiScopeKind, ref, from, to };
}

/** Product lines are matched case- and space-insensitively: "Pumps", " pumps " and "PUMPS" are one line. */
export function productLineKey(value: string): string {
  return String(value ?? '').trim().replace(/\s+/g, ' ').toUpperCase();
}

export interface LevelChange {
  at: Date;
  delta: number;
}

/**
 * ∫ level dt over [from, to) in unit·milliseconds, for a level that is `opening` at `from` and
 * changes by each delta at its time (changes outside [from, to) are ignored; the caller folds
 * earlier ones into `opening`). Exact (bigint).
 */
export function levelIntegral(opening: number, changes: LevelChange[], from: Date, to: Date): bigint {
  const start = from.getTime();
  const end = to.getTime();
  if (end <= start) return 0n;
  const inside = changes.filter((c) => c.at.getTime() >= start && c.at.getTime() < end).sort((a, b) => a.at.getTime() - b.at.getTime());
  let level = BigInt(opening);
  let t = start;
  let area = 0n;
  for (const c of inside) {
    area += level * BigInt(c.at.getTime() - t);
    level += BigInt(c.delta);
    t = c.at.getTime();
  }
  return area + level * BigInt(end - t);
}

export interface TurnoverInput {
  /** Stock movements of the scope's skus up to `to` (any earlier ones form the opening level). */
  movements: (LevelChange & { kind: string })[];
  from: Date;
  /** The period's end, or now when the period is still running. */
  to: Date;
}

/**
 * Units shipped in [from, to) ÷ average units on hand over [from, to), two places (half-even).
 * Null when it cannot be computed: the window is empty (a future period) or nothing was on hand.
 */
export function inventoryTurnover(input: TurnoverInput): string | null {
  const start = input.from.getTime();
  const end = input.to.getTime();
  if (end <= start) return null;
  let opening = 0;
  let shipped = 0;
  const inside: LevelChange[] = [];
  for (const m of input.movements) {
    const t = m.at.getTime();
    if (t < start) opening += m.delta;
    else if (t < end) {
      inside.push(m);
      if (m.kind === 'SHIP') shipped -= m.delta;
    }
  }
  const area = levelIntegral(opening, inside, input.from, input.to);
  if (area <= 0n) return null;
  // shipped / (area / duration) = shipped · duration / area
  return formatDecimal(divideHalfEven(BigInt(shipped) * BigInt(end - start) * 100n, area), 2);
}

/** The window a KPI reads: the period, cut at `now` while it runs; empty for a future period. */
export function kpiWindow(key: { from: Date; to: Date }, now: Date): { from: Date; to: Date } {
  return { from: key.from, to: new Date(Math.min(key.to.getTime(), now.getTime())) };
}
