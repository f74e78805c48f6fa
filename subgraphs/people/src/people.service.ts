// Read helpers shared by the resolvers.
import DataLoader from 'dataloader';
import { raw, sql, type EntityManager } from '@salesgraph/db';
import { CustomerOwnership } from './infra/sales-rep.entity';

export { hireSalesRep } from './org.service';
export { EmailTaken } from './errors';
export { applyCustomerCreated } from './consumers';

/** customerCount for many reps in one grouped query. */
export function customerCountLoader(em: EntityManager): DataLoader<string, number> {
  return new DataLoader<string, number>(async (repIds) => {
    const rows = (await sql(em)
      .createQueryBuilder(CustomerOwnership, 'o')
      .select(['o.repId', raw('count(*) as n')])
      .where({ repId: { $in: [...repIds] } })
      .groupBy('o.repId')
      .execute('all', false)) as { rep_id: string; n: number | string }[];
    const counts = new Map(rows.map((r) => [r.rep_id, Number(r.n)]));
    return repIds.map((id) => counts.get(id) ?? 0);
  });
}
