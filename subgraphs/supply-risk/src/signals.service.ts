// Consumers of other domains' signals (rules in src/domain/signals.ts). Each runs inside the inbox
// transaction (a redelivered event is skipped by the inbox) and keeps the aggregate's last applied
// sequence, so a reordered older event changes nothing. Risks are registered and re-scored through
// the risk register's own use cases, so they publish risk.registered / risk.assessed and raise
// RISK_ESCALATED like a risk entered by hand (the nested transaction joins the inbox's one).
import type { EntityManager } from '@salesgraph/db';
import type { ComplaintFiledV1, CustomerChurnRiskChangedV1, DeliveryLateV1, EventData } from '@salesgraph/events';
import type { RiskDeps } from './alerts.service';
import { churnRiskAction, LATE_CLUSTER, logisticsRiskAction, type RegisterAction } from './domain/signals';
import { OrderLine, TrackedOrder } from './infra/inventory.entity';
import { Supplier, SupplierSupply } from './infra/supplier.entity';
import { evaluateSupplier } from './alerts.service';
import { Risk } from './infra/risk.entity';
import { CustomerChurnRisk, LateDelivery, QualityComplaint, RegionLogisticsRisk } from './infra/signals.entity';
import { assessRisk, registerRisk } from './risks.service';

/** Who registers and assesses risks raised from events. */
export const SYSTEM_ACTOR = 'supply-risk';
const DAY_MS = 86_400_000;
const REGION = /^[A-Z0-9][A-Z0-9-]{1,19}$/;

/**
 * A QUALITY complaint about an order: remembered once, then SUPPLIER_UNDERPERFORMING is re-evaluated
 * for every supplier of the order's skus. Other categories (DELIVERY, SERVICE, ...) are not supply signals.
 */
export async function applyComplaintFiled(em: EntityManager, deps: RiskDeps, data: EventData<typeof ComplaintFiledV1>): Promise<void> {
  if (data.category !== 'QUALITY' || !data.orderId) return;
  const complaintId = data.complaintId.toLowerCase();
  if (await em.findOne(QualityComplaint, { complaintId })) return;
  const orderId = data.orderId.toLowerCase();
  em.create(QualityComplaint, { complaintId, customerId: data.customerId.toLowerCase(), orderId, severity: data.severity, filedAt: new Date(data.at) });
  await em.flush();
  const skus = (await em.find(OrderLine, { orderId }, { fields: ['sku'] })).map((l) => l.sku);
  if (!skus.length) return; // the order's lines are not known here (yet): counted at the next evaluation
  const supplierIds = [...new Set((await em.find(SupplierSupply, { sku: { $in: skus } }, { fields: ['supplierId'] })).map((s) => s.supplierId))];
  for (const supplier of await em.find(Supplier, { id: { $in: supplierIds } }, { orderBy: { id: 'asc' } })) await evaluateSupplier(em, deps, supplier);
}

function existing(risk: Risk | null) {
  return risk ? { open: risk.status !== 'CLOSED', likelihood: risk.likelihood, impact: risk.impact } : null;
}

async function act(
  em: EntityManager,
  deps: RiskDeps,
  action: RegisterAction,
  risk: Risk | null,
  register: () => { category: string; title: string; description: string; affects: { customerIds?: string[]; regions?: string[] } },
  note: string,
): Promise<string | null> {
  if (action.kind === 'REGISTER') return (await registerRisk(em, deps, { ...register(), ...action.rating }, SYSTEM_ACTOR)).id;
  if (action.kind === 'ASSESS' && risk) await assessRisk(em, deps, risk.id, { ...action.rating, note }, SYSTEM_ACTOR);
  return risk?.id ?? null;
}

export async function applyChurnRiskChanged(em: EntityManager, deps: RiskDeps, data: EventData<typeof CustomerChurnRiskChangedV1>, sequence: number): Promise<void> {
  const customerId = data.customerId.toLowerCase();
  const row = await em.findOne(CustomerChurnRisk, { customerId });
  if (row && row.sequence >= sequence) return; // a duplicate or an older, reordered report
  const risk = row?.riskId ? await em.findOne(Risk, { id: row.riskId }) : null;
  const action = churnRiskAction(data.level, data.score, existing(risk));
  const reasons = data.reasons.map((r) => `${r.signal}: ${r.detail}`).join('; ');
  const riskId = await act(
    em,
    deps,
    action,
    risk,
    () => ({
      category: 'CUSTOMER',
      title: `Customer may churn (score ${data.score})`,
      description: `Churn risk ${data.level} reported by customers${reasons ? `: ${reasons}` : ''}`.slice(0, 4000),
      affects: { customerIds: [customerId] },
    }),
    `churn risk ${data.level} (score ${data.score})`,
  );
  const now = deps.clock.now();
  if (!row) em.create(CustomerChurnRisk, { customerId, riskId, level: data.level, score: data.score, sequence, updatedAt: now });
  else Object.assign(row, { riskId, level: data.level, score: data.score, sequence, updatedAt: now });
}

export async function applyDeliveryLate(em: EntityManager, deps: RiskDeps, data: EventData<typeof DeliveryLateV1>, sequence: number): Promise<void> {
  const orderId = data.orderId.toLowerCase();
  const row = await em.findOne(LateDelivery, { orderId });
  if (row && row.sequence >= sequence) return;
  const order = await em.findOne(TrackedOrder, { orderId });
  const regionCode = order?.regionCode ?? row?.regionCode ?? null;
  const at = new Date(data.at);
  if (!row) em.create(LateDelivery, { orderId, customerId: data.customerId.toLowerCase(), regionCode, daysLate: data.daysLate, at, sequence });
  else Object.assign(row, { regionCode, daysLate: data.daysLate, at, sequence });
  if (!regionCode || !REGION.test(regionCode)) return; // the order's region is unknown: nothing to cluster by
  await em.flush();
  const now = deps.clock.now();
  const recent = await em.find(LateDelivery, { regionCode, at: { $gt: new Date(now.getTime() - LATE_CLUSTER.windowDays * DAY_MS), $lte: now } }, { fields: ['daysLate'] });
  const link = await em.findOne(RegionLogisticsRisk, { regionCode });
  const risk = link ? await em.findOne(Risk, { id: link.riskId }) : null;
  const daysLate = recent.map((r) => r.daysLate);
  const action = logisticsRiskAction(daysLate, existing(risk));
  const riskId = await act(
    em,
    deps,
    action,
    risk,
    () => ({
      category: 'LOGISTICS',
      title: `Late deliveries cluster in ${regionCode}`,
      description: `${daysLate.length} late deliveries in ${regionCode} within ${LATE_CLUSTER.windowDays} days (days late: ${daysLate.join(', ')})`,
      affects: { regions: [regionCode] },
    }),
    `${daysLate.length} late deliveries in ${LATE_CLUSTER.windowDays} days`,
  );
  if (riskId && riskId !== link?.riskId) {
    if (!link) em.create(RegionLogisticsRisk, { regionCode, riskId, updatedAt: now });
    else Object.assign(link, { riskId, updatedAt: now });
  }
}
