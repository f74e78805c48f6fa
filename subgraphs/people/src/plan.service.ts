// Budgets and spend; KPI schemes and appraisals; OKRs; training.
import { divideHalfEven, formatDecimal, NotFoundError, parseDecimal, parseMoneyInput, uuidv7, ValidationError, type Clock } from '@salesgraph/kernel';
import { raw, sql, type EntityManager } from '@salesgraph/db';
import { actualFor } from './actuals';
import { appraise as scoreAppraisal, validateKpiScheme, validateQualitative, type KpiDefinition, type KpiMetric } from './domain/appraisal';
import { percentHundredths, percentOf } from './domain/attainment';
import { monthsOf, parsePeriod } from './domain/period';
import { parseInstant, requireId } from './domain/sales-rep';
import { parseScope, type Scope } from './domain/target';
import { BudgetOverspent, Duplicate } from './errors';
import { PaymentFact, SatisfactionFact } from './infra/actuals.entity';
import { Appraisal, Budget, BudgetSpend, KeyResult, KpiScheme, Objective, TrainingRecord } from './infra/plan.entity';
import { SalesRep } from './infra/sales-rep.entity';
import { SalesTarget } from './infra/target.entity';
import { assertScopeExists } from './targets.service';

export const BUDGET_KINDS = ['SALES', 'MARKETING', 'PERSONNEL', 'TRAINING', 'OTHER'] as const;

type Deps = { clock: Clock; currency: string };

export async function setBudget(em: EntityManager, deps: Deps, input: { period: string; kind: string; scope: { kind: string; ref?: string | null }; amount: { amount: string; currency?: string | null } }): Promise<Budget> {
  const period = parsePeriod(input.period);
  if (!BUDGET_KINDS.includes(input.kind as (typeof BUDGET_KINDS)[number])) throw new ValidationError('kind', `kind must be one of ${BUDGET_KINDS.join(', ')}`);
  const scope = parseScope(input.scope);
  const amount = parseMoneyInput(input.amount, deps.currency, 'amount', { allowZero: false });
  return em.transactional(async (tx) => {
    await assertScopeExists(tx, scope);
    const dup = await tx.findOne(Budget, { period: period.text, kind: input.kind, scopeKind: scope.kind, scopeRef: scope.ref });
    if (dup) throw new Duplicate(`a ${input.kind} budget for ${period.text} and this scope already exists`, 'scope', { existingId: dup.id });
    return tx.create(Budget, { id: uuidv7(), period: period.text, kind: input.kind, scopeKind: scope.kind, scopeRef: scope.ref, amount, createdAt: deps.clock.now() });
  });
}

export async function spentOn(em: EntityManager, budgetId: string): Promise<bigint> {
  const row = (await sql(em).createQueryBuilder(BudgetSpend, 's').select(raw('coalesce(sum(s.amount), 0) as total')).where({ budgetId }).execute('get', false)) as { total: unknown };
  const s = String(row?.total ?? '0');
  return BigInt(s.includes('.') ? s.slice(0, s.indexOf('.')) : s);
}

export async function recordSpend(
  em: EntityManager,
  deps: Deps,
  input: { budgetId: string; amount: { amount: string; currency?: string | null }; spentAt: string | Date; note?: string | null; allowOverspend?: boolean | null },
): Promise<Budget> {
  const budgetId = requireId(input.budgetId, 'budgetId');
  const amount = parseMoneyInput(input.amount, deps.currency, 'amount', { allowZero: false });
  const spentAt = parseInstant(input.spentAt, 'spentAt');
  const note = input.note == null ? null : input.note.trim().slice(0, 500);
  return em.transactional(async (tx) => {
    const budget = await tx.findOne(Budget, { id: budgetId });
    if (!budget) throw new NotFoundError('Budget', budgetId, 'budgetId');
    const period = parsePeriod(budget.period);
    if (spentAt < period.start || spentAt >= period.end) throw new ValidationError('spentAt', `spentAt must fall within the budget period ${budget.period}`);
    const spent = await spentOn(tx, budget.id);
    const overspend = spent + amount > budget.amount;
    if (overspend && !input.allowOverspend) throw new BudgetOverspent(formatDecimal(budget.amount - spent), formatDecimal(amount));
    tx.create(BudgetSpend, { id: uuidv7(), budgetId, amount, spentAt, note, overspend, createdAt: deps.clock.now() });
    return budget;
  });
}

