// Targets: setting, top-down decomposition, the tree with its bottom-up check, attainment, leaderboard.
import { NotFoundError, uuidv7, ValidationError, type Clock } from '@salesgraph/kernel';
import type { EntityManager } from '@salesgraph/db';
import { actualFor, actualsByMonth, actualsByRep, actualsOfReps, knownProductLines } from './actuals';
import { attainment, percentOf, type Attainment } from './domain/attainment';
import {
  bottomUpMismatches,
  decomposeEven,
  decomposeWeighted,
  DECOMPOSE_INTO,
  DECOMPOSE_METHODS,
  parseWeights,
  seasonalWeights,
  type DecomposeInto,
  type DecomposeMethod,
  type Share,
  type TreeNode,
  type WeightInput,
} from './domain/decomposition';
import { monthNumber, monthsOf, parsePeriod, previousYear, subPeriods, type Period } from './domain/period';
import { requireId } from './domain/sales-rep';
import { childMisfit, parseMetric, parseScope, validateSetTarget, type Scope, type SetTargetInput, type TargetMetric } from './domain/target';
import { Duplicate, TargetAlreadyDecomposed } from './errors';
import { Region, SalesRep, Team } from './infra/sales-rep.entity';
import { SalesTarget } from './infra/target.entity';
import { orgLookup, regionSubtree } from './org.service';

export function scopeOf(t: SalesTarget): Scope {
  return { kind: t.scopeKind, ref: t.scopeRef };
}

/** The scope's ref must name something that exists. */
export async function assertScopeExists(em: EntityManager, scope: Scope, field = 'scope.ref'): Promise<void> {
  if (scope.kind === 'REGION' && !(await em.findOne(Region, { code: scope.ref }))) throw new NotFoundError('Region', scope.ref, field);
  if (scope.kind === 'TEAM' && !(await em.findOne(Team, { id: scope.ref }))) throw new NotFoundError('Team', scope.ref, field);
  if (scope.kind === 'REP' && !(await em.findOne(SalesRep, { id: scope.ref }))) throw new NotFoundError('SalesRep', scope.ref, field);
}

function newTarget(em: EntityManager, now: Date, period: Period, scope: Scope, metric: TargetMetric, amount: bigint, parent: SalesTarget | null): SalesTarget {
  const id = uuidv7();
  return em.create(SalesTarget, {
    id,
    period: period.text,
    periodKind: period.kind,
    periodStart: monthsOf(period)[0]!,
    scopeKind: scope.kind,
    scopeRef: scope.ref,
    metric,
    amount,
    parentId: parent?.id ?? null,
    rootId: parent?.rootId ?? id,
    decomposedInto: null,
    method: null,
    createdAt: now,
  });
}

export async function setSalesTarget(em: EntityManager, deps: { clock: Clock }, input: SetTargetInput): Promise<SalesTarget> {
  const cmd = validateSetTarget(input);
  return em.transactional(async (tx) => {
    await assertScopeExists(tx, cmd.scope);
    let parent: SalesTarget | null = null;
    if (cmd.parentId) {
      parent = await tx.findOne(SalesTarget, { id: cmd.parentId });
      if (!parent) throw new NotFoundError('SalesTarget', cmd.parentId, 'parentId');
      const org = await orgLookup(tx, cmd.scope.kind === 'REP' ? [cmd.scope.ref] : [], cmd.scope.kind === 'TEAM' ? [cmd.scope.ref] : []);
      const misfit = childMisfit({ period: parsePeriod(parent.period), scope: scopeOf(parent), metric: parent.metric }, cmd, org);
      if (misfit) throw new ValidationError(misfit, `the target does not fit in its parent ${parent.id}: its ${misfit} lies outside the parent's (${parent.period}, ${parent.scopeKind} ${parent.scopeRef}, ${parent.metric})`);
    }
    const existing = await tx.findOne(SalesTarget, { period: cmd.period.text, scopeKind: cmd.scope.kind, scopeRef: cmd.scope.ref, metric: cmd.metric });
    if (existing) throw new Duplicate(`a ${cmd.metric} target for ${cmd.period.text} and this scope already exists`, 'scope', { existingId: existing.id });
    return newTarget(tx, deps.clock.now(), cmd.period, cmd.scope, cmd.metric, cmd.amount, parent);
  });
}

