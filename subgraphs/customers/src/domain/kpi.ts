// The customers' KPIs of the shared SalesKpis overview (issue 9), as pure functions.
//
// - conversionRatePercent: opportunities WON / (WON + LOST) among those closed in the period.
// - weightedPipeline: open opportunities expected to close in the period, each amount times its
//   stage probability (rounded per opportunity, as Opportunity.weightedAmount).
// - retentionRatePercent: of the customers with an approved order in the 12 months before the
//   period (the base),
//   the share with an approved order in the period; churnRatePercent = the rest of the base.
// - averageCsat: mean CSAT (1..5) of surveys in the period; nps: % promoters (9-10) minus
//   % detractors (0-6) of NPS answers in the period.
// - newCustomers: customers created in the period.
// Ratios with no base (nothing closed, no surveys, no earlier buyers) are null, never 0.
import { divideHalfEven, formatDecimal, isUuid, ValidationError } from '@salesgraph/kernel';

export const KPI_SCOPE_KINDS = ['COMPANY', 'REGION', 'TEAM', 'REP', 'PRODUCT_LINE'] as const;
export type KpiScopeKind = (typeof KPI_SCOPE_KINDS)[number];

export interface Period {
  label: string;
  from: Date;
  /** Exclusive. */
  to: Date;
  /** Inclusive calendar dates, YYYY-MM-DD. */
  firstDay: string;
  lastDay: string;
}

export interface KpiKey {
  period: Period;
  kind: KpiScopeKind;
  ref: string | null;
}

const PERIOD = /^(\d{4})(?:-(?:Q([1-4])|(0[1-9]|1[0-2])))?$/;

export function parsePeriod(value: string, field = 'period'): Period {
  const m = PERIOD.exec(value.trim());
  if (!m) throw new ValidationError(field, 'period must be a year ("2027"), a quarter ("2027-Q1") or a month ("2027-01")');
  const year = Number(m[1]);
  const [startMonth, months] = m[2] ? [(Number(m[2]) - 1) * 3, 3] : m[3] ? [Number(m[3]) - 1, 1] : [0, 12];
  const from = new Date(Date.UTC(year, startMonth, 1));
  const to = new Date(Date.UTC(year, startMonth + months, 1));
  const day = (d: Date) => d.toISOString().slice(0, 10);
  return { label: value.trim(), from, to, firstDay: day(from), lastDay: day(new Date(to.getTime() - 86_400_000)) };
}

export function validateKpiScope(kind: string, ref: string | null | undefined, field = 'scope'): { kind: KpiScopeKind; ref: string | null } {
  if (!(KPI_SCOPE_KINDS as readonly string[]).includes(kind)) throw new ValidationError(`${field}.kind`, `scope kind must be one of ${KPI_SCOPE_KINDS.join(', ')}`);
  const r = ref?.trim() || null;
  const k = kind as KpiScopeKind;
  if (k === 'COMPANY') {
    if (r) throw new ValidationError(`${field}.ref`, 'a COMPANY scope has no ref');
    return { kind: k, ref: null };
  }
  if (!r) throw new ValidationError(`${field}.ref`, `a ${k} scope needs a ref`);
  if ((k === 'REP' || k === 'TEAM') && !isUuid(r)) throw new ValidationError(`${field}.ref`, `a ${k} scope ref must be an id`);
  if (k === 'REGION' && !/^[A-Z0-9][A-Z0-9-]{1,19}$/.test(r.toUpperCase())) throw new ValidationError(`${field}.ref`, 'a REGION scope ref must be a region code');
  return { kind: k, ref: k === 'REGION' ? r.toUpperCase() : k === 'PRODUCT_LINE' ? r : r.toLowerCase() };
}

/** `${period}|${KIND}|${ref ?? ''}`, e.g. "2027-Q1|REGION|CN-EAST" or "2027|COMPANY|". */
export function parseKpiId(id: string): KpiKey {
  const parts = id.split('|');
  if (parts.length !== 3) throw new ValidationError('id', 'a SalesKpis id is "period|KIND|ref"');
  const period = parsePeriod(parts[0]!, 'id');
  const scope = validateKpiScope(parts[1]!, parts[2], 'id');
  return { period, ...scope };
}

export const kpiId = (period: string, kind: KpiScopeKind, ref: string | null) => `${period}|${kind}|${ref ?? ''}`;

/** part / whole as a percentage with two places (banker's rounding); null without a whole. */
export function percentOf(part: number, whole: number): string | null {
  if (whole <= 0) return null;
  return formatDecimal(divideHalfEven(BigInt(part) * 10_000n, BigInt(whole)));
}

export function conversionRate(closedStages: readonly string[]): string | null {
  const won = closedStages.filter((s) => s === 'WON').length;
  return percentOf(won, closedStages.length);
}

export function retention(baseCustomerIds: ReadonlySet<string>, buyersInPeriod: ReadonlySet<string>): { retention: string | null; churn: string | null } {
  const base = baseCustomerIds.size;
  const kept = [...baseCustomerIds].filter((id) => buyersInPeriod.has(id)).length;
  return { retention: percentOf(kept, base), churn: percentOf(base - kept, base) };
}

export function averageCsat(scores: readonly number[]): string | null {
  if (!scores.length) return null;
  return formatDecimal(divideHalfEven(BigInt(scores.reduce((a, b) => a + b, 0)) * 100n, BigInt(scores.length)));
}

export function netPromoterScore(scores: readonly number[]): string | null {
  if (!scores.length) return null;
  const promoters = scores.filter((s) => s >= 9).length;
  const detractors = scores.filter((s) => s <= 6).length;
  return formatDecimal(divideHalfEven(BigInt(promoters - detractors) * 10_000n, BigInt(scores.length)));
}
