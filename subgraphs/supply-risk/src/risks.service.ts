// Risk register, market assessments and contingency plans.
import type { EntityManager } from '@salesgraph/db';
import { ContingencyActivatedV1, recordEvent, RiskAssessedV1, RiskRegisteredV1 } from '@salesgraph/events';
import { NotFoundError, uuidv7 } from '@salesgraph/kernel';
import { text } from './domain/common';
import { assertActivatable, assertCompletable, validateContingencyPlan, type DefineContingencyPlanInput } from './domain/contingency';
import { validateMarketAssessment, type RecordMarketAssessmentInput } from './domain/market';
import { assertOpen, riskLevel, riskScore, validateAssessment, validateRegisterRisk, type RegisterRiskInput, type RiskLevel } from './domain/risk';
import { ContingencyAction, ContingencyPlan, MarketAssessment, Risk, RiskAssessment, RiskSubject } from './infra/risk.entity';
import { Supplier } from './infra/supplier.entity';
import { evaluateRiskEscalated, type RiskDeps } from './alerts.service';

function snapshot(r: Risk, at: Date) {
  return { riskId: r.id, category: r.category, title: r.title, likelihood: r.likelihood, impact: r.impact, score: r.score, level: r.level, affects: r.affects, at: at.toISOString() };
}

export async function registerRisk(em: EntityManager, deps: RiskDeps, input: RegisterRiskInput, by: string): Promise<Risk> {
  const cmd = validateRegisterRisk(input);
  return em.transactional(async (tx) => {
    if (cmd.affects.supplierIds.length) {
      const known = new Set((await tx.find(Supplier, { id: { $in: cmd.affects.supplierIds } })).map((s) => s.id));
      const i = cmd.affects.supplierIds.findIndex((id) => !known.has(id));
      if (i >= 0) throw new NotFoundError('Supplier', cmd.affects.supplierIds[i]!, `affects.supplierIds[${i}]`);
    }
    if (cmd.evidenceIds.length) {
      const known = new Set((await tx.find(MarketAssessment, { id: { $in: cmd.evidenceIds } })).map((s) => s.id));
      const i = cmd.evidenceIds.findIndex((id) => !known.has(id));
      if (i >= 0) throw new NotFoundError('MarketAssessment', cmd.evidenceIds[i]!, `evidenceIds[${i}]`);
    }
    const now = deps.clock.now();
    const score = riskScore(cmd.likelihood, cmd.impact);
    const risk = tx.create(Risk, {
      id: uuidv7(),
      category: cmd.category,
      title: cmd.title,
      description: cmd.description,
      likelihood: cmd.likelihood,
      impact: cmd.impact,
      score,
      level: riskLevel(score),
      status: 'OPEN',
      ownerId: cmd.ownerId,
      affects: cmd.affects,
      evidenceIds: cmd.evidenceIds,
      createdAt: now,
      updatedAt: now,
      version: 1,
    });
    const subjects: [RiskSubject['kind'], string[]][] = [
      ['SKU', cmd.affects.skus],
      ['SUPPLIER', cmd.affects.supplierIds],
      ['CUSTOMER', cmd.affects.customerIds],
      ['REGION', cmd.affects.regions],
    ];
    for (const [kind, refs] of subjects) for (const ref of refs) tx.create(RiskSubject, { riskId: risk.id, kind, ref });
    tx.create(RiskAssessment, { id: uuidv7(), riskId: risk.id, likelihood: risk.likelihood, impact: risk.impact, score, level: risk.level, note: 'registered', assessedBy: by, assessedAt: now });
    recordEvent(tx, deps.source, RiskRegisteredV1, { aggregateId: risk.id, sequence: risk.version, time: now, data: snapshot(risk, now) });
    await evaluateRiskEscalated(tx, deps, risk);
    return risk;
  });
}

async function openRisk(em: EntityManager, id: string): Promise<Risk> {
  const risk = await em.findOne(Risk, { id });
  if (!risk) throw new NotFoundError('Risk', id, 'id');
  assertOpen(risk);
  return risk;
}

export async function assessRisk(em: EntityManager, deps: RiskDeps, id: string, input: { likelihood: number; impact: number; note?: string | null }, by: string): Promise<Risk> {
  const cmd = validateAssessment(input);
  return em.transactional(async (tx) => {
    const risk = await openRisk(tx, id);
    const now = deps.clock.now();
    const previousLevel: RiskLevel = risk.level;
    risk.likelihood = cmd.likelihood;
    risk.impact = cmd.impact;
    risk.score = riskScore(cmd.likelihood, cmd.impact);
    risk.level = riskLevel(risk.score);
    risk.updatedAt = now;
    risk.version += 1;
    tx.create(RiskAssessment, { id: uuidv7(), riskId: risk.id, likelihood: risk.likelihood, impact: risk.impact, score: risk.score, level: risk.level, note: cmd.note, assessedBy: by, assessedAt: now });
    recordEvent(tx, deps.source, RiskAssessedV1, { aggregateId: risk.id, sequence: risk.version, time: now, data: { ...snapshot(risk, now), previousLevel } });
    await evaluateRiskEscalated(tx, deps, risk);
    return risk;
  });
}