export interface DecomposeTargetInput {
  targetId: string;
  into: string;
  method: string;
  weights?: WeightInput[] | null;
}

interface ChildSpec {
  ref: string;
  period: Period;
  scope: Scope;
}

/** The children a dimension offers below a target, before any weighting. */
async function candidates(em: EntityManager, parent: SalesTarget, into: DecomposeInto): Promise<ChildSpec[]> {
  const period = parsePeriod(parent.period);
  const scope = scopeOf(parent);
  const inPeriod = (texts: string[]) => texts.map((t) => ({ ref: t, period: parsePeriod(t), scope }));
  switch (into) {
    case 'QUARTERS':
    case 'MONTHS': {
      const subs = subPeriods(period, into);
      if (!subs.length) throw new ValidationError('into', `a ${period.kind.toLowerCase()} target cannot be split into ${into.toLowerCase()}`);
      return inPeriod(subs);
    }
    case 'REGIONS': {
      const regions = await em.find(Region, {}, { orderBy: { code: 'asc' } });
      if (scope.kind !== 'COMPANY' && scope.kind !== 'REGION') throw new ValidationError('into', `a ${scope.kind} target cannot be split into regions`);
      const kids = regions.filter((r) => (scope.kind === 'COMPANY' ? !r.parentCode : r.parentCode === scope.ref));
      if (!kids.length) throw new ValidationError('into', scope.kind === 'COMPANY' ? 'there are no regions' : `region ${scope.ref} has no sub-regions`);
      return kids.map((r) => ({ ref: r.code, period, scope: { kind: 'REGION', ref: r.code } }));
    }
    case 'TEAMS': {
      if (scope.kind !== 'COMPANY' && scope.kind !== 'REGION') throw new ValidationError('into', `a ${scope.kind} target cannot be split into teams`);
      const where = scope.kind === 'REGION' ? { regionCode: { $in: [...regionSubtree(await em.find(Region, {}), scope.ref)] } } : {};
      const teams = await em.find(Team, where, { orderBy: { name: 'asc', id: 'asc' } });
      if (!teams.length) throw new ValidationError('into', 'there are no teams in the scope');
      return teams.map((t) => ({ ref: t.id, period, scope: { kind: 'TEAM', ref: t.id } }));
    }
    case 'REPS': {
      let where: Record<string, unknown>;
      if (scope.kind === 'COMPANY') where = { active: true };
      else if (scope.kind === 'REGION') where = { active: true, regionCode: { $in: [...regionSubtree(await em.find(Region, {}), scope.ref)] } };
      else if (scope.kind === 'TEAM') where = { active: true, teamId: scope.ref };
      else throw new ValidationError('into', `a ${scope.kind} target cannot be split into reps`);
      const reps = await em.find(SalesRep, where, { orderBy: { name: 'asc', id: 'asc' } });
      if (!reps.length) throw new ValidationError('into', 'there are no active reps in the scope');
      return reps.map((r) => ({ ref: r.id, period, scope: { kind: 'REP', ref: r.id } }));
    }
    case 'PRODUCT_LINES': {
      if (scope.kind !== 'COMPANY') throw new ValidationError('into', 'only a COMPANY target can be split into product lines');
      return (await knownProductLines(em)).map((p) => ({ ref: p, period, scope: { kind: 'PRODUCT_LINE', ref: p } }));
    }
  }
}

