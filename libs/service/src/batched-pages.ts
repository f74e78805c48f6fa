// Pages of child rows for many parents in one SQL statement (Customer.orders or
// Customer.interactions for a page of customers, SalesRep.orders, SalesRep.customers,
// Contract.orders): row_number() over the parent column cuts each parent's page, a grouped count
// answers every parent's totalCount. Rows are
// read as plain objects — no identity map, no change-set snapshot — with only the columns the
// query needs. They are read models for resolvers: never persist or change them.
import DataLoader from 'dataloader';
import type { EntityMetadata, EntityName, EntityProperty } from '@mikro-orm/core';
import { raw, sql, type EntityManager } from '@salesgraph/db';
import type { PageRequest } from '@salesgraph/graphql';

type Where = Record<string, unknown>;

export interface ChildPageKey<T> {
  /** The property holding the parent's id, e.g. customerId. */
  parent: keyof T & string;
  parentId: string;
  /** Row filters besides the parent (status, row rules): equal for every parent of a batch. */
  where: Where;
  page: PageRequest;
  /** Properties to read (id and the parent are always read); null: every column. */
  fields: readonly (keyof T & string)[] | null;
}

export interface ChildCountKey<T> {
  parent: keyof T & string;
  parentId: string;
  where: Where;
}

const PAGE_ROW = 'sg_page_row';

function metaOf<T extends object>(em: EntityManager, entity: EntityName<T>): EntityMetadata<T> {
  return em.getMetadata().get<T>(typeof entity === 'string' ? entity : (entity as { name: string }).name);
}

function columnOf<T extends object>(meta: EntityMetadata<T>, prop: string): string {
  const p = (meta.properties as Record<string, EntityProperty<T> | undefined>)[prop];
  if (!p?.fieldNames?.[0]) throw new Error(`${meta.className}.${prop} is not a column`);
  return p.fieldNames[0];
}

/** The scalar properties to select: the requested ones plus id and the parent, or every column. */
function selectedProps<T extends object>(meta: EntityMetadata<T>, fields: readonly string[] | null, always: string[]): string[] {
  if (!fields) return meta.props.filter((p) => p.fieldNames?.length && p.persist !== false).map((p) => p.name as string);
  return [...new Set([...always, ...fields])];
}

/**
 * Rows as the ORM's hydrator would set them on an entity (column names to properties, dates,
 * booleans, custom types such as bigint and JSON), as plain objects.
 */
export function plainRows<T extends object>(em: EntityManager, entity: EntityName<T>, rows: Record<string, unknown>[]): T[] {
  const meta = metaOf(em, entity);
  const comparator = em.getComparator();
  const platform = em.getPlatform();
  const custom = meta.props.filter((p) => p.customType && p.fieldNames?.length);
  return rows.map((row) => {
    const mapped = comparator.mapResult<T>(meta.className, row as never) as Record<string, unknown>;
    delete mapped[PAGE_ROW];
    for (const p of custom) {
      const v = mapped[p.name as string];
      if (v != null) mapped[p.name as string] = p.customType!.convertToJSValue(v, platform);
    }
    return mapped as T;
  });
}

const orderDir = (desc: boolean) => (desc ? 'desc' : 'asc');

/** One keyset page of a single list (a root query): the same rows as em.find with limit + 1, as plain objects. */
export async function findPage<T extends { id: string }>(
  em: EntityManager,
  entity: EntityName<T>,
  where: Where,
  page: PageRequest,
  fields: readonly (keyof T & string)[] | null,
): Promise<T[]> {
  const meta = metaOf(em, entity);
  const qb = sql(em)
    .createQueryBuilder(entity, 'e')
    .select(selectedProps(meta, fields, ['id']) as never)
    .where((page.afterId ? { $and: [where, { id: { $gt: page.afterId } }] } : where) as never)
    .orderBy({ id: 'asc' } as never)
    .limit(page.limit + 1);
  return plainRows(em, entity, (await qb.execute('all', false)) as Record<string, unknown>[]);
}

const groupKey = (parts: unknown[]) => JSON.stringify(parts);

type EntityQb = ReturnType<ReturnType<typeof sql>['createQueryBuilder']>;

export interface ParentPagesQuery {
  /** The property holding the parent's id, e.g. customerId. */
  parent: string;
  parentIds: readonly string[];
  /** Rows per parent (a page's limit + 1, so the extra row tells hasNextPage). */
  rowsPerParent: number;
  /** Properties to read (id and the parent are always read); null: every column. */
  fields: readonly string[] | null;
  /** The order inside each parent, in SQL on the alias, ending with the unique key, e.g. `e.id asc`. */
  order: string;
  /** Adds the filters besides the parent (status, row rules, keyset cursor) to the query on the alias. */
  filter(qb: EntityQb): void;
  /** The table alias of the inner query (default `e`). */
  alias?: string;
}

/**
 * The first `rowsPerParent` rows of every parent in one statement: row_number() over the parent
 * column in the inner query, cut in the outer one. Answers rows grouped by parent id, in page order.
 */
