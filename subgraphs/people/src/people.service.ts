// Use cases of the people subgraph.
import DataLoader from 'dataloader';
import { raw, sql, type EntityManager } from '@salesgraph/db';
import { recordEvent, RepHiredV1, type CustomerCreatedV1, type EventData } from '@salesgraph/events';
import { ConflictError, uuidv7, type Clock } from '@salesgraph/kernel';
import { validateHire, type HireSalesRepInput } from './domain/sales-rep';
import { CustomerOwnership, SalesRep } from './infra/sales-rep.entity';

export class EmailTaken extends ConflictError {
  override readonly code = 'EMAIL_TAKEN';
  constructor(email: string) {
    super(`a sales rep with email ${email} already exists`, { field: 'email' });
  }
}

export async function hireSalesRep(em: EntityManager, deps: { clock: Clock; source: string }, input: HireSalesRepInput): Promise<SalesRep> {
  const cmd = validateHire(input);
  return em.transactional(async (tx) => {
    if (await tx.count(SalesRep, { email: cmd.email })) throw new EmailTaken(cmd.email);
    const now = deps.clock.now();
    const rep = tx.create(SalesRep, { id: uuidv7(), ...cmd, hiredAt: now, version: 1 });
    recordEvent(tx, deps.source, RepHiredV1, {
      aggregateId: rep.id,
      sequence: rep.version,
      time: now,
      data: { repId: rep.id, name: rep.name, teamId: null, regionCode: rep.regionCode, managerId: null, level: rep.level, active: true, at: now.toISOString() },
    });
    return rep;
  });
}

/** Applies customer.created: the customer now belongs to its owner (idempotent by customer id). */
export async function applyCustomerCreated(em: EntityManager, data: EventData<typeof CustomerCreatedV1>, sequence: number): Promise<void> {
  const existing = await em.findOne(CustomerOwnership, { customerId: data.customerId });
  if (existing) {
    if (existing.sequence >= sequence) return;
    existing.repId = data.ownerRepId;
    existing.sequence = sequence;
    existing.updatedAt = new Date();
    return;
  }
  em.create(CustomerOwnership, { customerId: data.customerId, repId: data.ownerRepId, sequence, updatedAt: new Date() });
}

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