/** Matches a weight's ref to a candidate ("Q1" and "2027-Q1" both name a quarter; "03" a month). */
function matchRef(all: ChildSpec[], ref: string, into: DecomposeInto, parentPeriod: Period): ChildSpec | null {
  const r = ref.trim();
  if (into === 'QUARTERS' || into === 'MONTHS') {
    const full = /^Q[1-4]$/i.test(r) || /^\d{2}$/.test(r) ? `${parentPeriod.year}-${r.toUpperCase()}` : r.toUpperCase();
    return all.find((c) => c.ref === full) ?? null;
  }
  if (into === 'REGIONS') return all.find((c) => c.ref === r.toUpperCase()) ?? null;
  if (into === 'PRODUCT_LINES') return all.find((c) => c.ref === r) ?? { ref: r, period: parentPeriod, scope: { kind: 'PRODUCT_LINE', ref: r } };
  return all.find((c) => c.ref === r.toLowerCase()) ?? null;
}

export async function decomposeTarget(em: EntityManager, deps: { clock: Clock }, input: DecomposeTargetInput): Promise<SalesTarget[]> {
  const targetId = requireId(input.targetId, 'targetId');
  if (!DECOMPOSE_INTO.includes(input.into as DecomposeInto)) throw new ValidationError('into', `into must be one of ${DECOMPOSE_INTO.join(', ')}`);
  if (!DECOMPOSE_METHODS.includes(input.method as DecomposeMethod)) throw new ValidationError('method', `method must be one of ${DECOMPOSE_METHODS.join(', ')}`);
  const into = input.into as DecomposeInto;
  const method = input.method as DecomposeMethod;
  const weights = method === 'WEIGHTED' ? parseWeights(input.weights) : null;
  if (method === 'SEASONAL' && into !== 'QUARTERS' && into !== 'MONTHS') throw new ValidationError('method', 'SEASONAL splits a period into quarters or months');
  return em.transactional(async (tx) => {
    const parent = await tx.findOne(SalesTarget, { id: targetId });
    if (!parent) throw new NotFoundError('SalesTarget', targetId, 'targetId');
    if (parent.decomposedInto) throw new TargetAlreadyDecomposed(parent.id, parent.decomposedInto);
    const parentPeriod = parsePeriod(parent.period);
    const all = await candidates(tx, parent, into);
    // The children: named by weights (WEIGHTED, or EVEN over chosen refs), else every candidate.
    let children: ChildSpec[] = all;
    const named = weights ?? (input.weights?.length ? input.weights.map((w) => ({ ref: w.ref, weight: 0n })) : null);
    if (named) {
      children = named.map((w, i) => {
        const c = matchRef(all, w.ref, into, parentPeriod);
        if (!c) throw new ValidationError(`weights[${i}].ref`, `${w.ref} is not a ${into.toLowerCase().replace(/s$/, '').replace('_', ' ')} within the target's period and scope`);
        return c;
      });
    }
    if (!children.length) throw new ValidationError('weights', 'name the product lines to split into (no sales history yet)');
    let shares: Share[];
    if (method === 'EVEN') shares = decomposeEven(parent.amount, children.map((c) => c.ref));
    else if (method === 'WEIGHTED') shares = decomposeWeighted(parent.amount, weights!.map((w, i) => ({ ref: children[i]!.ref, weight: w.weight })));
    else if (method === 'HISTORICAL') {
      const history: { ref: string; weight: bigint }[] = [];
      for (const c of children) history.push({ ref: c.ref, weight: await actualFor(tx, parent.metric, c.scope, monthsOf(previousYear(c.period))) });
      shares = decomposeWeighted(parent.amount, history);
    } else {
      const byMonth = await actualsByMonth(tx, parent.metric, scopeOf(parent), { before: monthsOf(parentPeriod)[0]! });
      const profile = new Map<number, bigint>();
      for (const [month, v] of byMonth) profile.set(monthNumber(month), (profile.get(monthNumber(month)) ?? 0n) + v);
      shares = decomposeWeighted(parent.amount, seasonalWeights(children.map((c) => ({ ref: c.ref, monthNumbers: monthsOf(c.period).map(monthNumber) })), profile));
    }
    for (const c of children) {
      const dup = await tx.findOne(SalesTarget, { period: c.period.text, scopeKind: c.scope.kind, scopeRef: c.scope.ref, metric: parent.metric });
      if (dup) throw new Duplicate(`a ${parent.metric} target for ${c.period.text} and ${c.scope.kind} ${c.scope.ref} already exists`, 'into', { existingId: dup.id });
    }
    const now = deps.clock.now();
    const created = children.map((c, i) => newTarget(tx, now, c.period, c.scope, parent.metric, shares[i]!.amount, parent));
    parent.decomposedInto = into;
    parent.method = method;
    return created;
  });
}

