// Per-request batched lookups behind SalesRep (and the other types' per-parent lists): one SQL
// query per kind of data per request, whatever the number of reps, teams, regions, targets,
// objectives or budgets in the response. Tables with only plain columns come back as plain rows of
// those columns: hydrating and tracking managed entities costs more CPU than the query for a page
// of 100. Tables with bigint or JSON columns are still loaded as entities (their types convert them).
import DataLoader from 'dataloader';
import { sql, type EntityManager } from '@salesgraph/db';
import type { Clock } from '@salesgraph/kernel';
import { commissionStatements, plansAt, type CommissionStatement } from '../commissions.service';
import { CommissionPlan } from '../infra/commission.entity';
import { Appraisal, BudgetSpend, KeyResult, Objective, TrainingRecord } from '../infra/plan.entity';
import { Region, RepAssignment, SalesRep, Team } from '../infra/sales-rep.entity';
import { SalesTarget } from '../infra/target.entity';
import { repAttainments, type RepAttainmentView } from '../targets.service';

/** Keys of the loaders with an argument: the parent's id and the argument, e.g. a period ('' = none). */
export const argKey = (id: string, arg: string): string => `${id}\t${arg}`;
const splitKey = (key: string): [string, string] => {
  const i = key.indexOf('\t');
  return [key.slice(0, i), key.slice(i + 1)];
};

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

/**
 * A loader of keys with an argument: the keys are grouped by argument (one query per distinct
 * argument, in practice one per request), `load` answers one argument for many parent ids.
 */
function perArgument<V>(load: (ids: string[], arg: string) => Promise<Map<string, V>>, missing: () => V): DataLoader<string, V> {
  return new DataLoader<string, V>(async (keys) => {
    const idsByArg = new Map<string, string[]>();
    for (const k of keys) {
      const [id, arg] = splitKey(k);
      (idsByArg.get(arg) ?? idsByArg.set(arg, []).get(arg)!).push(id);
    }
    const results = new Map<string, Map<string, V>>();
    await Promise.all([...idsByArg].map(async ([arg, ids]) => results.set(arg, await load([...new Set(ids)], arg))));
    return keys.map((k) => {
      const [id, arg] = splitKey(k);
      return results.get(arg)!.get(id) ?? missing();
    });
  });
}

const REP_FIELDS = ['id', 'name', 'email', 'regionCode', 'level', 'hiredAt', 'version', 'employeeNo', 'teamId', 'managerId', 'active', 'offboardedAt'] as const;
const TEAM_FIELDS = ['id', 'name', 'regionCode', 'managerId', 'createdAt'] as const;
const REGION_FIELDS = ['code', 'name', 'parentCode', 'createdAt'] as const;

export interface PeopleLoaders {
  repById: DataLoader<string, SalesRep | null>;
  teamById: DataLoader<string, Team | null>;
  regionByCode: DataLoader<string, Region | null>;
  historyByRep: DataLoader<string, RepAssignment[]>;
  trainingByRep: DataLoader<string, TrainingRecord[]>;
  /** argKey(repId, period text or ''). */
  objectivesByRep: DataLoader<string, Objective[]>;
  /** argKey(repId, period text or ''). */
  appraisalsByRep: DataLoader<string, Appraisal[]>;
  /** argKey(repId, instant in ms, or '' for now). */
  commissionPlanOf: DataLoader<string, CommissionPlan | null>;
  /** argKey(repId, period text). */
  commissionsOf: DataLoader<string, CommissionStatement>;
  /** argKey(repId, period as asked). */
  attainmentOf: DataLoader<string, RepAttainmentView[]>;
  activeMembersByTeam: DataLoader<string, SalesRep[]>;
  childrenByRegion: DataLoader<string, Region[]>;
  teamsByRegion: DataLoader<string, Team[]>;
  childrenByTarget: DataLoader<string, SalesTarget[]>;
  keyResultsByObjective: DataLoader<string, KeyResult[]>;
  spendsByBudget: DataLoader<string, BudgetSpend[]>;
}

