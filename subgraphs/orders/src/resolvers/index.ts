// Thin resolvers: translate arguments, call the use cases, map rows to the schema's shapes.
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type { GraphQLResolveInfo } from 'graphql';
import DataLoader from 'dataloader';
import { pageRequest, toConnection, type PageRequest } from '@salesgraph/graphql';
import { divideHalfEven, ForbiddenError, isUuid, money, NotFoundError, ValidationError } from '@salesgraph/kernel';
import { canSeeRow, rowScopeWhere, type RowScope } from '@salesgraph/auth';
import { entityLoader, resolveRowScope, type RequestContext, type ServiceDeps } from '@salesgraph/service';
import { raw, type EntityManager } from '@salesgraph/db';
import { formatPercent, FULL_PERCENT } from '../domain/calc';
import type { AmendContractInput, DraftContractInput } from '../domain/contract';
import type { ContractAction, ContractStatus } from '../domain/contract-status';
import { utcDate } from '../domain/dates';
import type { PlaceOrderInput, ShipOrderInput } from '../domain/order';
import { RECEIVABLE_STATUSES, type OrderStatus } from '../domain/order-status';
import { isOverdue } from '../domain/payment-terms';
import type { CreateProductInput, UpdateProductInput } from '../domain/product';
import { childCountsLoader, childPagesLoader, findPage, type ChildCountKey, type ChildPageKey } from '@salesgraph/service';
import { Contract } from '../infra/contract.entity';
import { Order, OrderReview, Payment } from '../infra/order.entity';
import { Product } from '../infra/product.entity';
import type { StoredOrderLine, StoredPaymentTerms, TransitionRecord } from '../infra/records';
import {
  orderKpis,
  resolveKpiKey,
  salesForecast,
  salesTrend,
  type KpiScopeInput,
  type SalesForecastArgs,
  type SalesKpisKey,
  type SalesTrendFilter,
} from '../analytics.service';
import { kpiId, parseKpiId } from '../domain/periods';
import type { OrderKpis } from '../domain/kpis';
import { formatMetric, type SalesMetric } from '../domain/trend';
import { connectionNodeFields } from '@salesgraph/graphql';
import { orderPropsFor } from './selection';
import {
  amendContract,
  approveOrder,
  cancelOrder,
  changeContract,
  createProduct,
  deliverOrder,
  draftContract,
  placeOrder,
  recordPayment,
  rejectOrder,
  shipOrder,
  totalsOf,
  updateProduct,
  type OrdersDeps,
  type RecordPaymentInput,
} from '../orders.service';

export interface OrdersContext extends RequestContext {
  productBySku: DataLoader<string, Product | null>;
  contractById: DataLoader<string, Contract | null>;
  orderById: DataLoader<string, Order | null>;
  paymentsByOrder: DataLoader<string, Payment[]>;
  reviewsByOrder: DataLoader<string, OrderReview[]>;
  /** Amount due and due date of the open (approved, unsettled) orders per customer: one query for a list of customers. */
  openOrdersByCustomer: DataLoader<string, Pick<Order, 'amountDueMinor' | 'dueDate'>[]>;
  /** Customer/SalesRep/Contract.orders and Customer.contracts: every parent's page in one statement, totalCount in one more. */
  orderPages: DataLoader<ChildPageKey<Order>, Order[], string>;
  orderCounts: DataLoader<ChildCountKey<Order>, number, string>;
  contractPages: DataLoader<ChildPageKey<Contract>, Contract[], string>;
  contractCounts: DataLoader<ChildCountKey<Contract>, number, string>;
  /** Every version of a contract number, oldest first: one query for a list of contracts. */
  contractVersions: DataLoader<string, Contract[]>;
  /** The caller's row rules (issue 7), resolved once per request. */
  rowScope(): Promise<RowScope>;
}

function groupedLoader<T extends object>(em: EntityManager, entity: new () => T, key: keyof T & string): DataLoader<string, T[]> {
  return new DataLoader<string, T[]>(async (keys) => {
    const rows = await em.find(entity, { [key]: { $in: [...keys] } } as never, { orderBy: { id: 'asc' } as never });
    const by = new Map<string, T[]>();
    for (const r of rows) {
      const k = String((r as Record<string, unknown>)[key]);
      by.set(k, [...(by.get(k) ?? []), r]);
    }
    return keys.map((k) => by.get(k) ?? []);
  });
}