export interface TreeView {
  root: SalesTarget;
  nodes: { target: SalesTarget; depth: number; childrenSum: bigint | null }[];
  mismatches: { target: SalesTarget; amount: bigint; childrenSum: bigint }[];
}

export async function targetTree(em: EntityManager, rootId: string): Promise<TreeView | null> {
  const root = await em.findOne(SalesTarget, { id: rootId });
  if (!root) return null;
  const all = await em.find(SalesTarget, { rootId: root.rootId }, { orderBy: { periodStart: 'asc', scopeKind: 'asc', scopeRef: 'asc' } });
  const kids = new Map<string, SalesTarget[]>();
  for (const t of all) if (t.parentId) kids.set(t.parentId, [...(kids.get(t.parentId) ?? []), t]);
  const nodes: TreeView['nodes'] = [];
  const build = (t: SalesTarget): TreeNode => ({ id: t.id, amount: t.amount, children: (kids.get(t.id) ?? []).map(build) });
  // Parents before children, breadth first.
  let level: SalesTarget[] = [root];
  for (let depth = 0; level.length; depth++) {
    const next: SalesTarget[] = [];
    for (const t of level) {
      const c = kids.get(t.id) ?? [];
      nodes.push({ target: t, depth, childrenSum: c.length ? c.reduce((a, x) => a + x.amount, 0n) : null });
      next.push(...c);
    }
    level = next;
  }
  const byId = new Map(all.map((t) => [t.id, t]));
  const mismatches = bottomUpMismatches(build(root)).map((m) => ({ target: byId.get(m.targetId)!, amount: m.amount, childrenSum: m.childrenSum }));
  return { root, nodes, mismatches };
}

export async function targetAttainment(em: EntityManager, t: SalesTarget, now: Date): Promise<Attainment> {
  const period = parsePeriod(t.period);
  const actual = await actualFor(em, t.metric, scopeOf(t), monthsOf(period));
  return attainment(t.amount, actual, period, now);
}

export interface TargetFilterInput {
  period?: string | null;
  scopeKind?: string | null;
  ref?: string | null;
  metric?: string | null;
}

export async function findTargets(em: EntityManager, filter: TargetFilterInput | null | undefined): Promise<SalesTarget[]> {
  const where: Record<string, unknown> = {};
  if (filter?.period) where.period = parsePeriod(filter.period, 'filter.period').text;
  if (filter?.metric) where.metric = parseMetric(filter.metric, 'filter.metric');
  if (filter?.scopeKind) {
    const s = parseScope({ kind: filter.scopeKind, ref: filter.ref }, 'filter');
    where.scopeKind = s.kind;
    if (filter.ref != null || s.kind === 'COMPANY') where.scopeRef = s.ref;
  } else if (filter?.ref) where.scopeRef = filter.ref;
  return em.find(SalesTarget, where, { orderBy: { periodStart: 'asc', period: 'asc', scopeKind: 'asc', scopeRef: 'asc', id: 'asc' }, limit: 1000 });
}

export interface RepAttainmentView {
  period: string;
  metric: TargetMetric;
  target: SalesTarget | null;
  actual: bigint;
  percent: string | null;
  variance: bigint | null;
  projected: bigint;
}

