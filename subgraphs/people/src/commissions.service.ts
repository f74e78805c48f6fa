// Commission plans, assignments, accruals from order approvals or payments, clawbacks on
// cancellation (new negative entries, never edits), statements and payouts.
import { ConflictError, formatDecimal, NotFoundError, uuidv7, type Clock } from '@salesgraph/kernel';
import { raw, sql, type EntityManager } from '@salesgraph/db';
import { tieredCommission, validateCommissionPlan, type CommissionBasis, type CommissionPlanInput, type CommissionPlanTerms } from './domain/commission';
import { monthOf, monthsOf, parsePeriod, periodContains, quartersOf } from './domain/period';
import { parseInstant, requireId } from './domain/sales-rep';
import { Duplicate } from './errors';
import { PaymentFact, SalesFact } from './infra/actuals.entity';
import { CommissionAssignment, CommissionEntry, CommissionPayout, CommissionPlan, storeBands } from './infra/commission.entity';
import { SalesRep } from './infra/sales-rep.entity';
import { SalesTarget } from './infra/target.entity';

export function planTerms(plan: CommissionPlan): CommissionPlanTerms {
  return { baseRate: BigInt(plan.baseRate), tiers: plan.tiers.map((t) => ({ fromAttainment: BigInt(t.fromAttainment), rate: BigInt(t.rate) })) };
}

export async function defineCommissionPlan(em: EntityManager, deps: { clock: Clock }, input: CommissionPlanInput): Promise<CommissionPlan> {
  const cmd = validateCommissionPlan(input);
  return em.transactional(async (tx) => {
    if (await tx.count(CommissionPlan, { name: cmd.name })) throw new Duplicate(`a commission plan named ${cmd.name} already exists`, 'name');
    return tx.create(CommissionPlan, {
      id: uuidv7(),
      name: cmd.name,
      basis: cmd.basis,
      baseRate: Number(cmd.baseRate),
      tiers: cmd.tiers.map((t) => ({ fromAttainment: t.fromAttainment.toString(), rate: t.rate.toString() })),
      createdAt: deps.clock.now(),
    });
  });
}

export async function assignCommissionPlan(em: EntityManager, deps: { clock: Clock }, args: { repId: string; planId: string; from: string | Date }): Promise<SalesRep> {
  const repId = requireId(args.repId, 'repId');
  const planId = requireId(args.planId, 'planId');
  const from = parseInstant(args.from, 'from');
  return em.transactional(async (tx) => {
    const rep = await tx.findOne(SalesRep, { id: repId });
    if (!rep) throw new NotFoundError('SalesRep', repId, 'repId');
    if (!(await tx.findOne(CommissionPlan, { id: planId }))) throw new NotFoundError('CommissionPlan', planId, 'planId');
    if (await tx.count(CommissionAssignment, { repId, validFrom: from })) throw new Duplicate(`rep ${repId} already has a plan from ${from.toISOString()}`, 'from');
    tx.create(CommissionAssignment, { id: uuidv7(), repId, planId, validFrom: from, createdAt: deps.clock.now() });
    return rep;
  });
}

export async function planAt(em: EntityManager, repId: string, at: Date): Promise<CommissionPlan | null> {
  const a = await em.findOne(CommissionAssignment, { repId, validFrom: { $lte: at } }, { orderBy: { validFrom: 'desc' } });
  return a ? em.findOne(CommissionPlan, { id: a.planId }) : null;
}

/** The plan each rep is on at `at` (planAt for many reps): one query for the assignments, one for the plans. */
export async function plansAt(em: EntityManager, repIds: readonly string[], at: Date): Promise<Map<string, CommissionPlan | null>> {
  const assignments = await em.find(CommissionAssignment, { repId: { $in: [...repIds] }, validFrom: { $lte: at } }, { orderBy: { validFrom: 'desc' } });
  const planIdOf = new Map<string, string>();
  for (const a of assignments) if (!planIdOf.has(a.repId)) planIdOf.set(a.repId, a.planId);
  const plans = planIdOf.size ? await em.find(CommissionPlan, { id: { $in: [...new Set(planIdOf.values())] } }) : [];
  const byId = new Map(plans.map((p) => [p.id, p]));
  return new Map(repIds.map((id) => [id, byId.get(planIdOf.get(id) ?? '') ?? null]));
}

/** The rep's REVENUE target the tiers measure against: the most specific period containing the month. */
async function tierTarget(em: EntityManager, repId: string, month: string): Promise<SalesTarget | null> {
  const m = parsePeriod(month);
  const candidates = [month, ...quartersOf(parsePeriod(String(m.year))).filter((q) => periodContains(parsePeriod(q), m)), String(m.year)];
  const targets = await em.find(SalesTarget, { scopeKind: 'REP', scopeRef: repId, metric: 'REVENUE', period: { $in: candidates } });
  for (const p of candidates) {
    const t = targets.find((x) => x.period === p);
    if (t) return t;
  }
  return null;
}

async function sumOf(em: EntityManager, entity: typeof SalesFact | typeof PaymentFact, column: string, where: Record<string, unknown>): Promise<bigint> {
  const row = (await sql(em).createQueryBuilder(entity, 'x').select(raw(`coalesce(sum(x.${column}), 0) as total`)).where(where).execute('get', false)) as { total: unknown } | undefined;
  const s = String(row?.total ?? '0');
  return BigInt(s.includes('.') ? s.slice(0, s.indexOf('.')) : s);
}

const pct = (hundredths: bigint) => `${formatDecimal(hundredths, 2)}%`;

/**
 * Accrues commission on `amount` credited to the rep (an approved order for BOOKED plans, a
 * payment for COLLECTED ones). Idempotent by source key.
 */
