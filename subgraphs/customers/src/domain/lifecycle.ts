// Lifecycle stages and the rules that move a customer between them.
//
// By hand, a person may make the moves in MANUAL_MOVES (with a reason). By rule:
// - an approved order makes a customer ACTIVE (first order, or ordering again after
//   AT_RISK/CHURNED) unless its churn risk is HIGH;
// - otherwise rules only ever worsen the stage: no order for `atRiskAfterDays` or a HIGH
//   churn risk moves ACTIVE → AT_RISK, no order for `churnedAfterDays` moves ACTIVE or
//   AT_RISK → CHURNED. A customer without orders (LEAD, PROSPECT) is left to people.
import { ValidationError } from '@salesgraph/kernel';
import type { ChurnLevel } from './churn';
import { daysBetween, type CustomersSettings } from './settings';

export const LIFECYCLE_STAGES = ['LEAD', 'PROSPECT', 'ACTIVE', 'AT_RISK', 'CHURNED'] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

export const MANUAL_MOVES: Record<LifecycleStage, readonly LifecycleStage[]> = {
  LEAD: ['PROSPECT', 'ACTIVE', 'CHURNED'],
  PROSPECT: ['LEAD', 'ACTIVE', 'CHURNED'],
  ACTIVE: ['AT_RISK', 'CHURNED'],
  AT_RISK: ['ACTIVE', 'CHURNED'],
  CHURNED: ['PROSPECT', 'ACTIVE'],
};

export function validateManualMove(from: LifecycleStage, to: string, reason: string): { to: LifecycleStage; reason: string } {
  if (!(LIFECYCLE_STAGES as readonly string[]).includes(to)) throw new ValidationError('stage', `stage must be one of ${LIFECYCLE_STAGES.join(', ')}`);
  const trimmed = reason.trim();
  if (!trimmed) throw new ValidationError('reason', 'a manual lifecycle move needs a reason');
  if (trimmed.length > 500) throw new ValidationError('reason', 'reason must be at most 500 characters');
  if (!MANUAL_MOVES[from].includes(to as LifecycleStage)) {
    throw new ValidationError('stage', `cannot move a customer from ${from} to ${to}; allowed: ${MANUAL_MOVES[from].join(', ') || 'none'}`, { from });
  }
  return { to: to as LifecycleStage, reason: trimmed };
}

export interface LifecycleFacts {
  stage: LifecycleStage;
  lastOrderAt: Date | null;
  churnLevel: ChurnLevel;
  now: Date;
  /** true when this evaluation follows a newly approved order. */
  newOrder: boolean;
}

export interface LifecycleMove {
  to: LifecycleStage;
  reason: string;
}

export function ruleLifecycleMove(f: LifecycleFacts, s: Pick<CustomersSettings, 'atRiskAfterDays' | 'churnedAfterDays'>): LifecycleMove | null {
  const move = (to: LifecycleStage, reason: string): LifecycleMove | null => (to === f.stage ? null : { to, reason });
  if (f.newOrder) {
    if (f.churnLevel === 'HIGH') return f.stage === 'ACTIVE' ? move('AT_RISK', 'churn risk is HIGH') : f.stage === 'AT_RISK' ? null : move('AT_RISK', 'ordered, but churn risk is HIGH');
    if (f.stage === 'LEAD' || f.stage === 'PROSPECT') return move('ACTIVE', 'first approved order');
    return move('ACTIVE', f.stage === 'ACTIVE' ? '' : 'ordered again');
  }
  if (!f.lastOrderAt || (f.stage !== 'ACTIVE' && f.stage !== 'AT_RISK')) return null;
  const idle = daysBetween(f.lastOrderAt, f.now);
  if (idle >= s.churnedAfterDays) return move('CHURNED', `no order for ${idle} days (churned after ${s.churnedAfterDays})`);
  if (f.stage === 'ACTIVE' && idle >= s.atRiskAfterDays) return move('AT_RISK', `no order for ${idle} days (at risk after ${s.atRiskAfterDays})`);
  if (f.stage === 'ACTIVE' && f.churnLevel === 'HIGH') return move('AT_RISK', 'churn risk is HIGH');
  return null;
}