export async function setMitigation(em: EntityManager, deps: RiskDeps, id: string, plan: string, dueAt: Date | null | undefined): Promise<Risk> {
  const planText = text(plan, 'plan', 4000, { multiline: true });
  return em.transactional(async (tx) => {
    const risk = await openRisk(tx, id);
    risk.mitigationPlan = planText;
    risk.mitigationDueAt = dueAt ?? null;
    risk.status = 'MITIGATING';
    risk.updatedAt = deps.clock.now();
    risk.version += 1;
    return risk;
  });
}

export async function closeRisk(em: EntityManager, deps: RiskDeps, id: string, reason: string): Promise<Risk> {
  const reasonText = text(reason, 'reason', 2000, { multiline: true });
  return em.transactional(async (tx) => {
    const risk = await openRisk(tx, id);
    const now = deps.clock.now();
    risk.status = 'CLOSED';
    risk.closedAt = now;
    risk.closeReason = reasonText;
    risk.updatedAt = now;
    risk.version += 1;
    await evaluateRiskEscalated(tx, deps, risk);
    return risk;
  });
}

export async function recordMarketAssessment(em: EntityManager, deps: RiskDeps, input: RecordMarketAssessmentInput, by: string): Promise<MarketAssessment> {
  const cmd = validateMarketAssessment(input);
  return em.transactional(async (tx) => tx.create(MarketAssessment, { id: uuidv7(), ...cmd, recordedBy: by, recordedAt: deps.clock.now() }));
}

export async function defineContingencyPlan(em: EntityManager, deps: RiskDeps, input: DefineContingencyPlanInput): Promise<ContingencyPlan> {
  const cmd = validateContingencyPlan(input);
  return em.transactional(async (tx) => {
    if (!(await tx.findOne(Risk, { id: cmd.riskId }))) throw new NotFoundError('Risk', cmd.riskId, 'riskId');
    const plan = tx.create(ContingencyPlan, { id: uuidv7(), riskId: cmd.riskId, trigger: cmd.trigger, status: 'DEFINED', createdAt: deps.clock.now(), version: 1 });
    cmd.actions.forEach((a, position) => tx.create(ContingencyAction, { id: uuidv7(), planId: plan.id, position, title: a.title, ownerId: a.ownerId, status: 'PENDING' }));
    return plan;
  });
}

export async function activateContingencyPlan(em: EntityManager, deps: RiskDeps, id: string, reason: string): Promise<ContingencyPlan> {
  const reasonText = text(reason, 'reason', 2000, { multiline: true });
  return em.transactional(async (tx) => {
    const plan = await tx.findOne(ContingencyPlan, { id });
    if (!plan) throw new NotFoundError('ContingencyPlan', id, 'id');
    assertActivatable(plan);
    const now = deps.clock.now();
    plan.status = 'ACTIVE';
    plan.activatedAt = now;
    plan.activationReason = reasonText;
    plan.version += 1;
    const actions = await tx.find(ContingencyAction, { planId: id }, { orderBy: { position: 'asc' } });
    for (const a of actions) a.status = 'IN_PROGRESS';
    recordEvent(tx, deps.source, ContingencyActivatedV1, {
      aggregateId: plan.id,
      sequence: plan.version,
      time: now,
      data: { planId: plan.id, riskId: plan.riskId, reason: reasonText, actions: actions.map((a) => ({ actionId: a.id, title: a.title, ownerId: a.ownerId ?? null })), at: now.toISOString() },
    });
    return plan;
  });
}

export async function completeContingencyAction(em: EntityManager, deps: RiskDeps, id: string): Promise<ContingencyAction> {
  return em.transactional(async (tx) => {
    const action = await tx.findOne(ContingencyAction, { id });
    if (!action) throw new NotFoundError('ContingencyAction', id, 'id');
    assertCompletable(action);
    const now = deps.clock.now();
    action.status = 'DONE';
    action.completedAt = now;
    await tx.flush();
    if (!(await tx.count(ContingencyAction, { planId: action.planId, status: { $ne: 'DONE' } }))) {
      const plan = await tx.findOneOrFail(ContingencyPlan, { id: action.planId });
      plan.status = 'COMPLETED';
      plan.completedAt = now;
      plan.version += 1;
    }
    return action;
  });
}