export async function pagesByParent<T extends object>(em: EntityManager, entity: EntityName<T>, q: ParentPagesQuery): Promise<Map<string, T[]>> {
  const byParent = new Map<string, T[]>();
  if (!q.parentIds.length) return byParent;
  const meta = metaOf(em, entity);
  const parentColumn = columnOf(meta, q.parent);
  const alias = q.alias ?? 'e';
  const inner = sql(em)
    .createQueryBuilder(entity, alias)
    .select([...selectedProps(meta, q.fields, ['id', q.parent]), raw(`row_number() over (partition by ${alias}.${parentColumn} order by ${q.order}) as ${PAGE_ROW}`)] as never)
    .where({ [q.parent]: { $in: [...q.parentIds] } } as never);
  q.filter(inner as unknown as EntityQb);
  const outer = sql(em)
    .getKnex()
    .select('*')
    .from(inner.getKnexQuery().as('p'))
    .where(`p.${PAGE_ROW}`, '<=', q.rowsPerParent)
    .orderBy([{ column: `p.${parentColumn}` }, { column: `p.${PAGE_ROW}` }]);
  const rows = (await em.getConnection().execute(outer as never, [], 'all', em.getTransactionContext())) as Record<string, unknown>[];
  for (const r of plainRows<T>(em, entity, rows)) {
    const p = String((r as Record<string, unknown>)[q.parent]);
    const list = byParent.get(p);
    if (list) list.push(r);
    else byParent.set(p, [r]);
  }
  return byParent;
}

/** Row counts of every parent in one grouped statement (parents without rows: absent, i.e. 0). */
export async function countsByParent<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  q: Pick<ParentPagesQuery, 'parent' | 'parentIds' | 'filter' | 'alias'>,
): Promise<Map<string, number>> {
  if (!q.parentIds.length) return new Map();
  const meta = metaOf(em, entity);
  const parentColumn = columnOf(meta, q.parent);
  const qb = sql(em)
    .createQueryBuilder(entity, q.alias ?? 'e')
    .select([q.parent, raw('count(*) as sg_count')] as never)
    .where({ [q.parent]: { $in: [...q.parentIds] } } as never);
  q.filter(qb as unknown as EntityQb);
  const rows = (await qb.groupBy(q.parent as never).execute('all', false)) as Record<string, unknown>[];
  return new Map(rows.map((r) => [String(r[parentColumn]), Number(r.sg_count)]));
}

/** Runs one query per group of keys that differ only in their parent id. */
function batchByGroup<K extends { parentId: string }, V>(groupOf: (k: K) => string, load: (sample: K, parentIds: string[]) => Promise<Map<string, V>>, missing: V) {
  return async (keys: readonly K[]): Promise<V[]> => {
    const groups = new Map<string, K[]>();
    for (const k of keys) {
      const g = groupOf(k);
      const list = groups.get(g);
      if (list) list.push(k);
      else groups.set(g, [k]);
    }
    const results = new Map<string, Map<string, V>>();
    await Promise.all([...groups].map(async ([g, group]) => results.set(g, await load(group[0]!, [...new Set(group.map((k) => k.parentId))]))));
    return keys.map((k) => results.get(groupOf(k))!.get(k.parentId) ?? missing);
  };
}

/**
 * Per-request loader of child pages keyed by parent: every key of a batch with the same parent
 * property, filter, page and fields is answered by one statement, keyset order by id
 * (`desc` for newest-first lists, where `after` means older ids).
 */
export function childPagesLoader<T extends { id: string }>(em: EntityManager, entity: EntityName<T>, options: { desc?: boolean } = {}): DataLoader<ChildPageKey<T>, T[], string> {
  const desc = options.desc ?? false;
  const groupOf = (k: ChildPageKey<T>) => groupKey([k.parent, k.where, k.page.limit, k.page.afterId ?? null, k.fields]);
  return new DataLoader<ChildPageKey<T>, T[], string>(
    batchByGroup(
      groupOf,
      (k, parentIds) =>
        pagesByParent<T>(em, entity, {
          parent: k.parent,
          parentIds,
          rowsPerParent: k.page.limit + 1,
          fields: k.fields,
          order: `e.${columnOf(metaOf(em, entity), 'id')} ${orderDir(desc)}`,
          filter: (qb) => {
            qb.andWhere(k.where as never);
            if (k.page.afterId) qb.andWhere({ id: { [desc ? '$lt' : '$gt']: k.page.afterId } } as never);
          },
        }),
      [] as T[],
    ),
    { cacheKeyFn: (k) => `${k.parentId}|${groupOf(k)}`, maxBatchSize: 1000 },
  );
}

/** Per-request loader of child counts keyed by parent: one grouped count per parent property and filter. */
export function childCountsLoader<T extends { id: string }>(em: EntityManager, entity: EntityName<T>): DataLoader<ChildCountKey<T>, number, string> {
  const groupOf = (k: ChildCountKey<T>) => groupKey([k.parent, k.where]);
  return new DataLoader<ChildCountKey<T>, number, string>(
    batchByGroup(groupOf, (k, parentIds) => countsByParent(em, entity, { parent: k.parent, parentIds, filter: (qb) => void qb.andWhere(k.where as never) }), 0),
    { cacheKeyFn: (k) => `${k.parentId}|${groupOf(k)}`, maxBatchSize: 1000 },
  );
}
