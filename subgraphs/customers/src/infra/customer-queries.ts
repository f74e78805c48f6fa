// Reads: the filtered, ordered customer list (one SQL statement per page, keyset on the
// sort key with the id as tie-breaker; for many owners at once, one statement for all their
// pages), and batched per-customer lists. Listed customers are plain read rows with only the
// columns the query needs (see batched-pages).
import DataLoader from 'dataloader';
import { sql, type EntityManager } from '@salesgraph/db';
import { pageRequest, toConnection, type Connection } from '@salesgraph/graphql';
import { ALL_ROWS, rowScopeWhere, type RowScope } from '@salesgraph/auth';
import { isUuid, ValidationError } from '@salesgraph/kernel';
import { childCountsLoader, childPagesLoader, countsByParent, pagesByParent, plainRows } from '@salesgraph/service';
import { Customer } from './customer.entity';
import { Complaint, Interaction, LifecycleChange, Opportunity } from './crm.entities';

export interface CustomerFilter {
  segment?: string | null;
  lifecycleStage?: string | null;
  ownerRepId?: string | null;
  regionCode?: string | null;
  churnRiskLevel?: string | null;
  search?: string | null;
  /** Exact contact email (matched through the blind index; see contactEmailHash). */
  contactEmail?: string | null;
  /** Set by the resolver: the keyed hash of contactEmail. */
  contactEmailHash?: string | null;
}

export type CustomerOrderBy = 'CREATED_AT' | 'NAME' | 'CHURN_RISK_SCORE_DESC' | 'LIFETIME_VALUE_DESC';

const ORDER: Record<CustomerOrderBy, { column: string; dir: 'asc' | 'desc' } | null> = {
  CREATED_AT: null,
  NAME: { column: 'name', dir: 'asc' },
  CHURN_RISK_SCORE_DESC: { column: 'churn_score', dir: 'desc' },
  LIFETIME_VALUE_DESC: { column: 'lifetime_value_minor', dir: 'desc' },
};

const customerQb = (em: EntityManager) => sql(em).createQueryBuilder(Customer, 'c');
type Qb = ReturnType<typeof customerQb>;

