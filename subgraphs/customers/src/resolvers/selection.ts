// Which columns a list needs (as in the orders subgraph): the fields the query selects on a connection's nodes, mapped to
// the entity properties their resolvers read. An unmapped field reads every column.
import type { Customer } from '../infra/customer.entity';

/** The Customer properties each Customer field's resolver reads (id is always read). */
export const CUSTOMER_FIELD_PROPS: Record<string, readonly (keyof Customer & string)[]> = {
  __typename: [],
  id: [],
  code: ['code'],
  name: ['name'],
  kind: ['kind'],
  industry: ['industry'],
  regionCode: ['regionCode'],
  owner: ['ownerRepId'],
  creditLimit: ['creditLimitMinor'],
  tags: ['tags'],
  contacts: ['contacts'],
  primaryContact: ['contacts'],
  segment: ['segment'],
  segmentDetail: ['computedSegment', 'segmentOverride', 'segmentOverrideReason', 'rfmRecency', 'rfmFrequency', 'rfmMonetary'],
  lifecycleStage: ['lifecycleStage'],
  lifecycleHistory: [],
  profile: [
    'lifetimeValueMinor',
    'orderCount',
    'firstOrderAt',
    'lastOrderAt',
    'openReceivablesMinor',
    'complaintCount',
    'openComplaintCount',
    'overdueComplaintCount',
    'lastCsat',
    'lastNps',
    'lastSatisfactionAt',
    'lateDeliveryCount',
    'openSupplyAlertCount',
  ],
  churnRisk: ['churnScore', 'churnLevel', 'churnReasons', 'churnEvaluatedAt'],
  interactions: [],
  opportunities: [],
  complaints: [],
  createdAt: ['createdAt'],
  updatedAt: ['updatedAt'],
};

/** Customer properties for the selected node fields; null (every column) when a field is not mapped. */
export function customerPropsFor(fields: Set<string>): (keyof Customer & string)[] | null {
  const props = new Set<keyof Customer & string>();
  for (const f of fields) {
    const p = CUSTOMER_FIELD_PROPS[f];
    if (!p) return null;
    for (const x of p) props.add(x);
  }
  return [...props].sort();
}