export function extendContext(base: RequestContext): OrdersContext {
  let scope: Promise<RowScope> | undefined;
  return {
    ...base,
    rowScope: () => (scope ??= resolveRowScope(base.em, base.principal)),
    productBySku: entityLoader<Product>(base.em, Product, 'sku'),
    contractById: entityLoader<Contract>(base.em, Contract, 'id'),
    orderById: entityLoader<Order>(base.em, Order, 'id'),
    paymentsByOrder: groupedLoader(base.em, Payment, 'orderId'),
    reviewsByOrder: groupedLoader(base.em, OrderReview, 'orderId'),
    orderPages: childPagesLoader(base.em, Order),
    orderCounts: childCountsLoader(base.em, Order),
    contractPages: childPagesLoader(base.em, Contract),
    contractCounts: childCountsLoader(base.em, Contract),
    contractVersions: new DataLoader(async (numbers) => {
      const rows = await base.em.find(Contract, { number: { $in: [...numbers] } }, { orderBy: { number: 'asc', version: 'asc' } });
      return numbers.map((n) => rows.filter((c) => c.number === n));
    }),
    openOrdersByCustomer: new DataLoader(async (customerIds) => {
      const rows = await base.em.find(
        Order,
        { customerId: { $in: [...customerIds] }, status: { $in: [...RECEIVABLE_STATUSES] }, amountDueMinor: { $gt: 0 } },
        { fields: ['customerId', 'amountDueMinor', 'dueDate'] },
      );
      return customerIds.map((id) => rows.filter((r) => r.customerId === id));
    }),
  };
}

type Args<T> = T & { first?: number | null; after?: string | null };

/** Orders the caller may see: a rep their own, a manager the reports', a director the region's. */
async function visibleOrders(ctx: OrdersContext, where: Record<string, unknown>): Promise<Record<string, unknown>> {
  const scope = await ctx.rowScope();
  return scope.all ? where : { $and: [where, rowScopeWhere(scope, { owner: 'repId', region: 'regionCode' })] };
}

/** The columns an order list needs for the fields the query selects on its nodes. */
const orderFields = (info: GraphQLResolveInfo | undefined) => (info ? orderPropsFor(connectionNodeFields(info)) : null);

/** One parent's page of orders (row rules applied), batched with every other parent's page of the request. */
async function childOrders(ctx: OrdersContext, parent: 'customerId' | 'repId' | 'contractId', parentId: string, filter: Where, args: Args<object>, info?: GraphQLResolveInfo) {
  const page = pageRequest(args);
  const where = await visibleOrders(ctx, filter);
  const rows = await ctx.orderPages.load({ parent, parentId, where, page, fields: orderFields(info) });
  return toConnection(rows, page, () => ctx.orderCounts.load({ parent, parentId, where }));
}

async function visibleOrder(ctx: OrdersContext, order: Order | null): Promise<Order | null> {
  if (!order) return null;
  return canSeeRow(await ctx.rowScope(), { ownerRepId: order.repId, regionCode: order.regionCode }) ? order : null;
}

/** Mutations on an order outside the caller's rows answer NOT_FOUND: no existence leak. */
async function assertVisibleOrder(ctx: OrdersContext, id: string): Promise<void> {
  const scope = await ctx.rowScope();
  if (scope.all) return;
  const order = isUuid(id) ? await ctx.orderById.load(id.toLowerCase()) : null;
  if (order && !(await visibleOrder(ctx, order))) throw new NotFoundError('Order', id, 'id');
}
type Where = Record<string, unknown>;

const uuidOrNull = (id: string | null | undefined) => (id && isUuid(id) ? id.toLowerCase() : null);

function idFilter(value: string | null | undefined, field: string): string | undefined {
  if (value == null) return undefined;
  if (!isUuid(value)) throw new ValidationError(field, `${field} must be an id`);
  return value.toLowerCase();
}

