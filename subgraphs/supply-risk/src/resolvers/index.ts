import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type DataLoader from 'dataloader';
import { pageRequest, toConnection } from '@salesgraph/graphql';
import { formatDecimal, isUuid, ValidationError } from '@salesgraph/kernel';
import { entityLoader, type RequestContext, type ServiceDeps } from '@salesgraph/service';
import { acknowledgeAlert, resolveAlert, type RiskDeps } from '../alerts.service';
import { ALERT_RULES, ALERT_SEVERITIES, ALERT_STATUSES, thresholdsFromEnv, type AlertThresholds } from '../domain/alerts';
import { normaliseSku, percentText, uniq } from '../domain/common';
import type { DefineContingencyPlanInput } from '../domain/contingency';
import { orderDeliveryRisk } from '../domain/exposure';
import { parseKpiId, type KpiKey } from '../domain/kpi';
import { inventoryTurnoverFor } from '../kpi.service';
import { summarise, turnover, type AdjustInventoryInput, type SetInventoryInput } from '../domain/inventory';
import type { RecordMarketAssessmentInput } from '../domain/market';
import { buildRiskMatrix, RISK_CATEGORIES, RISK_LEVELS, type RegisterRiskInput } from '../domain/risk';
import type { RecordDeliveryInput, RegisterSupplierInput, UpdateSupplierInput } from '../domain/supplier';
import { adjustInventory, setInventory } from '../inventory.service';
import { Warehouse } from '../infra/inventory.entity';
import { Alert, ContingencyPlan, MarketAssessment, Risk, RiskSubject } from '../infra/risk.entity';
import { Supplier, SupplierDelivery, SupplierSupply } from '../infra/supplier.entity';
import {
  activateContingencyPlan,
  assessRisk,
  closeRisk,
  completeContingencyAction,
  defineContingencyPlan,
  recordMarketAssessment,
  registerRisk,
  setMitigation,
} from '../risks.service';
import { recordSupplierDelivery, registerSupplier, updateSupplier } from '../suppliers.service';
import { mergeRisks, riskLoaders, type PositionRow, type RiskLoaders } from './loaders';

export interface RiskContext extends RequestContext {
  supplierById: DataLoader<string, Supplier | null>;
  riskById: DataLoader<string, Risk | null>;
  assessmentById: DataLoader<string, MarketAssessment | null>;
  loaders: RiskLoaders;
}

export function extendContext(base: RequestContext): RiskContext {
  return {
    ...base,
    supplierById: entityLoader<Supplier>(base.em, Supplier, 'id'),
    riskById: entityLoader<Risk>(base.em, Risk, 'id'),
    assessmentById: entityLoader<MarketAssessment>(base.em, MarketAssessment, 'id'),
    loaders: riskLoaders(base.em, base.clock),
  };
}

type Args<T> = { input: T };
type PageArgs = { first?: number | null; after?: string | null };

const byId = (loader: DataLoader<string, unknown>, id: string) => (isUuid(id) ? loader.load(id.toLowerCase()) : null);

function id(value: string, field: string): string {
  if (!isUuid(value)) throw new ValidationError(field, `${field} must be an id issued by this API`);
  return value.toLowerCase();
}

function positionView(p: PositionRow) {
  return { ...p, available: p.onHand - p.reserved, belowReorderPoint: p.onHand - p.reserved < p.reorderPoint };
}

async function subjectRiskIds(ctx: RiskContext, filter: RiskFilterArgs): Promise<string[] | null> {
  const conditions: { kind: RiskSubject['kind']; ref: string }[] = [];
  if (filter.sku) conditions.push({ kind: 'SKU', ref: normaliseSku(filter.sku, 'filter.sku') });
  if (filter.supplierId) conditions.push({ kind: 'SUPPLIER', ref: id(filter.supplierId, 'filter.supplierId') });
  if (filter.customerId) conditions.push({ kind: 'CUSTOMER', ref: id(filter.customerId, 'filter.customerId') });
  if (filter.region) conditions.push({ kind: 'REGION', ref: filter.region.trim().toUpperCase() });
  if (!conditions.length) return null;
  let ids: string[] | null = null;
  for (const c of conditions) {
    const found = (await ctx.em.find(RiskSubject, c, { fields: ['riskId'] })).map((s) => s.riskId);
    ids = ids === null ? found : ids.filter((x) => found.includes(x));
  }
  return ids ?? [];
}

