// Sales target rules: scopes, metrics, amounts, and which child a parent may have.
import { parseDecimal, ValidationError } from '@salesgraph/kernel';
import { normaliseRegionCode, requireId } from './sales-rep';
import { parsePeriod, periodContains, type Period } from './period';

export const SCOPE_KINDS = ['COMPANY', 'REGION', 'TEAM', 'REP', 'PRODUCT_LINE'] as const;
export type ScopeKind = (typeof SCOPE_KINDS)[number];
export const TARGET_METRICS = ['REVENUE', 'GROSS_MARGIN', 'NEW_CUSTOMERS'] as const;
export type TargetMetric = (typeof TARGET_METRICS)[number];

export interface Scope {
  kind: ScopeKind;
  /** '' for COMPANY; region code, team id, rep id or product line otherwise. */
  ref: string;
}

export function parseScope(input: { kind: string; ref?: string | null } | null | undefined, field = 'scope'): Scope {
  if (!input) return { kind: 'COMPANY', ref: '' };
  if (!SCOPE_KINDS.includes(input.kind as ScopeKind)) throw new ValidationError(`${field}.kind`, `scope kind must be one of ${SCOPE_KINDS.join(', ')}`);
  const kind = input.kind as ScopeKind;
  const ref = input.ref == null ? '' : String(input.ref).trim();
  switch (kind) {
    case 'COMPANY':
      if (ref) throw new ValidationError(`${field}.ref`, 'a COMPANY scope has no ref');
      return { kind, ref: '' };
    case 'REGION':
      return { kind, ref: normaliseRegionCode(ref, `${field}.ref`) };
    case 'TEAM':
    case 'REP':
      return { kind, ref: requireId(ref, `${field}.ref`) };
    case 'PRODUCT_LINE':
      if (!ref || ref.length > 60) throw new ValidationError(`${field}.ref`, 'a product line ref must be 1-60 characters');
      return { kind, ref };
  }
}

export function parseMetric(value: string, field = 'metric'): TargetMetric {
  if (!TARGET_METRICS.includes(value as TargetMetric)) throw new ValidationError(field, `metric must be one of ${TARGET_METRICS.join(', ')}`);
  return value as TargetMetric;
}

/** Money metrics are in minor units (2 decimals); NEW_CUSTOMERS is a whole count. */
export function metricScale(metric: TargetMetric): number {
  return metric === 'NEW_CUSTOMERS' ? 0 : 2;
}

export function parseTargetAmount(metric: TargetMetric, value: string, field = 'amount'): bigint {
  const text = String(value ?? '').trim();
  if (metric === 'NEW_CUSTOMERS' && !/^\d+$/.test(text)) throw new ValidationError(field, 'a NEW_CUSTOMERS target is a whole number of customers');
  const amount = parseDecimal(text, metricScale(metric), field);
  if (amount < 0n) throw new ValidationError(field, `${field} must not be negative`);
  if (metric !== 'NEW_CUSTOMERS' && parseDecimal(text, 4, field) !== amount * 100n) throw new ValidationError(field, `${field} has more than two decimals`);
  return amount;
}

export interface SetTargetInput {
  period: string;
  scope?: { kind: string; ref?: string | null } | null;
  metric: string;
  amount: string;
  parentId?: string | null;
}

export interface SetTargetCommand {
  period: Period;
  scope: Scope;
  metric: TargetMetric;
  amount: bigint;
  parentId: string | null;
}

export function validateSetTarget(input: SetTargetInput): SetTargetCommand {
  const period = parsePeriod(input.period, 'period');
  const scope = parseScope(input.scope);
  const metric = parseMetric(input.metric);
  const amount = parseTargetAmount(metric, input.amount);
  const parentId = input.parentId == null ? null : requireId(input.parentId, 'parentId');
  return { period, scope, metric, amount, parentId };
}

/** The breadth of a scope: a child may be as broad as its parent or narrower, never broader. */
const BREADTH: Record<ScopeKind, number> = { COMPANY: 0, REGION: 1, PRODUCT_LINE: 1, TEAM: 2, REP: 3 };

export interface OrgLookup {
  /** Region codes in the subtree of `code` (including itself). */
  regionSubtree(code: string): Set<string>;
  teamRegion(teamId: string): string | null;
  repTeam(repId: string): string | null;
  repRegion(repId: string): string | null;
}

/**
 * Whether a child target fits in its parent: a period within the parent's, the same metric,
 * and a scope inside the parent's scope. Returns the offending field, or null when it fits.
 */
export function childMisfit(parent: { period: Period; scope: Scope; metric: TargetMetric }, child: { period: Period; scope: Scope; metric: TargetMetric }, org: OrgLookup): 'period' | 'scope' | 'metric' | null {
  if (child.metric !== parent.metric) return 'metric';
  if (!periodContains(parent.period, child.period)) return 'period';
  const p = parent.scope;
  const c = child.scope;
  if (p.kind === 'COMPANY') return null;
  if (BREADTH[c.kind] < BREADTH[p.kind] || c.kind === 'COMPANY') return 'scope';
  if (p.kind === c.kind && p.kind !== 'REGION') return p.ref === c.ref ? null : 'scope';
  if (p.kind === 'PRODUCT_LINE') return 'scope';
  if (c.kind === 'PRODUCT_LINE') return 'scope';
  if (p.kind === 'REGION') {
    const subtree = org.regionSubtree(p.ref);
    const region = c.kind === 'REGION' ? c.ref : c.kind === 'TEAM' ? org.teamRegion(c.ref) : org.repRegion(c.ref);
    return region != null && subtree.has(region) ? null : 'scope';
  }
  if (p.kind === 'TEAM' && c.kind === 'REP') return org.repTeam(c.ref) === p.ref ? null : 'scope';
  return 'scope';
}