export function peopleLoaders(em: EntityManager, clock: Clock): PeopleLoaders {
  const qb = <T extends object>(entity: new () => T, alias: string) => sql(em).createQueryBuilder<T, string>(entity, alias);
  const byKey = <T>(rows: T[], keys: readonly string[], key: (row: T) => string): T[][] => {
    const by = groupBy(rows, key);
    return keys.map((k) => by.get(k) ?? []);
  };
  const one = <T>(rows: T[], keys: readonly string[], key: (row: T) => string): (T | null)[] => {
    const by = new Map(rows.map((r) => [key(r), r]));
    return keys.map((k) => by.get(k) ?? null);
  };
  const periodWhere = (arg: string) => (arg ? { period: arg } : {});

  return {
    repById: new DataLoader(async (ids) => one(await qb(SalesRep, 'r').select([...REP_FIELDS]).where({ id: { $in: [...ids] } }).execute<SalesRep[]>('all'), ids, (r) => r.id), { maxBatchSize: 1000 }),
    teamById: new DataLoader(async (ids) => one(await qb(Team, 't').select([...TEAM_FIELDS]).where({ id: { $in: [...ids] } }).execute<Team[]>('all'), ids, (t) => t.id), { maxBatchSize: 1000 }),
    regionByCode: new DataLoader(async (codes) => one(await qb(Region, 'g').select([...REGION_FIELDS]).where({ code: { $in: [...codes] } }).execute<Region[]>('all'), codes, (r) => r.code), { maxBatchSize: 1000 }),
    historyByRep: new DataLoader(async (ids) =>
      byKey(await qb(RepAssignment, 'a').select('*').where({ repId: { $in: [...ids] } }).orderBy({ validFrom: 'asc', id: 'asc' }).execute<RepAssignment[]>('all'), ids, (a) => a.repId),
    ),
    trainingByRep: new DataLoader(async (ids) =>
      byKey(await qb(TrainingRecord, 't').select('*').where({ repId: { $in: [...ids] } }).orderBy({ completedAt: 'asc', id: 'asc' }).execute<TrainingRecord[]>('all'), ids, (t) => t.repId),
    ),
    objectivesByRep: perArgument(async (ids, period) => {
      const rows = await qb(Objective, 'o').select('*').where({ ownerRepId: { $in: ids }, ...periodWhere(period) }).orderBy({ id: 'asc' }).execute<Objective[]>('all');
      return groupBy(rows, (o) => o.ownerRepId);
    }, () => []),
    appraisalsByRep: perArgument(async (ids, period) => groupBy(await em.find(Appraisal, { repId: { $in: ids }, ...periodWhere(period) }, { orderBy: { createdAt: 'asc', id: 'asc' } }), (a) => a.repId), () => []),
    commissionPlanOf: perArgument((ids, at) => plansAt(em, ids, at ? new Date(Number(at)) : clock.now()), () => null),
    commissionsOf: perArgument((ids, period) => commissionStatements(em, ids, period), () => {
      throw new Error('commission statement missing from its batch');
    }),
    attainmentOf: perArgument((ids, period) => repAttainments(em, ids, period, clock.now()), () => []),
    activeMembersByTeam: new DataLoader(async (ids) =>
      byKey(await qb(SalesRep, 'r').select([...REP_FIELDS]).where({ teamId: { $in: [...ids] }, active: true }).orderBy({ name: 'asc', id: 'asc' }).execute<SalesRep[]>('all'), ids, (r) => r.teamId!),
    ),
    childrenByRegion: new DataLoader(async (codes) =>
      byKey(await qb(Region, 'g').select([...REGION_FIELDS]).where({ parentCode: { $in: [...codes] } }).orderBy({ code: 'asc' }).execute<Region[]>('all'), codes, (r) => r.parentCode!),
    ),
    teamsByRegion: new DataLoader(async (codes) =>
      byKey(await qb(Team, 't').select([...TEAM_FIELDS]).where({ regionCode: { $in: [...codes] } }).orderBy({ name: 'asc', id: 'asc' }).execute<Team[]>('all'), codes, (t) => t.regionCode),
    ),
    childrenByTarget: new DataLoader(async (ids) =>
      byKey(await em.find(SalesTarget, { parentId: { $in: [...ids] } }, { orderBy: { periodStart: 'asc', scopeKind: 'asc', scopeRef: 'asc' } }), ids, (t) => t.parentId!),
    ),
    keyResultsByObjective: new DataLoader(async (ids) => byKey(await em.find(KeyResult, { objectiveId: { $in: [...ids] } }, { orderBy: { position: 'asc' } }), ids, (k) => k.objectiveId)),
    spendsByBudget: new DataLoader(async (ids) => byKey(await em.find(BudgetSpend, { budgetId: { $in: [...ids] } }, { orderBy: { spentAt: 'asc', id: 'asc' } }), ids, (s) => s.budgetId)),
  };
}