interface RiskFilterArgs {
  category?: string | null;
  level?: string | null;
  status?: string | null;
  sku?: string | null;
  supplierId?: string | null;
  customerId?: string | null;
  region?: string | null;
}

async function riskWhere(ctx: RiskContext, filter: RiskFilterArgs | null | undefined): Promise<Record<string, unknown>> {
  const f = filter ?? {};
  const where: Record<string, unknown> = { status: f.status ?? { $ne: 'CLOSED' } };
  if (f.category) where.category = f.category;
  if (f.level) where.level = f.level;
  const ids = await subjectRiskIds(ctx, f);
  if (ids) where.id = { $in: ids };
  return where;
}

/**
 * Open risks on the skus: registered against a sku, against one of its suppliers, or against
 * any of the `extra` subjects ("CUSTOMER:<id>", "REGION:<code>"). Batched through the loaders.
 */
async function risksOn(ctx: RiskContext, skus: string[], extra: string[]): Promise<Risk[]> {
  const supplies = (await ctx.loaders.suppliesBySku.loadMany(skus)).flatMap((x) => (Array.isArray(x) ? x : []));
  const keys = uniq([...skus.map((s) => `SKU:${s}`), ...supplies.map((s) => `SUPPLIER:${s.supplierId}`), ...extra]);
  return mergeRisks(await ctx.loaders.openRisksBySubject.loadMany(keys));
}