export async function repAttainment(em: EntityManager, repId: string, periodText: string, now: Date): Promise<RepAttainmentView[]> {
  return (await repAttainments(em, [repId], periodText, now)).get(repId)!;
}

/** repAttainment for many reps of one period: one query for the targets, one per actuals table. */
export async function repAttainments(em: EntityManager, repIds: readonly string[], periodText: string, now: Date): Promise<Map<string, RepAttainmentView[]>> {
  const period = parsePeriod(periodText);
  const months = monthsOf(period);
  const [targets, actuals] = await Promise.all([
    em.find(SalesTarget, { scopeKind: 'REP', scopeRef: { $in: [...repIds] }, period: period.text }),
    actualsOfReps(em, repIds, months),
  ]);
  const out = new Map<string, RepAttainmentView[]>();
  for (const repId of repIds) {
    const views: RepAttainmentView[] = [];
    for (const metric of ['REVENUE', 'GROSS_MARGIN', 'NEW_CUSTOMERS'] as TargetMetric[]) {
      const target = targets.find((t) => t.scopeRef === repId && t.metric === metric) ?? null;
      const actual = actuals[metric].get(repId) ?? 0n;
      const a = attainment(target?.amount ?? 0n, actual, period, now);
      views.push({ period: period.text, metric, target, actual, percent: target ? a.percent : null, variance: target ? a.variance : null, projected: a.projected });
    }
    out.set(repId, views);
  }
  return out;
}

export interface LeaderboardRow {
  rank: number;
  rep: SalesRep;
  actual: bigint;
  target: bigint | null;
  percent: string | null;
}

export async function leaderboard(
  em: EntityManager,
  args: { period: string; metric: string; scope?: { kind: string; ref?: string | null } | null; first?: number | null },
): Promise<LeaderboardRow[]> {
  const period = parsePeriod(args.period);
  const metric = parseMetric(args.metric);
  const scope = parseScope(args.scope);
  if (scope.kind === 'REP' || scope.kind === 'PRODUCT_LINE') throw new ValidationError('scope.kind', 'a leaderboard ranks reps within the COMPANY, a REGION or a TEAM');
  const first = args.first ?? 10;
  if (!Number.isInteger(first) || first < 0 || first > 100) throw new ValidationError('first', 'first must be between 0 and 100');
  const actuals = await actualsByRep(em, metric, scope, monthsOf(period));
  // Everyone currently in the scope competes, even with nothing sold yet; so does anyone credited in it.
  let repWhere: Record<string, unknown> = { active: true };
  if (scope.kind === 'REGION') repWhere = { active: true, regionCode: { $in: [...regionSubtree(await em.find(Region, {}), scope.ref)] } };
  if (scope.kind === 'TEAM') repWhere = { active: true, teamId: scope.ref };
  const credited = [...actuals.keys()];
  const reps = await em.find(SalesRep, credited.length ? { $or: [repWhere, { id: { $in: credited } }] } : repWhere);
  const targets = await em.find(SalesTarget, { scopeKind: 'REP', period: period.text, metric, scopeRef: { $in: reps.map((r) => r.id) } });
  const targetOf = new Map(targets.map((t) => [t.scopeRef, t.amount]));
  const rows = reps.map((rep) => ({ rep, actual: actuals.get(rep.id) ?? 0n, target: targetOf.get(rep.id) ?? null }));
  rows.sort((a, b) => (a.actual === b.actual ? a.rep.name.localeCompare(b.rep.name) || a.rep.id.localeCompare(b.rep.id) : a.actual > b.actual ? -1 : 1));
  let rank = 0;
  return rows.slice(0, first).map((r, i) => {
    if (i === 0 || rows[i - 1]!.actual !== r.actual) rank = i + 1;
    return { rank, rep: r.rep, actual: r.actual, target: r.target, percent: r.target == null ? null : percentOf(r.actual, r.target) };
  });
}
