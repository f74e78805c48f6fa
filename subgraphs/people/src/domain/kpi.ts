// The KPI overview's key ("period|KIND|ref", owned by orders) and the people KPIs:
// target revenue, attainment and pipeline coverage.
import { divideHalfEven, formatDecimal, ValidationError } from '@salesgraph/kernel';
import { percentOf } from './attainment';
import { parsePeriod, type Period } from './period';
import { parseScope, type Scope } from './target';

export interface KpiKey {
  id: string;
  period: Period;
  scope: Scope;
}

/** Parses "2027-Q1|REGION|CN-EAST" / "2027|COMPANY|"; BAD_USER_INPUT naming `id` when malformed. */
export function parseKpiId(id: string): KpiKey {
  const parts = typeof id === 'string' ? id.split('|') : [];
  if (parts.length !== 3) throw new ValidationError('id', `a SalesKpis id is "period|KIND|ref", got ${JSON.stringify(id)}`);
  const [periodText, kind, ref] = parts as [string, string, string];
  const period = parsePeriod(periodText, 'period');
  const scope = parseScope({ kind, ref: ref === '' ? null : ref }, 'scope');
  return { id, period, scope };
}

export interface PeopleKpis {
  /** The REVENUE target of the period and scope; null without one. */
  targetRevenue: bigint | null;
  /** actual ÷ target × 100, two places; null without a target or for a zero target. */
  targetAttainmentPercent: string | null;
  /** What is left to reach the target (target − actual, not below 0); null without a target. */
  remainingTarget: bigint | null;
}

export function peopleKpis(target: bigint | null, actual: bigint): PeopleKpis {
  if (target == null) return { targetRevenue: null, targetAttainmentPercent: null, remainingTarget: null };
  const remaining = target - actual;
  return { targetRevenue: target, targetAttainmentPercent: percentOf(actual, target), remainingTarget: remaining > 0n ? remaining : 0n };
}

/**
 * Weighted pipeline ÷ remaining target as a ratio with two places ("1.25" = the pipeline covers
 * 1.25 times what is left). null without a target, without a pipeline, or when nothing is left
 * to reach (the target is already met: coverage is undefined).
 */
export function pipelineCoverage(weightedPipeline: bigint | null, remainingTarget: bigint | null): string | null {
  if (weightedPipeline == null || remainingTarget == null || remainingTarget <= 0n) return null;
  return formatDecimal(divideHalfEven(weightedPipeline * 100n, remainingTarget), 2);
}