/** Input checks of a filter, in the order the list applies them. */
function searchPattern(filter: CustomerFilter): string | null {
  const search = filter.search?.trim().toLowerCase();
  if (!search) return null;
  if (search.length > 100) throw new ValidationError('search', 'search must be at most 100 characters');
  return `%${search.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

function applyFilter(qb: Qb, filter: CustomerFilter, scope: RowScope): Qb | null {
  const where: Record<string, unknown> = {};
  if (filter.segment) where.segment = filter.segment;
  if (filter.lifecycleStage) where.lifecycleStage = filter.lifecycleStage;
  if (filter.churnRiskLevel) where.churnLevel = filter.churnRiskLevel;
  if (filter.regionCode) where.regionCode = filter.regionCode.trim().toUpperCase();
  if (filter.ownerRepId) {
    if (!isUuid(filter.ownerRepId)) return null;
    where.ownerRepId = filter.ownerRepId.toLowerCase();
  }
  qb.andWhere(where);
  if (!scope.all) qb.andWhere(rowScopeWhere(scope, { owner: 'ownerRepId', region: 'regionCode' }));
  if (filter.contactEmailHash) qb.andWhere('c.id in (select x.customer_id from contact_email_index x where x.email_hash = ?)', [filter.contactEmailHash]);
  const pattern = searchPattern(filter);
  if (pattern) qb.andWhere(`(lower(c.name) like ? escape '\\' or lower(c.code) like ? escape '\\')`, [pattern, pattern]);
  return qb;
}

/** Rows after the cursor row in the list's order (its sort value from a sub-select, so a page stays one statement). */
function applyKeyset(qb: Qb, order: (typeof ORDER)[CustomerOrderBy], afterId: string | undefined): void {
  if (!afterId) return;
  if (!isUuid(afterId)) throw new ValidationError('after', 'after is not a cursor this API issued');
  if (!order) qb.andWhere('c.id > ?', [afterId]);
  else {
    const cmp = order.dir === 'asc' ? '>' : '<';
    const sub = `(select s.${order.column} from customer s where s.id = ?)`;
    qb.andWhere(`(c.${order.column} ${cmp} ${sub} or (c.${order.column} = ${sub} and c.id > ?))`, [afterId, afterId, afterId]);
  }
}

type ListArgs = { first?: number | null; after?: string | null; orderBy?: CustomerOrderBy | null };

/** Customer properties to read: id plus the requested ones, or every column. */
export type CustomerFields = readonly (keyof Customer & string)[] | null;

export async function listCustomers(
  em: EntityManager,
  filter: CustomerFilter,
  args: ListArgs,
  scope: RowScope = ALL_ROWS,
  fields: CustomerFields = null,
): Promise<Connection<Customer>> {
  const page = pageRequest(args);
  const order = ORDER[args.orderBy ?? 'CREATED_AT'];
  const count = async () => {
    const qb = applyFilter(customerQb(em), filter, scope);
    return qb ? qb.getCount() : 0;
  };
  const filtered = applyFilter(customerQb(em), filter, scope);
  if (!filtered) return toConnection([], page, count);
  const qb = filtered.select(fields ? (['id', ...fields] as never) : '*');
  applyKeyset(qb, order, page.afterId);
  qb.orderBy(order ? [{ [colProp(order.column)]: order.dir }, { id: 'asc' }] : [{ id: 'asc' }]).limit(page.limit + 1);
  const rows = plainRows(em, Customer, (await qb.execute('all', false)) as Record<string, unknown>[]);
  return toConnection(rows, page, count);
}

export interface OwnedCustomersKey {
  /** The owner (SalesRep id). */
  parentId: string;
  /** The filter besides the owner, with contactEmailHash resolved. */
  filter: CustomerFilter;
  args: ListArgs;
  scope: RowScope;
  fields: CustomerFields;
}

/**
 * SalesRep.customers for every rep of a request: each rep's page is the page listCustomers
 * answers for { ...filter, ownerRepId }, all of them in one statement (and totalCount in one).
 */
export function ownedCustomersLoader(em: EntityManager): DataLoader<OwnedCustomersKey, Connection<Customer>, string> {
  const groupOf = (k: OwnedCustomersKey) => JSON.stringify([{ ...k.filter, ownerRepId: null }, k.args.first ?? null, k.args.after ?? null, k.args.orderBy ?? null, k.scope, k.fields]);
  const counts = new DataLoader<OwnedCustomersKey, number, string>(
    async (keys) => {
      const byGroup = new Map<string, Promise<Map<string, number>>>();
      return Promise.all(
        keys.map(async (k) => {
          const g = groupOf(k);
          let p = byGroup.get(g);
          if (!p) {
            const owners = [...new Set(keys.filter((x) => groupOf(x) === g).map((x) => x.parentId))];
            p = countsByParent(em, Customer, { parent: 'ownerRepId', parentIds: owners, alias: 'c', filter: (qb) => void applyFilter(qb as unknown as Qb, ownerless(k.filter), k.scope) });
            byGroup.set(g, p);
          }
          return (await p).get(k.parentId) ?? 0;
        }),
      );
    },
    { cacheKeyFn: (k) => `${k.parentId}|${groupOf(k)}`, maxBatchSize: 1000 },
  );
  return new DataLoader<OwnedCustomersKey, Connection<Customer>, string>(
    async (keys) => {
      const byGroup = new Map<string, Promise<Map<string, Customer[]>>>();
      return Promise.all(
        keys.map(async (k) => {
          const page = pageRequest(k.args);
          const count = () => (isUuid(k.parentId) ? counts.load(k) : Promise.resolve(0));
          if (!isUuid(k.parentId)) return toConnection([], page, count);
          const g = groupOf(k);
          let p = byGroup.get(g);
          if (!p) {
            const order = ORDER[k.args.orderBy ?? 'CREATED_AT'];
            const owners = [...new Set(keys.filter((x) => groupOf(x) === g && isUuid(x.parentId)).map((x) => x.parentId))];
            p = pagesByParent<Customer>(em, Customer, {
              parent: 'ownerRepId',
              parentIds: owners,
              rowsPerParent: page.limit + 1,
              fields: k.fields,
              alias: 'c',
              order: order ? `c.${order.column} ${order.dir}, c.id asc` : 'c.id asc',
              filter: (qb) => {
                applyFilter(qb as unknown as Qb, ownerless(k.filter), k.scope);
                applyKeyset(qb as unknown as Qb, order, page.afterId);
              },
            });
            byGroup.set(g, p);
          }
          return toConnection((await p).get(k.parentId) ?? [], page, count);
        }),
      );
    },
    { cacheKeyFn: (k) => `${k.parentId}|${groupOf(k)}`, maxBatchSize: 1000 },
  );
}

/** The owner comes from the parent, not from the filter. */
const ownerless = (filter: CustomerFilter): CustomerFilter => ({ ...filter, ownerRepId: null });

/** Checks a SalesRep.customers request as listCustomers would (same errors, same order), before it joins a batch. */
export function validateOwnedCustomersArgs(ownerId: string, filter: CustomerFilter, args: ListArgs): void {
  const page = pageRequest(args);
  // An owner id that is no id answers an empty page, unchecked, as listCustomers does.
  if (!isUuid(ownerId)) return;
  searchPattern(filter);
  if (page.afterId && !isUuid(page.afterId)) throw new ValidationError('after', 'after is not a cursor this API issued');
}

function colProp(column: string): string {
  return column.replace(/_([a-z])/g, (_, ch: string) => ch.toUpperCase());
}

function grouped<T extends { customerId: string }>(em: EntityManager, load: (ids: string[]) => Promise<T[]>): DataLoader<string, T[]> {
  void em;
  return new DataLoader<string, T[]>(async (ids) => {
    const rows = await load([...ids]);
    const by = new Map<string, T[]>();
    for (const r of rows) by.set(r.customerId, [...(by.get(r.customerId) ?? []), r]);
    return ids.map((id) => by.get(id) ?? []);
  });
}

export function customerListLoaders(em: EntityManager) {
  return {
    lifecycleHistory: grouped(em, (ids) => em.find(LifecycleChange, { customerId: { $in: ids } }, { orderBy: { at: 'asc', id: 'asc' } })),
    opportunities: grouped(em, (ids) => em.find(Opportunity, { customerId: { $in: ids } }, { orderBy: { id: 'asc' } })),
    complaints: grouped(em, (ids) => em.find(Complaint, { customerId: { $in: ids } }, { orderBy: { id: 'desc' } })),
    /** Customer.interactions, newest first: every customer's page in one statement. */
    interactionPages: childPagesLoader(em, Interaction, { desc: true }),
    interactionCounts: childCountsLoader(em, Interaction),
    ownedCustomers: ownedCustomersLoader(em),
  };
}
