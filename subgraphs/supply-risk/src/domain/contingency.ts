// Contingency plans: defined against a risk, activated once, completed when every action is done.
import { ConflictError, ValidationError } from '@salesgraph/kernel';
import { text, uuid } from './common';

export type ContingencyPlanStatus = 'DEFINED' | 'ACTIVE' | 'COMPLETED';
export type ContingencyActionStatus = 'PENDING' | 'IN_PROGRESS' | 'DONE';

export interface DefineContingencyPlanInput {
  riskId: string;
  trigger: string;
  actions: { title: string; ownerId?: string | null }[];
}

export function validateContingencyPlan(input: DefineContingencyPlanInput): { riskId: string; trigger: string; actions: { title: string; ownerId: string | null }[] } {
  const riskId = uuid(input.riskId, 'riskId');
  const trigger = text(input.trigger, 'trigger', 1000, { multiline: true });
  if (!input.actions.length || input.actions.length > 50) throw new ValidationError('actions', 'a plan has 1-50 actions');
  const actions = input.actions.map((a, i) => ({ title: text(a.title, `actions[${i}].title`, 200), ownerId: a.ownerId == null ? null : uuid(a.ownerId, `actions[${i}].ownerId`) }));
  return { riskId, trigger, actions };
}

export class PlanNotActivatable extends ConflictError {
  override readonly code = 'PLAN_NOT_ACTIVATABLE';
  constructor(id: string, status: ContingencyPlanStatus) {
    super(`contingency plan ${id} is ${status}; only a DEFINED plan can be activated`, { field: 'id', details: { status } });
  }
}

export class ActionNotCompletable extends ConflictError {
  override readonly code = 'ACTION_NOT_COMPLETABLE';
  constructor(id: string, status: ContingencyActionStatus) {
    super(`contingency action ${id} is ${status}; only an action of an ACTIVE plan that is not DONE can be completed`, { field: 'id', details: { status } });
  }
}

export function assertActivatable(plan: { id: string; status: ContingencyPlanStatus }): void {
  if (plan.status !== 'DEFINED') throw new PlanNotActivatable(plan.id, plan.status);
}

export function assertCompletable(action: { id: string; status: ContingencyActionStatus }): void {
  if (action.status !== 'IN_PROGRESS') throw new ActionNotCompletable(action.id, action.status);
}
