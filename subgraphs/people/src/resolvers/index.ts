import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type DataLoader from 'dataloader';
import { pageRequest, toConnection } from '@salesgraph/graphql';
import { divideHalfEven, ForbiddenError, formatDecimal, isUuid, money } from '@salesgraph/kernel';
import { canSeePrivate } from '../domain/access';
import { entityLoader, type RequestContext, type ServiceDeps } from '@salesgraph/service';
import { assignCommissionPlan, defineCommissionPlan, payCommissions, type CommissionStatement } from '../commissions.service';
import { objectiveProgress, keyResultProgress } from '../domain/appraisal';
import type { CommissionPlanInput } from '../domain/commission';
import { parsePeriod } from '../domain/period';
import { parseInstant, REP_LEVELS, type HireSalesRepInput } from '../domain/sales-rep';
import { metricScale } from '../domain/target';
import { CommissionEntry, CommissionPlan } from '../infra/commission.entity';
import { Appraisal, Budget, BudgetSpend, KeyResult, KpiScheme, Objective, TrainingRecord } from '../infra/plan.entity';
import { Region, SalesRep, Team } from '../infra/sales-rep.entity';
import { SalesTarget } from '../infra/target.entity';
import { createRegion, createTeam, hireSalesRep, offboardSalesRep, transferSalesRep, type TransferSalesRepInput } from '../org.service';
import { customerCountLoader } from '../people.service';
import {
  appraiseRep,
  budgetFigures,
  defineKpiScheme,
  findBudgets,
  recordSpend,
  recordTraining,
  setBudget,
  setObjective,
  updateKeyResult,
} from '../plan.service';
import { decomposeTarget, findTargets, leaderboard, setSalesTarget, targetAttainment, targetTree, type DecomposeTargetInput, type TargetFilterInput } from '../targets.service';
import type { SetTargetInput } from '../domain/target';
import type { ForecastAttainment } from '../domain/forecast-attainment';
import { targetForecast } from '../forecast.service';
import { kpiResolvers } from './kpi';
import { argKey, peopleLoaders, type PeopleLoaders } from './loaders';
import { ValidationError } from '@salesgraph/kernel';

export interface PeopleContext extends RequestContext {
  repById: DataLoader<string, SalesRep | null>;
  teamById: DataLoader<string, Team | null>;
  regionByCode: DataLoader<string, Region | null>;
  targetById: DataLoader<string, SalesTarget | null>;
  planById: DataLoader<string, CommissionPlan | null>;
  schemeById: DataLoader<string, KpiScheme | null>;
  customerCount: DataLoader<string, number>;
  loaders: PeopleLoaders;
  /** Per-request memo: a budget's figures are computed once however many of its fields are asked. */
  budgetFigures: Map<string, ReturnType<typeof budgetFigures>>;
}

export function extendContext(base: RequestContext): PeopleContext {
  const loaders = peopleLoaders(base.em, base.clock);
  return {
    ...base,
    repById: loaders.repById,
    teamById: loaders.teamById,
    regionByCode: loaders.regionByCode,
    targetById: entityLoader<SalesTarget>(base.em, SalesTarget, 'id'),
    planById: entityLoader<CommissionPlan>(base.em, CommissionPlan, 'id'),
    schemeById: entityLoader<KpiScheme>(base.em, KpiScheme, 'id'),
    customerCount: customerCountLoader(base.em),
    loaders,
    budgetFigures: new Map(),
  };
}

const byId = (loader: DataLoader<string, unknown>, id: string | null | undefined) => (id && isUuid(id) ? loader.load(id.toLowerCase()) : null);
const pct = (hundredths: bigint | number | string) => formatDecimal(BigInt(hundredths), 2);
const amountOf = (t: { metric: SalesTarget['metric'] }, v: bigint) => formatDecimal(v, metricScale(t.metric));

interface RepFilter {
  teamId?: string | null;
  regionCode?: string | null;
  level?: string | null;
  active?: boolean | null;
}

function repWhere(filter: RepFilter | null | undefined): Record<string, unknown> {
  const where: Record<string, unknown> = {};
  if (!filter) return where;
  if (filter.teamId != null) {
    if (!isUuid(filter.teamId)) throw new ValidationError('filter.teamId', 'teamId must be an id');
    where.teamId = filter.teamId.toLowerCase();
  }
  if (filter.regionCode != null) where.regionCode = filter.regionCode.trim().toUpperCase();
  if (filter.level != null) {
    if (!REP_LEVELS.includes(filter.level as never)) throw new ValidationError('filter.level', `level must be one of ${REP_LEVELS.join(', ')}`);
    where.level = filter.level;
  }
  if (filter.active != null) where.active = filter.active;
  return where;
}