export async function findBudgets(em: EntityManager, args: { period: string; scope?: { kind: string; ref?: string | null } | null }): Promise<Budget[]> {
  const period = parsePeriod(args.period);
  const where: Record<string, unknown> = { period: period.text };
  if (args.scope) {
    const scope = parseScope(args.scope);
    where.scopeKind = scope.kind;
    where.scopeRef = scope.ref;
  }
  return em.find(Budget, where, { orderBy: { kind: 'asc', scopeKind: 'asc', scopeRef: 'asc' } });
}

export async function budgetFigures(em: EntityManager, b: Budget) {
  const spent = await spentOn(em, b.id);
  const scope: Scope = { kind: b.scopeKind, ref: b.scopeRef };
  const revenue = await actualFor(em, 'REVENUE', scope, monthsOf(parsePeriod(b.period)));
  return {
    spent,
    remaining: b.amount - spent,
    utilization: percentOf(spent, b.amount),
    costOfSalesRatio: revenue > 0n ? percentOf(spent, revenue) : null,
  };
}

// ---- KPI schemes and appraisal ----

export function schemeKpis(s: KpiScheme): KpiDefinition[] {
  return s.kpis.map((k) => ({ metric: k.metric as KpiMetric, weight: BigInt(k.weight), target: BigInt(k.target) }));
}

export async function defineKpiScheme(em: EntityManager, deps: { clock: Clock }, input: { name: string; kpis: { metric: string; weight: string; target: string }[] }): Promise<KpiScheme> {
  const cmd = validateKpiScheme(input);
  return em.transactional(async (tx) => {
    if (await tx.count(KpiScheme, { name: cmd.name })) throw new Duplicate(`a KPI scheme named ${cmd.name} already exists`, 'name');
    return tx.create(KpiScheme, {
      id: uuidv7(),
      name: cmd.name,
      kpis: cmd.kpis.map((k) => ({ metric: k.metric, weight: k.weight.toString(), target: k.target.toString() })),
      createdAt: deps.clock.now(),
    });
  });
}

/** The live KPI actuals of a rep for a period, in hundredths (percent, count, CSAT). */
export async function kpiActuals(em: EntityManager, repId: string, periodText: string): Promise<Map<KpiMetric, bigint | null>> {
  const period = parsePeriod(periodText);
  const months = monthsOf(period);
  const scope: Scope = { kind: 'REP', ref: repId };
  const targets = await em.find(SalesTarget, { scopeKind: 'REP', scopeRef: repId, period: period.text });
  const revenue = await actualFor(em, 'REVENUE', scope, months);
  const margin = await actualFor(em, 'GROSS_MARGIN', scope, months);
  const revenueTarget = targets.find((t) => t.metric === 'REVENUE');
  const marginTarget = targets.find((t) => t.metric === 'GROSS_MARGIN');
  const out = new Map<KpiMetric, bigint | null>();
  out.set('REVENUE_ATTAINMENT', revenueTarget ? percentHundredths(revenue, revenueTarget.amount) : null);
  out.set('MARGIN_ATTAINMENT', marginTarget ? percentHundredths(margin, marginTarget.amount) : null);
  out.set('NEW_CUSTOMERS', (await actualFor(em, 'NEW_CUSTOMERS', scope, months)) * 100n);
  const surveys = await em.find(SatisfactionFact, { repId, month: { $in: months }, csat: { $ne: null } });
  out.set('CUSTOMER_SATISFACTION', surveys.length ? divideHalfEven(BigInt(surveys.reduce((a, s) => a + (s.csat ?? 0), 0)) * 100n, BigInt(surveys.length)) : null);
  const payments = await em.find(PaymentFact, { repId, month: { $in: months } });
  const collected = payments.reduce((a, p) => a + p.amount, 0n);
  out.set('COLLECTION_RATE', revenue > 0n ? percentHundredths(collected, revenue) : null);
  return out;
}

export async function appraiseRep(
  em: EntityManager,
  deps: { clock: Clock },
  args: { repId: string; period: string; schemeId: string; qualitative?: { criterion: string; score: string }[] | null },
): Promise<Appraisal> {
  const repId = requireId(args.repId, 'repId');
  const schemeId = requireId(args.schemeId, 'schemeId');
  const period = parsePeriod(args.period);
  const qualitative = validateQualitative(args.qualitative);
  return em.transactional(async (tx) => {
    if (!(await tx.findOne(SalesRep, { id: repId }))) throw new NotFoundError('SalesRep', repId, 'repId');
    const scheme = await tx.findOne(KpiScheme, { id: schemeId });
    if (!scheme) throw new NotFoundError('KpiScheme', schemeId, 'schemeId');
    const r = scoreAppraisal(schemeKpis(scheme), await kpiActuals(tx, repId, period.text), qualitative);
    const s = (v: bigint) => v.toString();
    return tx.create(Appraisal, {
      id: uuidv7(),
      repId,
      period: period.text,
      schemeId,
      result: {
        kpis: r.kpis.map((k) => ({ metric: k.metric, weight: s(k.weight), target: s(k.target), actual: k.actual == null ? null : s(k.actual), score: s(k.score), weighted: s(k.weighted) })),
        qualitative: qualitative.map((q) => ({ criterion: q.criterion, score: s(q.score) })),
        kpiTotal: s(r.kpiTotal),
        qualitativeAverage: r.qualitativeAverage == null ? null : s(r.qualitativeAverage),
      },
      total: Number(r.total),
      rating: r.rating,
      createdAt: deps.clock.now(),
    });
  });
}

