// Actuals from the local read models: revenue/margin from sales facts, new customers from
// customer ownership, for a scope and a set of months.
import { raw, sql, type EntityManager } from '@salesgraph/db';
import type { Scope, TargetMetric } from './domain/target';
import { SalesFact } from './infra/actuals.entity';
import { CustomerOwnership, Region } from './infra/sales-rep.entity';
import { regionSubtree } from './org.service';

function toBig(v: unknown): bigint {
  if (v == null) return 0n;
  if (typeof v === 'bigint') return v;
  const s = String(v);
  return BigInt(s.includes('.') ? s.slice(0, s.indexOf('.')) : s);
}

async function regionCodes(em: EntityManager, code: string): Promise<string[]> {
  return [...regionSubtree(await em.find(Region, {}), code)];
}

/** Which column holds each scope's ref in a table; absent means the table cannot be scoped that way. */
type ScopeColumns = Partial<Record<'TEAM' | 'REP' | 'PRODUCT_LINE', string>>;

const FACT_COLUMNS: ScopeColumns = { TEAM: 'teamId', REP: 'repId', PRODUCT_LINE: 'productLine' };
// Customers have no product line.
const CUSTOMER_COLUMNS: ScopeColumns = { TEAM: 'createdTeamId', REP: 'createdRepId' };

async function scopeFilter(em: EntityManager, scope: Scope, columns: ScopeColumns): Promise<Record<string, unknown> | null> {
  if (scope.kind === 'COMPANY') return {};
  if (scope.kind === 'REGION') return { regionCode: { $in: await regionCodes(em, scope.ref) } };
  const column = columns[scope.kind];
  return column ? { [column]: scope.ref } : null;
}

const COLUMN: Record<'REVENUE' | 'GROSS_MARGIN', string> = { REVENUE: 'revenue', GROSS_MARGIN: 'margin' };

/** Actual of a metric in a scope over months, grouped by `groupBy` ("month" or "rep"), or the total. */
async function grouped(em: EntityManager, metric: TargetMetric, scope: Scope, months: string[] | { before: string }, groupBy: 'month' | 'rep' | null): Promise<Map<string, bigint>> {
  const monthCond = Array.isArray(months) ? { $in: months } : { $lt: months.before };
  const out = new Map<string, bigint>();
  if (Array.isArray(months) && months.length === 0) return out;
  if (metric === 'NEW_CUSTOMERS') {
    const filter = await scopeFilter(em, scope, CUSTOMER_COLUMNS);
    if (!filter) return out;
    const key = groupBy === 'month' ? 'created_month' : groupBy === 'rep' ? 'created_rep_id' : null;
    const qb = sql(em)
      .createQueryBuilder(CustomerOwnership, 'c')
      .select(key ? [raw(`c.${key} as k`), raw('count(*) as total')] : [raw('count(*) as total')])
      .where({ ...filter, createdMonth: monthCond });
    if (key) qb.groupBy(raw(`c.${key}`) as never);
    const rows = (await qb.execute('all', false)) as { k?: string; total: unknown }[];
    for (const r of rows) out.set(r.k ?? '', toBig(r.total));
    return out;
  }
  const filter = await scopeFilter(em, scope, FACT_COLUMNS);
  if (!filter) return out;
  const key = groupBy === 'month' ? 'month' : groupBy === 'rep' ? 'rep_id' : null;
  const col = COLUMN[metric];
  const qb = sql(em)
    .createQueryBuilder(SalesFact, 'f')
    .select(key ? [raw(`f.${key} as k`), raw(`coalesce(sum(f.${col}), 0) as total`)] : [raw(`coalesce(sum(f.${col}), 0) as total`)])
    .where({ ...filter, month: monthCond });
  if (key) qb.groupBy(raw(`f.${key}`) as never);
  const rows = (await qb.execute('all', false)) as { k?: string; total: unknown }[];
  for (const r of rows) out.set(r.k ?? '', toBig(r.total));
  return out;
}

export async function actualFor(em: EntityManager, metric: TargetMetric, scope: Scope, months: string[]): Promise<bigint> {
  return (await grouped(em, metric, scope, months, null)).get('') ?? 0n;
}

export function actualsByRep(em: EntityManager, metric: TargetMetric, scope: Scope, months: string[]): Promise<Map<string, bigint>> {
  return grouped(em, metric, scope, months, 'rep');
}

export function actualsByMonth(em: EntityManager, metric: TargetMetric, scope: Scope, months: string[] | { before: string }): Promise<Map<string, bigint>> {
  return grouped(em, metric, scope, months, 'month');
}

/**
 * Every metric's actual over the months for each of `repIds` (as actualFor with a REP scope):
 * one grouped query over the sales facts (revenue and margin together), one over new customers.
 */
export async function actualsOfReps(em: EntityManager, repIds: readonly string[], months: string[]): Promise<Record<TargetMetric, Map<string, bigint>>> {
  const out: Record<TargetMetric, Map<string, bigint>> = { REVENUE: new Map(), GROSS_MARGIN: new Map(), NEW_CUSTOMERS: new Map() };
  if (!repIds.length || !months.length) return out;
  const ids = [...repIds];
  const [facts, customers] = await Promise.all([
    sql(em)
      .createQueryBuilder(SalesFact, 'f')
      .select([raw('f.rep_id as k'), raw('coalesce(sum(f.revenue), 0) as revenue'), raw('coalesce(sum(f.margin), 0) as margin')])
      .where({ repId: { $in: ids }, month: { $in: months } })
      .groupBy(raw('f.rep_id') as never)
      .execute('all', false) as Promise<{ k: string; revenue: unknown; margin: unknown }[]>,
    sql(em)
      .createQueryBuilder(CustomerOwnership, 'c')
      .select([raw('c.created_rep_id as k'), raw('count(*) as total')])
      .where({ createdRepId: { $in: ids }, createdMonth: { $in: months } })
      .groupBy(raw('c.created_rep_id') as never)
      .execute('all', false) as Promise<{ k: string; total: unknown }[]>,
  ]);
  for (const r of facts) {
    out.REVENUE.set(r.k, toBig(r.revenue));
    out.GROSS_MARGIN.set(r.k, toBig(r.margin));
  }
  for (const r of customers) out.NEW_CUSTOMERS.set(r.k, toBig(r.total));
  return out;
}

/** Distinct product lines ever credited. */
export async function knownProductLines(em: EntityManager): Promise<string[]> {
  const rows = (await sql(em).createQueryBuilder(SalesFact, 'f').select(raw('distinct f.product_line as p')).execute('all', false)) as { p: string }[];
  return rows.map((r) => r.p).sort();
}