async function page<T extends { id: string }>(em: EntityManager, entity: new () => T, where: Where, args: { first?: number | null; after?: string | null }) {
  const p: PageRequest = pageRequest(args);
  const rows = await em.find(entity, (p.afterId ? { $and: [where, { id: { $gt: p.afterId } }] } : where) as never, { orderBy: { id: 'asc' } as never, limit: p.limit + 1 });
  return toConnection(rows, p, () => em.count(entity, where as never));
}

export interface OrderFilterArgs {
  customerId?: string | null;
  repId?: string | null;
  status?: OrderStatus | null;
  overdue?: boolean | null;
  placedFrom?: Date | null;
  placedTo?: Date | null;
}

function orderWhere(f: OrderFilterArgs | null | undefined, today: string): Where {
  const and: Where[] = [];
  const customerId = idFilter(f?.customerId, 'filter.customerId');
  const repId = idFilter(f?.repId, 'filter.repId');
  if (customerId) and.push({ customerId });
  if (repId) and.push({ repId });
  if (f?.status) and.push({ status: f.status });
  if (f?.placedFrom) and.push({ placedAt: { $gte: f.placedFrom } });
  if (f?.placedTo) and.push({ placedAt: { $lt: f.placedTo } });
  const overdue = { status: { $in: [...RECEIVABLE_STATUSES] }, amountDueMinor: { $gt: 0 }, dueDate: { $ne: null, $lt: today } };
  if (f?.overdue === true) and.push(overdue);
  if (f?.overdue === false) and.push({ $or: [{ status: { $nin: [...RECEIVABLE_STATUSES] } }, { amountDueMinor: { $lte: 0 } }, { dueDate: null }, { dueDate: { $gte: today } }] });
  return and.length ? { $and: and } : {};
}

const history = (h: TransitionRecord[]) => h.map((t) => ({ ...t, at: new Date(t.at) }));

function paymentTermsOut(t: StoredPaymentTerms) {
  return { kind: t.kind, netDays: t.netDays, prepaymentPercent: t.kind === 'PREPAID' ? formatPercent(BigInt(t.prepaymentBp)) : null, installments: t.installments };
}

interface KpiEntity {
  id: string;
  period: string;
  scopeKind: string;
  scopeRef: string | null;
  key: SalesKpisKey;
}

function kpiEntity(key: SalesKpisKey): KpiEntity {
  return { id: kpiId(key), period: key.period, scopeKind: key.kind, scopeRef: key.ref, key };
}