// ---- OKRs ----

export async function setObjective(
  em: EntityManager,
  deps: { clock: Clock },
  input: { ownerRepId: string; period: string; title: string; keyResults: { title: string; target: string; unit: string }[] },
): Promise<Objective> {
  const ownerRepId = requireId(input.ownerRepId, 'ownerRepId');
  const period = parsePeriod(input.period);
  const title = input.title.trim();
  if (!title || title.length > 200) throw new ValidationError('title', 'title must be 1-200 characters');
  if (!input.keyResults.length) throw new ValidationError('keyResults', 'an objective needs at least one key result');
  const krs = input.keyResults.map((k, i) => {
    const t = k.title.trim();
    if (!t || t.length > 200) throw new ValidationError(`keyResults[${i}].title`, 'title must be 1-200 characters');
    const target = parseDecimal(String(k.target), 2, `keyResults[${i}].target`);
    if (target <= 0n) throw new ValidationError(`keyResults[${i}].target`, 'target must be greater than 0');
    const unit = k.unit.trim();
    if (!unit || unit.length > 30) throw new ValidationError(`keyResults[${i}].unit`, 'unit must be 1-30 characters');
    return { title: t, target, unit };
  });
  return em.transactional(async (tx) => {
    if (!(await tx.findOne(SalesRep, { id: ownerRepId }))) throw new NotFoundError('SalesRep', ownerRepId, 'ownerRepId');
    const now = deps.clock.now();
    const o = tx.create(Objective, { id: uuidv7(), ownerRepId, period: period.text, title, createdAt: now });
    krs.forEach((k, i) => tx.create(KeyResult, { id: uuidv7(), objectiveId: o.id, position: i, title: k.title, target: k.target, current: 0n, unit: k.unit, updatedAt: now }));
    return o;
  });
}

export async function updateKeyResult(em: EntityManager, deps: { clock: Clock }, args: { id: string; current: string }): Promise<Objective> {
  const id = requireId(args.id, 'id');
  const current = parseDecimal(String(args.current), 2, 'current');
  return em.transactional(async (tx) => {
    const kr = await tx.findOne(KeyResult, { id });
    if (!kr) throw new NotFoundError('KeyResult', id, 'id');
    kr.current = current;
    kr.updatedAt = deps.clock.now();
    return (await tx.findOne(Objective, { id: kr.objectiveId }))!;
  });
}

// ---- training ----

export async function recordTraining(
  em: EntityManager,
  deps: { clock: Clock },
  input: { repId: string; course: string; completedAt: string | Date; score?: string | null; hours: string },
): Promise<TrainingRecord> {
  const repId = requireId(input.repId, 'repId');
  const course = input.course.trim();
  if (!course || course.length > 200) throw new ValidationError('course', 'course must be 1-200 characters');
  const completedAt = parseInstant(input.completedAt, 'completedAt');
  const score = input.score == null ? null : parseDecimal(String(input.score), 2, 'score');
  if (score != null && (score < 0n || score > 10_000n)) throw new ValidationError('score', 'score must be between 0 and 100');
  const hours = parseDecimal(String(input.hours), 2, 'hours');
  if (hours <= 0n || hours > 100_000n) throw new ValidationError('hours', 'hours must be greater than 0 and at most 1000');
  return em.transactional(async (tx) => {
    if (!(await tx.findOne(SalesRep, { id: repId }))) throw new NotFoundError('SalesRep', repId, 'repId');
    if (completedAt.getTime() > deps.clock.now().getTime()) throw new ValidationError('completedAt', 'completedAt must not be in the future');
    return tx.create(TrainingRecord, { id: uuidv7(), repId, course, completedAt, score: score == null ? null : Number(score), hours: Number(hours), createdAt: deps.clock.now() });
  });
}