export function supplyRiskResolvers(deps: ServiceDeps): GraphQLResolverMap<RiskContext> {
  const thresholds: AlertThresholds = thresholdsFromEnv(process.env);
  const riskDeps = (ctx: RiskContext): RiskDeps => ({ clock: ctx.clock, source: deps.source, thresholds });

  return {
    Query: {
      supplier: (_: unknown, args: { id: string }, ctx: RiskContext) => byId(ctx.supplierById, args.id),
      suppliers: async (_: unknown, args: PageArgs & { filter?: { sku?: string | null; country?: string | null } | null }, ctx: RiskContext) => {
        const page = pageRequest(args);
        const where: Record<string, unknown> = {};
        if (args.filter?.country) where.country = args.filter.country.trim().toUpperCase();
        if (args.filter?.sku) {
          const sku = normaliseSku(args.filter.sku, 'filter.sku');
          where.id = { $in: (await ctx.em.find(SupplierSupply, { sku }, { fields: ['supplierId'] })).map((s) => s.supplierId) };
        }
        const rows = await ctx.em.find(Supplier, page.afterId ? { ...where, id: { ...(where.id as object), $gt: page.afterId } } : where, { orderBy: { id: 'asc' }, limit: page.limit + 1 });
        return toConnection(rows, page, () => ctx.em.count(Supplier, where));
      },
      warehouses: (_: unknown, __: unknown, ctx: RiskContext) => ctx.em.find(Warehouse, {}, { orderBy: { code: 'asc' } }),
      risk: (_: unknown, args: { id: string }, ctx: RiskContext) => byId(ctx.riskById, args.id),
      risks: async (_: unknown, args: PageArgs & { filter?: RiskFilterArgs | null }, ctx: RiskContext) => {
        const page = pageRequest(args);
        const where = await riskWhere(ctx, args.filter);
        const rows = await ctx.em.find(Risk, page.afterId ? { $and: [where, { id: { $gt: page.afterId } }] } : where, { orderBy: { id: 'asc' }, limit: page.limit + 1 });
        return toConnection(rows, page, () => ctx.em.count(Risk, where));
      },
      riskMatrix: async (_: unknown, args: { filter?: RiskFilterArgs | null }, ctx: RiskContext) => {
        const risks = await ctx.em.find(Risk, await riskWhere(ctx, args.filter), { fields: ['id', 'likelihood', 'impact'], orderBy: { id: 'asc' } });
        return { cells: buildRiskMatrix(risks), total: risks.length };
      },
      alerts: async (_: unknown, args: PageArgs & { filter?: { status?: string | null; severity?: string | null; rule?: string | null; sku?: string | null } | null }, ctx: RiskContext) => {
        const page = pageRequest(args);
        const f = args.filter ?? {};
        const where: Record<string, unknown> = {};
        if (f.status) where.status = f.status;
        if (f.severity) where.severity = f.severity;
        if (f.rule) where.rule = f.rule;
        if (f.sku) Object.assign(where, { subjectKind: 'PRODUCT', subjectId: normaliseSku(f.sku, 'filter.sku') });
        const rows = await ctx.em.find(Alert, page.afterId ? { ...where, id: { $gt: page.afterId } } : where, { orderBy: { id: 'asc' }, limit: page.limit + 1 });
        return toConnection(rows, page, () => ctx.em.count(Alert, where));
      },
      contingencyPlans: (_: unknown, args: { riskId: string }, ctx: RiskContext) =>
        isUuid(args.riskId) ? ctx.em.find(ContingencyPlan, { riskId: args.riskId.toLowerCase() }, { orderBy: { id: 'asc' } }) : [],
      marketAssessments: (_: unknown, args: { filter?: { kind?: string | null; regionCode?: string | null; productLine?: string | null } | null }, ctx: RiskContext) => {
        const f = args.filter ?? {};
        const where: Record<string, unknown> = {};
        if (f.kind) where.kind = f.kind;
        if (f.regionCode) where.regionCode = f.regionCode.trim().toUpperCase();
        if (f.productLine) where.productLine = f.productLine.trim();
        return ctx.em.find(MarketAssessment, where, { orderBy: { id: 'asc' }, limit: 500 });
      },
    },
    Mutation: {
      registerSupplier: (_: unknown, args: Args<RegisterSupplierInput>, ctx: RiskContext) => registerSupplier(ctx.em, riskDeps(ctx), args.input),
      updateSupplier: (_: unknown, args: { id: string; input: UpdateSupplierInput }, ctx: RiskContext) => updateSupplier(ctx.em, riskDeps(ctx), id(args.id, 'id'), args.input),
      recordSupplierDelivery: (_: unknown, args: Args<RecordDeliveryInput>, ctx: RiskContext) =>
        recordSupplierDelivery(ctx.em, riskDeps(ctx), { ...args.input, supplierId: id(args.input.supplierId, 'supplierId') }),
      setInventory: async (_: unknown, args: Args<SetInventoryInput>, ctx: RiskContext) => positionView(await setInventory(ctx.em, riskDeps(ctx), args.input)),
      adjustInventory: async (_: unknown, args: Args<AdjustInventoryInput>, ctx: RiskContext) => positionView(await adjustInventory(ctx.em, riskDeps(ctx), args.input)),
      registerRisk: (_: unknown, args: Args<RegisterRiskInput>, ctx: RiskContext) => registerRisk(ctx.em, riskDeps(ctx), args.input, ctx.principal.subject),
      assessRisk: (_: unknown, args: { id: string; likelihood: number; impact: number; note?: string | null }, ctx: RiskContext) =>
        assessRisk(ctx.em, riskDeps(ctx), id(args.id, 'id'), args, ctx.principal.subject),
      setMitigation: (_: unknown, args: { id: string; plan: string; dueAt?: Date | null }, ctx: RiskContext) => setMitigation(ctx.em, riskDeps(ctx), id(args.id, 'id'), args.plan, args.dueAt),
      closeRisk: (_: unknown, args: { id: string; reason: string }, ctx: RiskContext) => closeRisk(ctx.em, riskDeps(ctx), id(args.id, 'id'), args.reason),
      recordMarketAssessment: (_: unknown, args: Args<RecordMarketAssessmentInput>, ctx: RiskContext) => recordMarketAssessment(ctx.em, riskDeps(ctx), args.input, ctx.principal.subject),
      acknowledgeAlert: (_: unknown, args: { id: string }, ctx: RiskContext) => acknowledgeAlert(ctx.em, riskDeps(ctx), id(args.id, 'id'), ctx.principal.subject),
      resolveAlert: (_: unknown, args: { id: string; note?: string | null }, ctx: RiskContext) => resolveAlert(ctx.em, riskDeps(ctx), id(args.id, 'id'), args.note),
      defineContingencyPlan: (_: unknown, args: Args<DefineContingencyPlanInput>, ctx: RiskContext) => defineContingencyPlan(ctx.em, riskDeps(ctx), args.input),
      activateContingencyPlan: (_: unknown, args: { id: string; reason: string }, ctx: RiskContext) => activateContingencyPlan(ctx.em, riskDeps(ctx), id(args.id, 'id'), args.reason),
      completeContingencyAction: (_: unknown, args: { id: string }, ctx: RiskContext) => completeContingencyAction(ctx.em, riskDeps(ctx), id(args.id, 'id')),
    },
    Supplier: {
      __resolveReference: (ref: { id: string }, ctx: RiskContext) => byId(ctx.supplierById, ref.id),
      categories: (s: Supplier) => s.categories ?? [],
      supplies: async (s: Supplier, _: unknown, ctx: RiskContext) =>
        (await ctx.loaders.suppliesBySupplier.load(s.id)).map((x) => ({ sku: x.sku, sharePercent: percentText(x.shareBp), leadTimeDays: x.leadTimeDays, product: { __typename: 'Product', sku: x.sku } })),
      scorecard: async (s: Supplier, args: { windowDays?: number | null }, ctx: RiskContext) => {
        const windowDays = args.windowDays ?? 90;
        if (!Number.isInteger(windowDays) || windowDays < 1 || windowDays > 730) throw new ValidationError('windowDays', 'windowDays must be 1..730');
        const card = await ctx.loaders.scorecard.load(`${s.id}:${windowDays}`);
        return {
          windowDays,
          deliveries: card.deliveries,
          onTimeRate: card.onTimeBp == null ? null : percentText(card.onTimeBp),
          defectRate: card.defectBp == null ? null : percentText(card.defectBp),
          averageLeadTimeDays: card.averageLeadTimeCentiDays == null ? null : formatDecimal(BigInt(card.averageLeadTimeCentiDays), 2),
          score: card.score,
          grade: card.grade,
          qualityComplaints: card.qualityComplaints,
        };
      },
    },
    SupplierDelivery: {
      supplier: (d: SupplierDelivery, _: unknown, ctx: RiskContext) => ctx.supplierById.load(d.supplierId),
      onTime: (d: SupplierDelivery) => d.deliveredAt.getTime() <= d.promisedAt.getTime(),
    },
    Warehouse: {
      positions: async (w: Warehouse, _: unknown, ctx: RiskContext) => (await ctx.loaders.positionsByWarehouse.load(w.code)).map(positionView),
    },
    Product: {
      __resolveReference: (ref: { sku: string }) => ({ sku: ref.sku }),
      inventory: async (p: { sku: string }, _: unknown, ctx: RiskContext) => {
        const positions = await ctx.loaders.positionsBySku.load(p.sku);
        const s = summarise(positions);
        return { ...s, turnover: turnover(await ctx.loaders.shippedLastYearBySku.load(p.sku), s.onHand), positions: positions.map(positionView) };
      },
      suppliers: async (p: { sku: string }, _: unknown, ctx: RiskContext) =>
        (await ctx.loaders.suppliesBySku.load(p.sku)).map((x) => ({ supplierId: x.supplierId, sharePercent: percentText(x.shareBp), leadTimeDays: x.leadTimeDays })),
      supplyRisk: (p: { sku: string }, _: unknown, ctx: RiskContext) => ctx.loaders.supplyRisk.load(p.sku),
    },
    SalesKpis: {
      __resolveReference: (ref: { id: string }) => parseKpiId(ref.id),
      inventoryTurnover: (k: KpiKey, _: unknown, ctx: RiskContext) => inventoryTurnoverFor(ctx.em, k, ctx.clock.now()),
    },
    ProductSupplier: {
      supplier: (x: { supplierId: string }, _: unknown, ctx: RiskContext) => ctx.supplierById.load(x.supplierId),
    },
    Order: {
      __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
      deliveryRisk: async (o: { id: string }, _: unknown, ctx: RiskContext) => {
        if (!isUuid(o.id)) return null;
        const seen = await ctx.loaders.order.load(o.id.toLowerCase());
        if (!seen) return null;
        if (seen.order.status === 'CANCELLED' || seen.order.status === 'REJECTED' || seen.order.status === 'SHIPPED') return { level: 'LOW', reasons: [] };
        const open = seen.lines.filter((l) => l.status !== 'RELEASED' && l.status !== 'CONSUMED');
        const skus = open.map((l) => l.sku);
        const extra = [`CUSTOMER:${seen.order.customerId}`, ...(seen.order.regionCode ? [`REGION:${seen.order.regionCode}`] : [])];
        const [alerts, risks] = await Promise.all([ctx.loaders.openAlerts(), risksOn(ctx, skus, extra)]);
        const onSkus = new Set(skus);
        return orderDeliveryRisk({
          alerts: alerts.filter((a) => a.skus.some((s) => onSkus.has(s))),
          risks,
          failedReservations: open.filter((l) => l.status === 'FAILED').map((l) => ({ sku: l.sku, shortfall: l.shortfall })),
        });
      },
    },
    Risk: {
      __resolveReference: (ref: { id: string }, ctx: RiskContext) => byId(ctx.riskById, ref.id),
      evidence: async (r: Risk, _: unknown, ctx: RiskContext) => (await ctx.assessmentById.loadMany(r.evidenceIds)).filter((a): a is MarketAssessment => a instanceof MarketAssessment),
      mitigation: (r: Risk) => (r.mitigationPlan ? { plan: r.mitigationPlan, dueAt: r.mitigationDueAt ?? null } : null),
      history: (r: Risk, _: unknown, ctx: RiskContext) => ctx.loaders.historyByRisk.load(r.id),
      contingencyPlans: (r: Risk, _: unknown, ctx: RiskContext) => ctx.loaders.plansByRisk.load(r.id),
    },
    RiskMatrix: {
      cell: (m: { cells: { likelihood: number; impact: number }[] }, args: { likelihood: number; impact: number }) =>
        m.cells.find((c) => c.likelihood === args.likelihood && c.impact === args.impact) ?? null,
    },
    Alert: {
      subject: (a: Alert) => ({ kind: a.subjectKind, id: a.subjectId }),
    },
    ContingencyPlan: {
      risk: (p: ContingencyPlan, _: unknown, ctx: RiskContext) => ctx.riskById.load(p.riskId),
      actions: (p: ContingencyPlan, _: unknown, ctx: RiskContext) => ctx.loaders.actionsByPlan.load(p.id),
    },
  } as GraphQLResolverMap<RiskContext>;
}

// Enum lists kept in one place with the schema's enums (a unit test compares them).
export const SCHEMA_ENUMS = { AlertRule: ALERT_RULES, AlertSeverity: ALERT_SEVERITIES, AlertStatus: ALERT_STATUSES, RiskCategory: RISK_CATEGORIES, RiskLevel: RISK_LEVELS };