export function ordersResolvers(deps: ServiceDeps): GraphQLResolverMap<OrdersContext> {
  const cur = deps.currency;
  // The KPIs of one entity are computed once per request, however many fields ask.
  const kpiCache = new WeakMap<OrdersContext, Map<string, Promise<OrderKpis | null>>>();
  const kpisOf = (k: KpiEntity, ctx: OrdersContext) => {
    let byId = kpiCache.get(ctx);
    if (!byId) kpiCache.set(ctx, (byId = new Map()));
    let p = byId.get(k.id);
    if (!p) byId.set(k.id, (p = orderKpis(ctx.em, ctx.clock, k.key)));
    return p;
  };
  const moneyKpi = (k: OrderKpis | null, f: (k: OrderKpis) => bigint | null) => {
    const v = k ? f(k) : null;
    return v === null ? null : money(v, cur);
  };
  const svc = (ctx: OrdersContext): OrdersDeps => ({ currency: ctx.currency, clock: ctx.clock, source: deps.source });
  const actor = (ctx: OrdersContext) => ({ subject: ctx.principal.subject });
  const today = (ctx: OrdersContext) => utcDate(ctx.clock.now());
  const m = (minor: bigint | string | number) => money(BigInt(minor), cur);
  const contractMutation = (action: ContractAction) => (_: unknown, args: { id: string; comment?: string; reason?: string; signedBy?: string }, ctx: OrdersContext) =>
    changeContract(ctx.em, svc(ctx), actor(ctx), args.id, action, args);
  const ordersOf =
    (parent: 'customerId' | 'repId') => (p: { id: string }, args: Args<{ status?: OrderStatus | null }>, ctx: OrdersContext, info: GraphQLResolveInfo) =>
      childOrders(ctx, parent, p.id.toLowerCase(), args.status ? { status: args.status } : {}, args, info);

  return {
    Query: {
      product: (_: unknown, args: { sku: string }, ctx: OrdersContext) => ctx.productBySku.load(args.sku.trim().toUpperCase()),
      products: async (_: unknown, args: Args<{ filter?: { productLine?: string | null; active?: boolean | null; search?: string | null } | null }>, ctx: OrdersContext) => {
        const p = pageRequest(args);
        const f = args.filter ?? {};
        const and: Where[] = [];
        if (f.productLine != null) and.push({ productLine: f.productLine.trim() });
        if (f.active != null) and.push({ active: f.active });
        if (f.search != null && f.search.trim()) {
          const like = `%${f.search.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
          and.push({ $or: [{ sku: { $like: like.toUpperCase() } }, { [raw('lower(name)')]: { $like: like.toLowerCase() } }] });
        }
        const where = and.length ? { $and: and } : {};
        const rows = await ctx.em.find(Product, (p.afterId ? { $and: [where, { sku: { $gt: p.afterId } }] } : where) as never, { orderBy: { sku: 'asc' }, limit: p.limit + 1 });
        return toConnection(rows, p, () => ctx.em.count(Product, where as never), (x) => x.sku);
      },
      contract: (_: unknown, args: { id: string }, ctx: OrdersContext) => {
        const id = uuidOrNull(args.id);
        return id ? ctx.contractById.load(id) : null;
      },
      contracts: (_: unknown, args: Args<{ filter?: { customerId?: string | null; status?: ContractStatus | null } | null }>, ctx: OrdersContext) => {
        const customerId = idFilter(args.filter?.customerId, 'filter.customerId');
        return page(ctx.em, Contract, { ...(customerId ? { customerId } : {}), ...(args.filter?.status ? { status: args.filter.status } : {}) }, args);
      },
      order: (_: unknown, args: { id: string }, ctx: OrdersContext) => {
        const id = uuidOrNull(args.id);
        return id ? ctx.orderById.load(id).then((o) => visibleOrder(ctx, o)) : null;
      },
      orderByNumber: async (_: unknown, args: { number: string }, ctx: OrdersContext) => visibleOrder(ctx, await ctx.em.findOne(Order, { number: args.number.trim().toUpperCase() })),
      orders: async (_: unknown, args: Args<{ filter?: OrderFilterArgs | null }>, ctx: OrdersContext, info: GraphQLResolveInfo) => {
        const where = await visibleOrders(ctx, orderWhere(args.filter, today(ctx)));
        const p = pageRequest(args);
        return toConnection(await findPage(ctx.em, Order, where, p, orderFields(info)), p, () => ctx.em.count(Order, where as never));
      },
      salesTrend: async (_: unknown, args: { filter: SalesTrendFilter; metric: SalesMetric }, ctx: OrdersContext) =>
        (await salesTrend(ctx.em, args.filter, args.metric)).map((p) => ({ ...p, value: formatMetric(args.metric, p.value) })),
      salesForecast: async (_: unknown, args: SalesForecastArgs, ctx: OrdersContext) => {
        const r = await salesForecast(ctx.em, ctx.clock, args);
        const n = (x: number) => x.toFixed(2);
        const b = r.backtest.metrics;
        return {
          ...r,
          metric: args.metric,
          granularity: args.granularity,
          points: r.points.map((p) => ({ period: p.period, value: n(p.value), lower80: n(p.lower80), upper80: n(p.upper80), lower95: n(p.lower95), upper95: n(p.upper95) })),
          backtest: { mape: b.mape === null ? null : n(b.mape), smape: n(b.smape), rmse: n(b.rmse), bias: n(b.bias), origins: r.backtest.origins, horizon: r.backtest.horizon },
        };
      },
      salesKpis: async (_: unknown, args: { period: string; scope?: KpiScopeInput | null }, ctx: OrdersContext) => kpiEntity(await resolveKpiKey(ctx.em, args.period, args.scope)),
    },
    Mutation: {
      createProduct: (_: unknown, args: { input: CreateProductInput }, ctx: OrdersContext) => createProduct(ctx.em, svc(ctx), args.input),
      updateProduct: (_: unknown, args: { sku: string; input: UpdateProductInput }, ctx: OrdersContext) => updateProduct(ctx.em, svc(ctx), args.sku, args.input),
      draftContract: (_: unknown, args: { input: DraftContractInput }, ctx: OrdersContext) => draftContract(ctx.em, svc(ctx), actor(ctx), args.input),
      submitContract: contractMutation('submit'),
      approveContract: contractMutation('approve'),
      rejectContract: contractMutation('reject'),
      signContract: contractMutation('sign'),
      terminateContract: contractMutation('terminate'),
      completeContract: contractMutation('complete'),
      amendContract: (_: unknown, args: { id: string; input: AmendContractInput }, ctx: OrdersContext) => amendContract(ctx.em, svc(ctx), actor(ctx), args.id, args.input),
      placeOrder: async (_: unknown, args: { input: PlaceOrderInput }, ctx: OrdersContext) => {
        // A rep or manager places orders only for the reps they cover (directors and region keys: any rep).
        const scope = await ctx.rowScope();
        if (!scope.all && scope.regionPrefixes.length === 0 && !scope.repIds.includes(String(args.input.repId).toLowerCase())) {
          throw new ForbiddenError('you may place orders only for the reps you cover', { field: 'input.repId' });
        }
        return placeOrder(ctx.em, svc(ctx), actor(ctx), args.input);
      },
      approveOrder: async (_: unknown, args: { id: string }, ctx: OrdersContext) => {
        await assertVisibleOrder(ctx, args.id);
        const order = await approveOrder(ctx.em, svc(ctx), actor(ctx), args.id);
        // Business metrics for the dashboards (revenue in currency units; exact figures live in the facts).
        deps.metrics.sales.ordersApproved.inc();
        deps.metrics.sales.revenueApproved.inc({ currency: deps.currency }, Number(order.totalMinor) / 100);
        return order;
      },
      rejectOrder: async (_: unknown, args: { id: string; reason: string }, ctx: OrdersContext) => (await assertVisibleOrder(ctx, args.id), rejectOrder(ctx.em, svc(ctx), actor(ctx), args.id, args.reason)),
      shipOrder: async (_: unknown, args: { id: string; input: ShipOrderInput }, ctx: OrdersContext) => (await assertVisibleOrder(ctx, args.id), shipOrder(ctx.em, svc(ctx), actor(ctx), args.id, args.input)),
      deliverOrder: async (_: unknown, args: { id: string; deliveredAt?: Date | null }, ctx: OrdersContext) => (await assertVisibleOrder(ctx, args.id), deliverOrder(ctx.em, svc(ctx), actor(ctx), args.id, args.deliveredAt)),
      recordPayment: async (_: unknown, args: { input: RecordPaymentInput }, ctx: OrdersContext) => (await assertVisibleOrder(ctx, args.input.orderId), await recordPayment(ctx.em, svc(ctx), actor(ctx), args.input)).payment,
      cancelOrder: async (_: unknown, args: { id: string; reason: string }, ctx: OrdersContext) => (await assertVisibleOrder(ctx, args.id), cancelOrder(ctx.em, svc(ctx), actor(ctx), args.id, args.reason)),
    },
    Product: {
      __resolveReference: (ref: { sku: string }, ctx: OrdersContext) => ctx.productBySku.load(ref.sku),
      unitPrice: (p: Product) => m(p.unitPriceMinor),
      unitCost: (p: Product) => (p.unitCostMinor == null ? null : m(p.unitCostMinor)),
      marginPercent: (p: Product) =>
        p.unitCostMinor == null ? null : formatPercent(divideHalfEven((BigInt(p.unitPriceMinor) - BigInt(p.unitCostMinor)) * FULL_PERCENT, BigInt(p.unitPriceMinor))),
    },
    Contract: {
      __resolveReference: (ref: { id: string }, ctx: OrdersContext) => {
        const id = uuidOrNull(ref.id);
        return id ? ctx.contractById.load(id) : null;
      },
      customer: (c: Contract) => ({ __typename: 'Customer', id: c.customerId }),
      items: (c: Contract) => c.items.map((i) => ({ ...i, unitPrice: m(i.unitPriceMinor), amount: m(BigInt(i.unitPriceMinor) * BigInt(i.quantity)) })),
      value: (c: Contract) => m(c.valueMinor),
      paymentTerms: (c: Contract) => paymentTermsOut(c.paymentTerms),
      qualityTerms: (c: Contract) =>
        c.qualityTerms
          ? { ...c.qualityTerms, defectTolerancePercent: c.qualityTerms.defectToleranceBp == null ? null : formatPercent(BigInt(c.qualityTerms.defectToleranceBp)) }
          : null,
      penaltyTerms: (c: Contract) =>
        c.penaltyTerms ? { lateDeliveryPercentPerDay: formatPercent(BigInt(c.penaltyTerms.lateDeliveryBpPerDay)), capPercent: formatPercent(BigInt(c.penaltyTerms.capBp)) } : null,
      previousVersion: (c: Contract, _: unknown, ctx: OrdersContext) => (c.previousVersionId ? ctx.contractById.load(c.previousVersionId) : null),
      supersededBy: (c: Contract, _: unknown, ctx: OrdersContext) => (c.supersededById ? ctx.contractById.load(c.supersededById) : null),
      versions: (c: Contract, _: unknown, ctx: OrdersContext) => ctx.contractVersions.load(c.number),
      history: (c: Contract) => history(c.history),
      orders: (c: Contract, args: Args<object>, ctx: OrdersContext, info: GraphQLResolveInfo) => childOrders(ctx, 'contractId', c.id, {}, args, info),
    },
    ContractItem: {
      product: (i: { sku: string }, _: unknown, ctx: OrdersContext) => ctx.productBySku.load(i.sku),
    },
    Order: {
      __resolveReference: (ref: { id: string }, ctx: OrdersContext) => {
        const id = uuidOrNull(ref.id);
        return id ? ctx.orderById.load(id).then((o) => visibleOrder(ctx, o)) : null;
      },
      customer: (o: Order) => ({ __typename: 'Customer', id: o.customerId }),
      rep: (o: Order) => ({ __typename: 'SalesRep', id: o.repId }),
      contract: (o: Order, _: unknown, ctx: OrdersContext) => (o.contractId ? ctx.contractById.load(o.contractId) : null),
      // The stored lines as they are; OrderLine's resolvers compute only the amounts a query asks for.
      lines: (o: Order) => o.lines,
      total: (o: Order) => m(o.totalMinor),
      totalCost: (o: Order) => m(o.totalCostMinor),
      grossMargin: (o: Order) => m(totalsOf(o).grossMarginMinor),
      grossMarginPercent: (o: Order) => formatPercent(totalsOf(o).grossMarginBp),
      paymentTerms: (o: Order) => paymentTermsOut(o.paymentTerms),
      reviews: (o: Order, _: unknown, ctx: OrdersContext) => ctx.reviewsByOrder.load(o.id),
      history: (o: Order) => history(o.history),
      shipments: (o: Order) => o.shipments.map((s) => ({ ...s, shippedAt: new Date(s.shippedAt), deliveredAt: s.deliveredAt ? new Date(s.deliveredAt) : null })),
      payments: (o: Order, _: unknown, ctx: OrdersContext) => ctx.paymentsByOrder.load(o.id),
      amountPaid: (o: Order) => m(o.paidMinor),
      amountDue: (o: Order) => m(o.amountDueMinor),
      overdue: (o: Order, _: unknown, ctx: OrdersContext) => RECEIVABLE_STATUSES.includes(o.status) && isOverdue(o.dueDate ?? null, BigInt(o.amountDueMinor), today(ctx)),
      latePenalty: (o: Order) =>
        o.daysLate > 0 && o.penaltyTerms && o.promisedBy
          ? {
              daysLate: o.daysLate,
              promisedBy: o.promisedBy,
              ratePerDayPercent: formatPercent(BigInt(o.penaltyTerms.lateDeliveryBpPerDay)),
              capPercent: formatPercent(BigInt(o.penaltyTerms.capBp)),
              amount: m(o.penaltyMinor),
            }
          : null,
      backorder: (o: Order) =>
        o.backorder ? { reason: o.backorder.reason, shortfall: o.backorder.lines.reduce((s, l) => s + l.shortfall, 0), lines: o.backorder.lines.map((l) => ({ ...l, at: new Date(l.at) })) } : null,
    },
    OrderLine: {
      product: (l: StoredOrderLine, _: unknown, ctx: OrdersContext) => ctx.productBySku.load(l.sku),
      unitPrice: (l: StoredOrderLine) => m(l.unitPriceMinor),
      unitCost: (l: StoredOrderLine) => m(l.unitCostMinor),
      amount: (l: StoredOrderLine) => m(BigInt(l.unitPriceMinor) * BigInt(l.quantity)),
      cost: (l: StoredOrderLine) => m(BigInt(l.unitCostMinor) * BigInt(l.quantity)),
    },
    Payment: {
      order: (p: Payment, _: unknown, ctx: OrdersContext) => ctx.orderById.load(p.orderId).then((o) => visibleOrder(ctx, o)),
      amount: (p: Payment) => m(p.amountMinor),
    },
    SalesKpis: {
      __resolveReference: (ref: { id: string }) => kpiEntity(parseKpiId(ref.id)),
      revenue: async (k: KpiEntity, _: unknown, ctx: OrdersContext) => moneyKpi(await kpisOf(k, ctx), (x) => x.revenueMinor),
      revenueGrowthPercent: async (k: KpiEntity, _: unknown, ctx: OrdersContext) => (await kpisOf(k, ctx))?.revenueGrowthPercent ?? null,
      grossMargin: async (k: KpiEntity, _: unknown, ctx: OrdersContext) => moneyKpi(await kpisOf(k, ctx), (x) => x.grossMarginMinor),
      grossMarginPercent: async (k: KpiEntity, _: unknown, ctx: OrdersContext) => (await kpisOf(k, ctx))?.grossMarginPercent ?? null,
      orderCount: async (k: KpiEntity, _: unknown, ctx: OrdersContext) => (await kpisOf(k, ctx))?.orderCount ?? null,
      averageOrderValue: async (k: KpiEntity, _: unknown, ctx: OrdersContext) => moneyKpi(await kpisOf(k, ctx), (x) => x.averageOrderValueMinor),
      collectionRate: async (k: KpiEntity, _: unknown, ctx: OrdersContext) => (await kpisOf(k, ctx))?.collectionRate ?? null,
      overdueReceivables: async (k: KpiEntity, _: unknown, ctx: OrdersContext) => moneyKpi(await kpisOf(k, ctx), (x) => x.overdueReceivablesMinor),
    },
    Customer: {
      __resolveReference: (ref: { id: string }) => ref,
      orders: ordersOf('customerId'),
      contracts: async (c: { id: string }, args: Args<{ status?: ContractStatus | null }>, ctx: OrdersContext) => {
        const p = pageRequest(args);
        const key = { parent: 'customerId' as const, parentId: c.id.toLowerCase(), where: args.status ? { status: args.status } : {} };
        return toConnection(await ctx.contractPages.load({ ...key, page: p, fields: null }), p, () => ctx.contractCounts.load(key));
      },
      receivables: async (c: { id: string }, _: unknown, ctx: OrdersContext) => {
        const rows = await ctx.openOrdersByCustomer.load(c.id.toLowerCase());
        const day = today(ctx);
        let open = 0n;
        let overdue = 0n;
        let overdueOrders = 0;
        for (const o of rows) {
          const due = BigInt(o.amountDueMinor);
          open += due;
          if (isOverdue(o.dueDate ?? null, due, day)) {
            overdue += due;
            overdueOrders += 1;
          }
        }
        return { open: m(open), overdue: m(overdue), openOrders: rows.length, overdueOrders };
      },
    },
    SalesRep: {
      __resolveReference: (ref: { id: string }) => ref,
      orders: ordersOf('repId'),
    },
  } as GraphQLResolverMap<OrdersContext>;
}
