// Events of the supply-risk subgraph.
import { z } from 'zod';
import { defineEvent } from '../contract';
import { id, isoTime } from './shared';

export const RiskCategory = z.enum(['MARKET', 'CUSTOMER', 'SUPPLY_CHAIN', 'LOGISTICS', 'FINANCIAL', 'COMPLIANCE']);
export const RiskLevel = z.enum(['LOW', 'MEDIUM', 'HIGH', 'CRITICAL']);
export const AlertRule = z.enum(['STOCKOUT_RISK', 'SINGLE_SOURCE', 'SUPPLIER_UNDERPERFORMING', 'RISK_ESCALATED', 'DEMAND_SPIKE']);
export const AlertSeverity = z.enum(['INFO', 'WARNING', 'CRITICAL']);

export const InventoryReservationFailedV1 = defineEvent(
  'risk',
  'inventory.reservation_failed',
  1,
  z.object({
    orderId: id,
    sku: z.string(),
    requested: z.number().int().positive(),
    available: z.number().int(),
    shortfall: z.number().int().positive(),
    at: isoTime,
  }),
);

const alert = z.object({
  alertId: id,
  rule: AlertRule,
  severity: AlertSeverity,
  subject: z.object({ kind: z.string(), id: z.string() }),
  skus: z.array(z.string()),
  customerIds: z.array(id),
  message: z.string(),
  at: isoTime,
});

export const AlertRaisedV1 = defineEvent('risk', 'alert.raised', 1, alert);
export const AlertResolvedV1 = defineEvent('risk', 'alert.resolved', 1, alert.extend({ resolution: z.string() }));

const affects = z.object({ skus: z.array(z.string()), supplierIds: z.array(id), customerIds: z.array(id), regions: z.array(z.string()) });

const riskSnapshot = z.object({
  riskId: id,
  category: RiskCategory,
  title: z.string(),
  likelihood: z.number().int().min(1).max(5),
  impact: z.number().int().min(1).max(5),
  score: z.number().int().min(1).max(25),
  level: RiskLevel,
  affects,
  at: isoTime,
});

export const RiskRegisteredV1 = defineEvent('risk', 'risk.registered', 1, riskSnapshot);
export const RiskAssessedV1 = defineEvent('risk', 'risk.assessed', 1, riskSnapshot.extend({ previousLevel: RiskLevel }));

export const ContingencyActivatedV1 = defineEvent(
  'risk',
  'contingency.activated',
  1,
  z.object({ planId: id, riskId: id, reason: z.string(), actions: z.array(z.object({ actionId: id, title: z.string(), ownerId: id.nullable() })), at: isoTime }),
);
