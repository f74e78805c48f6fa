// The sales pipeline: opportunity stages, legal moves, and the per-stage weighted summary.
import { divideHalfEven, ValidationError } from '@salesgraph/kernel';

export const OPPORTUNITY_STAGES = ['QUALIFICATION', 'NEEDS_ANALYSIS', 'PROPOSAL', 'NEGOTIATION', 'WON', 'LOST'] as const;
export type OpportunityStage = (typeof OPPORTUNITY_STAGES)[number];

export function isClosedStage(stage: OpportunityStage): boolean {
  return stage === 'WON' || stage === 'LOST';
}

/** Open stages move to any other stage; WON and LOST are final. */
export function validateStageMove(from: OpportunityStage, to: string, lostReason: string | null | undefined): { to: OpportunityStage; lostReason: string | null } {
  if (!(OPPORTUNITY_STAGES as readonly string[]).includes(to)) throw new ValidationError('stage', `stage must be one of ${OPPORTUNITY_STAGES.join(', ')}`);
  if (isClosedStage(from)) throw new ValidationError('stage', `the opportunity is ${from}; a closed opportunity cannot move to ${to}`, { from });
  if (from === to) throw new ValidationError('stage', `the opportunity is already in ${to}`, { from });
  const reason = lostReason?.trim() || null;
  if (to === 'LOST' && !reason) throw new ValidationError('lostReason', 'a lost opportunity needs a lostReason');
  if (to !== 'LOST' && reason) throw new ValidationError('lostReason', 'lostReason is only for LOST');
  if (reason && reason.length > 500) throw new ValidationError('lostReason', 'lostReason must be at most 500 characters');
  return { to: to as OpportunityStage, lostReason: reason };
}

export interface PipelineStageSummary {
  stage: OpportunityStage;
  probability: number;
  count: number;
  amountMinor: bigint;
  weightedAmountMinor: bigint;
}

export function weightedAmount(amountMinor: bigint, probabilityPercent: number): bigint {
  return divideHalfEven(amountMinor * BigInt(Math.round(probabilityPercent * 100)), 10_000n);
}

export function summarisePipeline(rows: { stage: OpportunityStage; amountMinor: bigint }[], probabilities: Record<OpportunityStage, number>): PipelineStageSummary[] {
  return OPPORTUNITY_STAGES.map((stage) => {
    const of = rows.filter((r) => r.stage === stage);
    const amountMinor = of.reduce((s, r) => s + r.amountMinor, 0n);
    return { stage, probability: probabilities[stage], count: of.length, amountMinor, weightedAmountMinor: weightedAmount(amountMinor, probabilities[stage]) };
  });
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function validateDate(value: string, field: string): string {
  if (!ISO_DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)) || new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value) {
    throw new ValidationError(field, `${field} must be a date YYYY-MM-DD`);
  }
  return value;
}

export function validateTitle(title: string): string {
  const t = title.trim();
  if (!t) throw new ValidationError('title', 'title must not be empty');
  if (t.length > 200) throw new ValidationError('title', 'title must be at most 200 characters');
  return t;
}