/**
 * Commissions and appraisals are private to the rep, their managers and overseers. The team is
 * looked up only when the rule needs it (a team manager only ever widens access), so for most
 * callers every rep of a page passes at once and their records load in one batch.
 */
async function assertCanSeePrivate(ctx: PeopleContext, rep: SalesRep, field: string): Promise<void> {
  if (canSeePrivate(ctx.principal, rep, null)) return;
  const team = rep.teamId ? await ctx.teamById.load(rep.teamId) : null;
  if (!canSeePrivate(ctx.principal, rep, team?.managerId ?? null)) throw new ForbiddenError(`only the rep, their manager or a director may see ${field}`, { field });
}

function figures(ctx: PeopleContext, b: Budget): ReturnType<typeof budgetFigures> {
  let f = ctx.budgetFigures.get(b.id);
  if (!f) {
    f = budgetFigures(ctx.em, b);
    ctx.budgetFigures.set(b.id, f);
  }
  return f;
}

export function peopleResolvers(deps: ServiceDeps): GraphQLResolverMap<PeopleContext> {
  const w = (ctx: PeopleContext) => ({ clock: ctx.clock, source: deps.source, currency: ctx.currency });
  const m = (ctx: PeopleContext, v: bigint) => money(v, ctx.currency);
  return {
    Query: {
      salesRep: (_: unknown, args: { id: string }, ctx: PeopleContext) => byId(ctx.repById, args.id),
      salesReps: async (_: unknown, args: { filter?: RepFilter | null; first?: number | null; after?: string | null }, ctx: PeopleContext) => {
        const page = pageRequest(args);
        const where = repWhere(args.filter);
        const rows = await ctx.em.find(SalesRep, page.afterId ? { ...where, id: { $gt: page.afterId } } : where, { orderBy: { id: 'asc' }, limit: page.limit + 1 });
        return toConnection(rows, page, () => ctx.em.count(SalesRep, where));
      },
      regions: async (_: unknown, __: unknown, ctx: PeopleContext) => {
        const all = await ctx.em.find(Region, {}, { orderBy: { code: 'asc' } });
        // Roots first, then each level below.
        const out: Region[] = [];
        let level = all.filter((r) => !r.parentCode || !all.some((p) => p.code === r.parentCode));
        while (level.length) {
          out.push(...level);
          const codes = new Set(level.map((r) => r.code));
          level = all.filter((r) => r.parentCode && codes.has(r.parentCode));
        }
        return out;
      },
      teams: (_: unknown, args: { regionCode?: string | null }, ctx: PeopleContext) =>
        ctx.em.find(Team, args.regionCode ? { regionCode: args.regionCode.trim().toUpperCase() } : {}, { orderBy: { name: 'asc', id: 'asc' } }),
      salesTarget: (_: unknown, args: { id: string }, ctx: PeopleContext) => byId(ctx.targetById, args.id),
      salesTargets: (_: unknown, args: { filter?: TargetFilterInput | null }, ctx: PeopleContext) => findTargets(ctx.em, args.filter),
      targetTree: async (_: unknown, args: { rootId: string }, ctx: PeopleContext) => {
        if (!isUuid(args.rootId)) return null;
        const tree = await targetTree(ctx.em, args.rootId.toLowerCase());
        if (!tree) return null;
        return {
          root: tree.root,
          nodes: tree.nodes.map((n) => ({ target: n.target, depth: n.depth, childrenSum: n.childrenSum == null ? null : amountOf(n.target, n.childrenSum) })),
          balanced: tree.mismatches.length === 0,
          mismatches: tree.mismatches.map((x) => ({
            target: x.target,
            amount: amountOf(x.target, x.amount),
            childrenSum: amountOf(x.target, x.childrenSum),
            difference: amountOf(x.target, x.childrenSum - x.amount),
          })),
        };
      },
      leaderboard: async (_: unknown, args: { period: string; metric: string; scope?: { kind: string; ref?: string | null } | null; first?: number | null }, ctx: PeopleContext) => {
        const rows = await leaderboard(ctx.em, args);
        const scale = args.metric === 'NEW_CUSTOMERS' ? 0 : 2;
        return rows.map((r) => ({ rank: r.rank, rep: r.rep, actual: formatDecimal(r.actual, scale), target: r.target == null ? null : formatDecimal(r.target, scale), percent: r.percent }));
      },
      budgets: (_: unknown, args: { period: string; scope?: { kind: string; ref?: string | null } | null }, ctx: PeopleContext) => findBudgets(ctx.em, args),
      commissionPlans: (_: unknown, __: unknown, ctx: PeopleContext) => ctx.em.find(CommissionPlan, {}, { orderBy: { name: 'asc' } }),
      kpiSchemes: (_: unknown, __: unknown, ctx: PeopleContext) => ctx.em.find(KpiScheme, {}, { orderBy: { name: 'asc' } }),
      objectives: (_: unknown, args: { ownerRepId?: string | null; period?: string | null }, ctx: PeopleContext) => {
        const where: Record<string, unknown> = {};
        if (args.ownerRepId) {
          if (!isUuid(args.ownerRepId)) throw new ValidationError('ownerRepId', 'ownerRepId must be an id');
          where.ownerRepId = args.ownerRepId.toLowerCase();
        }
        if (args.period) where.period = parsePeriod(args.period).text;
        return ctx.em.find(Objective, where, { orderBy: { id: 'asc' }, limit: 500 });
      },
    },
    Mutation: {
      createRegion: (_: unknown, args: { code: string; name: string; parentCode?: string | null }, ctx: PeopleContext) => createRegion(ctx.em, w(ctx), args),
      createTeam: (_: unknown, args: { name: string; regionCode: string; managerId?: string | null }, ctx: PeopleContext) => createTeam(ctx.em, w(ctx), args),
      hireSalesRep: (_: unknown, args: { input: HireSalesRepInput }, ctx: PeopleContext) => hireSalesRep(ctx.em, w(ctx), args.input),
      transferSalesRep: (_: unknown, args: { input: TransferSalesRepInput }, ctx: PeopleContext) => transferSalesRep(ctx.em, w(ctx), args.input),
      offboardSalesRep: (_: unknown, args: { id: string; at?: string | Date | null; reason?: string | null }, ctx: PeopleContext) => offboardSalesRep(ctx.em, w(ctx), args),
      setSalesTarget: (_: unknown, args: { input: SetTargetInput }, ctx: PeopleContext) => setSalesTarget(ctx.em, w(ctx), args.input),
      decomposeTarget: (_: unknown, args: { input: DecomposeTargetInput }, ctx: PeopleContext) => decomposeTarget(ctx.em, w(ctx), args.input),
      setBudget: (_: unknown, args: { input: Parameters<typeof setBudget>[2] }, ctx: PeopleContext) => setBudget(ctx.em, w(ctx), args.input),
      recordSpend: (_: unknown, args: { input: Parameters<typeof recordSpend>[2] }, ctx: PeopleContext) => recordSpend(ctx.em, w(ctx), args.input),
      defineKpiScheme: (_: unknown, args: { input: Parameters<typeof defineKpiScheme>[2] }, ctx: PeopleContext) => defineKpiScheme(ctx.em, w(ctx), args.input),
      appraise: (_: unknown, args: Parameters<typeof appraiseRep>[2], ctx: PeopleContext) => appraiseRep(ctx.em, w(ctx), args),
      setObjective: (_: unknown, args: { input: Parameters<typeof setObjective>[2] }, ctx: PeopleContext) => setObjective(ctx.em, w(ctx), args.input),
      updateKeyResult: (_: unknown, args: { id: string; current: string }, ctx: PeopleContext) => updateKeyResult(ctx.em, w(ctx), args),
      defineCommissionPlan: (_: unknown, args: { input: CommissionPlanInput }, ctx: PeopleContext) => defineCommissionPlan(ctx.em, w(ctx), args.input),
      assignCommissionPlan: (_: unknown, args: { repId: string; planId: string; from: string | Date }, ctx: PeopleContext) => assignCommissionPlan(ctx.em, w(ctx), args),
      payCommissions: (_: unknown, args: { repId: string; period: string }, ctx: PeopleContext) => payCommissions(ctx.em, w(ctx), args),
      recordTraining: (_: unknown, args: { input: Parameters<typeof recordTraining>[2] }, ctx: PeopleContext) => recordTraining(ctx.em, w(ctx), args.input),
    },
    SalesRep: {
      __resolveReference: (ref: { id: string }, ctx: PeopleContext) => byId(ctx.repById, ref.id),
      customerCount: (rep: SalesRep, _: unknown, ctx: PeopleContext) => ctx.customerCount.load(rep.id),
      team: (rep: SalesRep, _: unknown, ctx: PeopleContext) => byId(ctx.teamById, rep.teamId),
      manager: (rep: SalesRep, _: unknown, ctx: PeopleContext) => byId(ctx.repById, rep.managerId),
      history: (rep: SalesRep, _: unknown, ctx: PeopleContext) => ctx.loaders.historyByRep.load(rep.id),
      attainment: async (rep: SalesRep, args: { period: string }, ctx: PeopleContext) =>
        (await ctx.loaders.attainmentOf.load(argKey(rep.id, parsePeriod(args.period).text))).map((a) => {
          const scale = a.metric === 'NEW_CUSTOMERS' ? 0 : 2;
          return { ...a, actual: formatDecimal(a.actual, scale), variance: a.variance == null ? null : formatDecimal(a.variance, scale), projected: formatDecimal(a.projected, scale) };
        }),
      commissionPlan: (rep: SalesRep, args: { at?: string | Date | null }, ctx: PeopleContext) =>
        ctx.loaders.commissionPlanOf.load(argKey(rep.id, args.at ? String(parseInstant(args.at, 'at').getTime()) : '')),
      commissions: async (rep: SalesRep, args: { period: string }, ctx: PeopleContext) => {
        await assertCanSeePrivate(ctx, rep, 'commissions');
        return ctx.loaders.commissionsOf.load(argKey(rep.id, parsePeriod(args.period).text));
      },
      appraisals: async (rep: SalesRep, args: { period?: string | null }, ctx: PeopleContext) => {
        await assertCanSeePrivate(ctx, rep, 'appraisals');
        return ctx.loaders.appraisalsByRep.load(argKey(rep.id, args.period ? parsePeriod(args.period).text : ''));
      },
      objectives: (rep: SalesRep, args: { period?: string | null }, ctx: PeopleContext) => ctx.loaders.objectivesByRep.load(argKey(rep.id, args.period ? parsePeriod(args.period).text : '')),
      training: (rep: SalesRep, _: unknown, ctx: PeopleContext) => ctx.loaders.trainingByRep.load(rep.id),
    },
    SalesRegion: {
      parent: (r: Region, _: unknown, ctx: PeopleContext) => (r.parentCode ? ctx.regionByCode.load(r.parentCode) : null),
      children: (r: Region, _: unknown, ctx: PeopleContext) => ctx.loaders.childrenByRegion.load(r.code),
      teams: (r: Region, _: unknown, ctx: PeopleContext) => ctx.loaders.teamsByRegion.load(r.code),
    },
    SalesTeam: {
      region: (t: Team, _: unknown, ctx: PeopleContext) => ctx.regionByCode.load(t.regionCode),
      manager: (t: Team, _: unknown, ctx: PeopleContext) => byId(ctx.repById, t.managerId),
      members: (t: Team, _: unknown, ctx: PeopleContext) => ctx.loaders.activeMembersByTeam.load(t.id),
    },
    SalesTarget: {
      __resolveReference: (ref: { id: string }, ctx: PeopleContext) => byId(ctx.targetById, ref.id),
      scope: (t: SalesTarget) => ({ kind: t.scopeKind, ref: t.scopeRef || null }),
      amount: (t: SalesTarget) => amountOf(t, t.amount),
      parent: (t: SalesTarget, _: unknown, ctx: PeopleContext) => byId(ctx.targetById, t.parentId),
      children: (t: SalesTarget, _: unknown, ctx: PeopleContext) => ctx.loaders.childrenByTarget.load(t.id),
      attainment: async (t: SalesTarget, _: unknown, ctx: PeopleContext) => {
        const a = await targetAttainment(ctx.em, t, ctx.clock.now());
        return { actual: amountOf(t, a.actual), percent: a.percent, variance: amountOf(t, a.variance), projected: amountOf(t, a.projected), projectedPercent: a.projectedPercent };
      },
      forecastAttainment: async (t: SalesTarget, _: unknown, ctx: PeopleContext) => {
        // Money metrics only: a NEW_CUSTOMERS target is a count.
        if (t.metric === 'NEW_CUSTOMERS') return null;
        const f: ForecastAttainment = await targetForecast(ctx.em, t, ctx.clock.now());
        const mm = (v: bigint | null) => (v == null ? null : m(ctx, v));
        return {
          actualToDate: m(ctx, f.actualToDate),
          forecastRemaining: mm(f.forecastRemaining),
          projectedTotal: mm(f.projectedTotal),
          lower80: mm(f.lower80),
          upper80: mm(f.upper80),
          lower95: mm(f.lower95),
          upper95: mm(f.upper95),
          probabilityOfMakingTarget: f.probability == null ? null : f.probability.toFixed(4),
          method: f.method,
          historyMonths: f.historyMonths,
          horizon: f.horizon,
          reason: f.reason,
        };
      },
    },
    SalesBudget: {
      scope: (b: Budget) => ({ kind: b.scopeKind, ref: b.scopeRef || null }),
      amount: (b: Budget, _: unknown, ctx: PeopleContext) => m(ctx, b.amount),
      spent: async (b: Budget, _: unknown, ctx: PeopleContext) => m(ctx, (await figures(ctx, b)).spent),
      remaining: async (b: Budget, _: unknown, ctx: PeopleContext) => m(ctx, (await figures(ctx, b)).remaining),
      utilization: async (b: Budget, _: unknown, ctx: PeopleContext) => (await figures(ctx, b)).utilization,
      costOfSalesRatio: async (b: Budget, _: unknown, ctx: PeopleContext) => (await figures(ctx, b)).costOfSalesRatio,
      spends: (b: Budget, _: unknown, ctx: PeopleContext) => ctx.loaders.spendsByBudget.load(b.id),
    },
    BudgetSpend: {
      amount: (s: BudgetSpend, _: unknown, ctx: PeopleContext) => m(ctx, s.amount),
    },
    KpiScheme: {
      kpis: (s: KpiScheme) => s.kpis.map((k) => ({ metric: k.metric, weight: pct(k.weight), target: pct(k.target) })),
    },
    Appraisal: {
      rep: (a: Appraisal, _: unknown, ctx: PeopleContext) => ctx.repById.load(a.repId),
      scheme: (a: Appraisal, _: unknown, ctx: PeopleContext) => ctx.schemeById.load(a.schemeId),
      kpis: (a: Appraisal) =>
        a.result.kpis.map((k) => ({ metric: k.metric, weight: pct(k.weight), target: pct(k.target), actual: k.actual == null ? null : pct(k.actual), score: pct(k.score), weighted: pct(k.weighted) })),
      qualitative: (a: Appraisal) => a.result.qualitative.map((q) => ({ criterion: q.criterion, score: pct(q.score) })),
      kpiTotal: (a: Appraisal) => pct(a.result.kpiTotal),
      total: (a: Appraisal) => pct(a.total),
    },
    Objective: {
      owner: (o: Objective, _: unknown, ctx: PeopleContext) => ctx.repById.load(o.ownerRepId),
      keyResults: (o: Objective, _: unknown, ctx: PeopleContext) => ctx.loaders.keyResultsByObjective.load(o.id),
      progress: async (o: Objective, _: unknown, ctx: PeopleContext) => pct(objectiveProgress(await ctx.loaders.keyResultsByObjective.load(o.id))),
    },
    KeyResult: {
      target: (k: KeyResult) => pct(k.target),
      current: (k: KeyResult) => pct(k.current),
      progress: (k: KeyResult) => pct(keyResultProgress(k.current, k.target)),
    },
    CommissionPlan: {
      baseRatePercent: (p: CommissionPlan) => pct(p.baseRate),
      tiers: (p: CommissionPlan) => p.tiers.map((t) => ({ fromAttainmentPercent: pct(t.fromAttainment), ratePercent: pct(t.rate) })),
    },
    CommissionStatement: {
      accrued: (s: CommissionStatement, _: unknown, ctx: PeopleContext) => m(ctx, s.accrued),
      paidOut: (s: CommissionStatement, _: unknown, ctx: PeopleContext) => m(ctx, s.paidOut),
      payable: (s: CommissionStatement, _: unknown, ctx: PeopleContext) => m(ctx, s.payable),
    },
    CommissionEntry: {
      period: (e: CommissionEntry) => e.month,
      basis: (e: CommissionEntry, _: unknown, ctx: PeopleContext) => m(ctx, e.basisAmount),
      amount: (e: CommissionEntry, _: unknown, ctx: PeopleContext) => m(ctx, e.amount),
      plan: (e: CommissionEntry, _: unknown, ctx: PeopleContext) => ctx.planById.load(e.planId),
      target: (e: CommissionEntry, _: unknown, ctx: PeopleContext) => byId(ctx.targetById, e.targetId),
      reverses: (e: CommissionEntry) => e.reversesId ?? null,
      bands: (e: CommissionEntry, _: unknown, ctx: PeopleContext) =>
        e.bands.map((b) => {
          const basis = BigInt(b.basis);
          const rate = BigInt(b.rate);
          return { fromAttainmentPercent: pct(b.fromAttainment), ratePercent: pct(rate), basis: m(ctx, basis), amount: m(ctx, divideHalfEven(basis * rate, 10_000n)) };
        }),
    },
    ...kpiResolvers(),
    TrainingRecord: {
      score: (t: TrainingRecord) => (t.score == null ? null : pct(t.score)),
      hours: (t: TrainingRecord) => pct(t.hours),
    },
  } as GraphQLResolverMap<PeopleContext>;
}
