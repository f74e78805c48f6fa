// Reads: the filtered, ordered customer list (one SQL statement per page, keyset on the
// sort key with the id as tie-breaker), and batched per-customer lists.
import DataLoader from 'dataloader';
import { sql, type EntityManager } from '@salesgraph/db';
import { pageRequest, toConnection, type Connection } from '@salesgraph/graphql';
import { ALL_ROWS, rowScopeWhere, type RowScope } from '@salesgraph/auth';
import { isUuid, ValidationError } from '@salesgraph/kernel';
import { Customer } from './customer.entity';
import { Complaint, LifecycleChange, Opportunity } from './crm.entities';

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
  qb.where(where);
  if (!scope.all) qb.andWhere(rowScopeWhere(scope, { owner: 'ownerRepId', region: 'regionCode' }));
  if (filter.contactEmailHash) qb.andWhere('c.id in (select x.customer_id from contact_email_index x where x.email_hash = ?)', [filter.contactEmailHash]);
  const search = filter.search?.trim().toLowerCase();
  if (search) {
    if (search.length > 100) throw new ValidationError('search', 'search must be at most 100 characters');
    const pattern = `%${search.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    qb.andWhere(`(lower(c.name) like ? escape '\\' or lower(c.code) like ? escape '\\')`, [pattern, pattern]);
  }
  return qb;
}

export async function listCustomers(
  em: EntityManager,
  filter: CustomerFilter,
  args: { first?: number | null; after?: string | null; orderBy?: CustomerOrderBy | null },
  scope: RowScope = ALL_ROWS,
): Promise<Connection<Customer>> {
  const page = pageRequest(args);
  const order = ORDER[args.orderBy ?? 'CREATED_AT'];
  const count = async () => {
    const qb = applyFilter(customerQb(em), filter, scope);
    return qb ? qb.getCount() : 0;
  };
  const filtered = applyFilter(customerQb(em), filter, scope);
  if (!filtered) return toConnection([], page, count);
  const qb = filtered.select('*');
  if (page.afterId) {
    if (!isUuid(page.afterId)) throw new ValidationError('after', 'after is not a cursor this API issued');
    if (!order) qb.andWhere('c.id > ?', [page.afterId]);
    else {
      // The sort value of the cursor row comes from a sub-select, so a page stays one statement.
      const cmp = order.dir === 'asc' ? '>' : '<';
      const sub = `(select s.${order.column} from customer s where s.id = ?)`;
      qb.andWhere(`(c.${order.column} ${cmp} ${sub} or (c.${order.column} = ${sub} and c.id > ?))`, [page.afterId, page.afterId, page.afterId]);
    }
  }
  qb.orderBy(order ? [{ [colProp(order.column)]: order.dir }, { id: 'asc' }] : [{ id: 'asc' }]).limit(page.limit + 1);
  const rows = (await qb.getResultList()) as Customer[];
  return toConnection(rows, page, count);
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
  };
}