export async function accrueCommission(
  em: EntityManager,
  args: { basis: CommissionBasis; repId: string; orderId: string; paymentId: string | null; amount: bigint; at: Date; now: Date },
): Promise<void> {
  const sourceKey = args.paymentId ? `payment:${args.paymentId}` : `order:${args.orderId}`;
  if (await em.count(CommissionEntry, { sourceKey })) return;
  const plan = await planAt(em, args.repId, args.at);
  if (!plan || plan.basis !== args.basis) return;
  const month = monthOf(args.at);
  const target = await tierTarget(em, args.repId, month);
  let before = 0n;
  if (target) {
    const months = monthsOf(parsePeriod(target.period));
    before =
      args.basis === 'BOOKED'
        ? await sumOf(em, SalesFact, 'revenue', { repId: args.repId, month: { $in: months }, orderId: { $ne: args.orderId } })
        : await sumOf(em, PaymentFact, 'amount', { repId: args.repId, month: { $in: months }, paymentId: { $ne: args.paymentId } });
  }
  const result = tieredCommission(planTerms(plan), target?.amount ?? null, before, args.amount);
  const parts = result.bands.map((b) => `${pct(b.rate)} of ${formatDecimal(b.basis)}${b.fromAttainment > 0n ? ` above ${pct(b.fromAttainment)} of target` : ''}`);
  const what = args.paymentId ? `payment ${args.paymentId} on order ${args.orderId}` : `order ${args.orderId}`;
  const against = target ? `; ${formatDecimal(before)} already credited against the ${target.period} target of ${formatDecimal(target.amount)}` : '; no target, base rate';
  em.create(CommissionEntry, {
    id: uuidv7(),
    sourceKey,
    repId: args.repId,
    planId: plan.id,
    orderId: args.orderId,
    paymentId: args.paymentId,
    kind: 'ACCRUAL',
    month,
    basisAmount: args.amount,
    amount: result.commission,
    targetId: target?.id ?? null,
    bands: storeBands(result.bands),
    explanation: `${plan.name}: ${parts.join(' + ') || 'nothing'} on ${what}${against}`.slice(0, 500),
    reversesId: null,
    createdAt: args.now,
  });
}

/** Cancellation: every accrual of the order gets a negative twin dated at the cancellation. */
export async function clawBackOrder(em: EntityManager, orderId: string, at: Date, reason: string, now: Date): Promise<void> {
  const accruals = await em.find(CommissionEntry, { orderId, kind: 'ACCRUAL' });
  for (const e of accruals) {
    const sourceKey = `clawback:${e.id}`;
    if (await em.count(CommissionEntry, { sourceKey })) continue;
    em.create(CommissionEntry, {
      id: uuidv7(),
      sourceKey,
      repId: e.repId,
      planId: e.planId,
      orderId,
      paymentId: e.paymentId ?? null,
      kind: 'CLAWBACK',
      month: monthOf(at),
      basisAmount: -e.basisAmount,
      amount: -e.amount,
      targetId: e.targetId ?? null,
      bands: e.bands.map((b) => ({ ...b, basis: (-BigInt(b.basis)).toString() })),
      explanation: `clawback of ${formatDecimal(e.amount)} accrued in ${e.month}: order ${orderId} cancelled (${reason})`.slice(0, 500),
      reversesId: e.id,
      createdAt: now,
    });
  }
}

export interface CommissionStatement {
  period: string;
  accrued: bigint;
  paidOut: bigint;
  payable: bigint;
  entries: CommissionEntry[];
}

export async function commissionStatement(em: EntityManager, repId: string, periodText: string): Promise<CommissionStatement> {
  return (await commissionStatements(em, [repId], periodText)).get(repId)!;
}

/** commissionStatement for many reps of one period: one query for the entries, one for the payouts. */
export async function commissionStatements(em: EntityManager, repIds: readonly string[], periodText: string): Promise<Map<string, CommissionStatement>> {
  const period = parsePeriod(periodText);
  const ids = [...repIds];
  const [entries, payouts] = await Promise.all([
    em.find(CommissionEntry, { repId: { $in: ids }, month: { $in: monthsOf(period) } }, { orderBy: { createdAt: 'asc', id: 'asc' } }),
    em.find(CommissionPayout, { repId: { $in: ids } }),
  ]);
  const out = new Map<string, CommissionStatement>();
  for (const repId of ids) {
    const own = entries.filter((e) => e.repId === repId);
    const paidOut = payouts.filter((p) => p.repId === repId && periodContains(period, parsePeriod(p.period))).reduce((a, p) => a + p.amount, 0n);
    const accrued = own.reduce((a, e) => a + e.amount, 0n);
    out.set(repId, { period: period.text, accrued, paidOut, payable: accrued - paidOut, entries: own });
  }
  return out;
}

export class NothingPayable extends ConflictError {
  override readonly code = 'NOTHING_PAYABLE';
}

export async function payCommissions(em: EntityManager, deps: { clock: Clock }, args: { repId: string; period: string }): Promise<CommissionStatement> {
  const repId = requireId(args.repId, 'repId');
  const period = parsePeriod(args.period);
  return em.transactional(async (tx) => {
    if (!(await tx.findOne(SalesRep, { id: repId }))) throw new NotFoundError('SalesRep', repId, 'repId');
    const before = await commissionStatement(tx, repId, period.text);
    if (before.payable <= 0n) throw new NothingPayable(`nothing is payable to rep ${repId} for ${period.text}`, { field: 'period', details: { payable: formatDecimal(before.payable) } });
    tx.create(CommissionPayout, { id: uuidv7(), repId, period: period.text, amount: before.payable, paidAt: deps.clock.now() });
    return { ...before, paidOut: before.paidOut + before.payable, payable: 0n };
  });
}

