// A local directory of sales reps (team, region, manager), kept from the people subgraph's
// rep events, so a subgraph can apply row rules without calling people.
import type { EntityManager, MikroORM } from '@mikro-orm/core';
import { EntitySchema } from '@mikro-orm/core';
import { rowScopeFor, type Principal, type RepProfile, type RowScope } from '@salesgraph/auth';
import { inboxConsumer, RepHiredV1, RepOffboardedV1, RepTransferredV1, type ConsumerSpec, type EventData } from '@salesgraph/events';

export class RepDirectoryEntry implements RepProfile {
  repId!: string;
  teamId!: string | null;
  regionCode!: string;
  managerId!: string | null;
  active!: boolean;
  /** The rep aggregate's sequence last applied. */
  sequence!: number;
}

export const RepDirectoryEntrySchema = new EntitySchema<RepDirectoryEntry>({
  class: RepDirectoryEntry,
  tableName: 'rep_directory',
  indexes: [{ properties: ['managerId'], name: 'rep_directory_manager_idx' }],
  properties: {
    repId: { type: 'uuid', primary: true },
    teamId: { type: 'uuid', nullable: true },
    regionCode: { type: 'string', length: 20 },
    managerId: { type: 'uuid', nullable: true },
    active: { type: 'boolean' },
    sequence: { type: 'integer' },
  },
});

type RepSnapshot = EventData<typeof RepHiredV1>;

async function applyRep(em: EntityManager, data: RepSnapshot, sequence: number, active: boolean): Promise<void> {
  const row = await em.findOne(RepDirectoryEntry, { repId: data.repId });
  if (row && row.sequence >= sequence) return; // stale or replayed
  const values = { teamId: data.teamId, regionCode: data.regionCode, managerId: data.managerId, active, sequence };
  if (row) Object.assign(row, values);
  else em.create(RepDirectoryEntry, { repId: data.repId, ...values });
}

/** Consumers that keep the directory; `service` names the durable consumers. */
export function repDirectoryConsumers(deps: { orm: MikroORM; namespace: string }, service: string): ConsumerSpec[] {
  const common = { orm: deps.orm, namespace: deps.namespace };
  return [
    inboxConsumer({ ...common, name: `${service}.rep-directory.hired`, contract: RepHiredV1, handle: (em, d, env) => applyRep(em, d, env.sequence, d.active) }),
    inboxConsumer({ ...common, name: `${service}.rep-directory.transferred`, contract: RepTransferredV1, handle: (em, d, env) => applyRep(em, d, env.sequence, d.active) }),
    inboxConsumer({ ...common, name: `${service}.rep-directory.offboarded`, contract: RepOffboardedV1, handle: (em, d, env) => applyRep(em, d, env.sequence, false) }),
  ];
}

/** The caller's row scope, from the local directory (one or two indexed lookups). */
export async function resolveRowScope(em: EntityManager, principal: Principal): Promise<RowScope> {
  const me = principal.kind === 'user' ? principal.repId : undefined;
  const needsDirectory = me && (principal.roles.includes('sales_manager') || principal.roles.includes('sales_director'));
  if (!needsDirectory) return rowScopeFor(principal, undefined, []);
  const [self, reports] = await Promise.all([
    em.findOne(RepDirectoryEntry, { repId: me }),
    principal.roles.includes('sales_manager') ? em.find(RepDirectoryEntry, { managerId: me }) : Promise.resolve([]),
  ]);
  return rowScopeFor(principal, self ?? undefined, reports);
}
