import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type { GraphQLResolveInfo } from 'graphql';
import { canSeeRow, hasScopes, rowScopeWhere, type RowScope } from '@salesgraph/auth';
import { pageRequest, toConnection } from '@salesgraph/graphql';
import { divideHalfEven, isUuid, money, ValidationError } from '@salesgraph/kernel';
import { entityLoader, resolveRowScope, type RequestContext, type ServiceDeps } from '@salesgraph/service';
import {
  changeLifecycleStage,
  createCustomer,
  createOpportunity,
  fileComplaint,
  moveOpportunity,
  reassignCustomer,
  recordInteraction,
  recordSatisfaction,
  setCustomerSegment,
  transitionComplaint,
  updateCustomer,
  type CreateOpportunityInput,
  type CustomersDeps,
  type RecordInteractionInput,
  type RecordSatisfactionInput,
} from '../customers.service';
import type { FileComplaintInput } from '../domain/complaint';
import type { Contact, CreateCustomerInput, UpdateCustomerInput } from '../domain/customer';
import { maskEmail, maskName, maskPhone } from '../domain/masking';
import { summarisePipeline, validateDate, weightedAmount } from '../domain/opportunity';
import type { CustomersSettings } from '../domain/settings';
import { customerListLoaders, listCustomers, validateOwnedCustomersArgs, type CustomerFilter, type CustomerOrderBy } from '../infra/customer-queries';
import { Customer } from '../infra/customer.entity';
import { Complaint, Interaction, LifecycleChange, Opportunity } from '../infra/crm.entities';
import type { PiiCipher } from '../infra/pii';
import { kpiResolvers } from './kpi';
import { connectionNodeFields } from '@salesgraph/graphql';
import { customerPropsFor } from './selection';

export interface CustomersContext extends RequestContext {
  customerById: ReturnType<typeof entityLoader<Customer>>;
  lists: ReturnType<typeof customerListLoaders>;
  /** The caller's rows (issue 7 row rules), resolved once per request. */
  rowScope(): Promise<RowScope>;
  /** A customer by id if it exists AND lies within the caller's rows, else null. */
  visibleCustomer(id: string): Promise<Customer | null>;
}

export function extendContext(base: RequestContext): CustomersContext {
  let scope: Promise<RowScope> | undefined;
  const customerById = entityLoader<Customer>(base.em, Customer, 'id');
  const rowScope = () => (scope ??= resolveRowScope(base.em, base.principal));
  return {
    ...base,
    customerById,
    lists: customerListLoaders(base.em),
    rowScope,
    async visibleCustomer(id: string) {
      if (!isUuid(id)) return null;
      const [c, s] = await Promise.all([customerById.load(id.toLowerCase()), rowScope()]);
      return c && canSeeRow(s, c) ? c : null;
    },
  };
}

/** Ids of the customers within a (restricted) scope, for filtering rows that hang off customers. */
export async function visibleCustomerIds(ctx: CustomersContext, scope: RowScope): Promise<string[]> {
  const rows = await ctx.em.find(Customer, rowScopeWhere(scope, { owner: 'ownerRepId', region: 'regionCode' }) as never, { fields: ['id'] });
  return rows.map((c) => c.id);
}

type ListArgs = { filter?: CustomerFilter | null; first?: number | null; after?: string | null; orderBy?: CustomerOrderBy | null };

const percent = (p: number) => p.toFixed(2);

/** The columns a customer list needs for the fields the query selects on its nodes. */
const customerFields = (info: GraphQLResolveInfo | undefined) => (info ? customerPropsFor(connectionNodeFields(info)) : null);

const NONE = '00000000-0000-0000-0000-000000000000';

export function customersResolversWith(settings: CustomersSettings, pii: PiiCipher) {
  return (deps: ServiceDeps): GraphQLResolverMap<CustomersContext> => {
    const d = async (ctx: CustomersContext): Promise<CustomersDeps> => ({ currency: ctx.currency, clock: ctx.clock, source: deps.source, settings, pii, scope: await ctx.rowScope() });
    const clear = (ctx: CustomersContext) => hasScopes(ctx.principal, ['pii:read']);
    const personal = (ctx: CustomersContext, stored: string | null, mask: (v: string) => string) => {
      const value = pii.decrypt(stored);
      return value == null || clear(ctx) ? value : mask(value);
    };
    /** Restricts a where clause on a customer-owned table to the caller's customers. */
    const scoped = async (ctx: CustomersContext, where: Record<string, unknown>) => {
      const scope = await ctx.rowScope();
      if (scope.all) return where;
      const ids = await visibleCustomerIds(ctx, scope);
      if (typeof where.customerId === 'string') return ids.includes(where.customerId) ? where : { ...where, customerId: NONE };
      return { ...where, customerId: { $in: ids } };
    };
    const withEmail = (filter: CustomerFilter | null | undefined): CustomerFilter => {
      const f = { ...(filter ?? {}) };
      const email = f.contactEmail?.trim();
      if (email) {
        if (email.length > 254) throw new ValidationError('contactEmail', 'contactEmail must be at most 254 characters');
        f.contactEmailHash = pii.emailIndex(email);
      }
      return f;
    };
    const m = (minor: bigint | number) => money(BigInt(minor), deps.currency);
    const byId = async <T extends { customerId: string }>(ctx: CustomersContext, entity: new () => T, id: string) => {
      const row = isUuid(id) ? await ctx.em.findOne(entity, { id: id.toLowerCase() } as never) : null;
      return row && (await ctx.visibleCustomer(row.customerId)) ? row : null;
    };
    const customerRef = (o: { customerId: string }, _: unknown, ctx: CustomersContext) => ctx.customerById.load(o.customerId);
    const rep = (id: string) => ({ __typename: 'SalesRep', id });
    return {
      Query: {
        customer: (_: unknown, args: { id: string }, ctx: CustomersContext) => ctx.visibleCustomer(args.id),
        customers: async (_: unknown, args: ListArgs, ctx: CustomersContext, info: GraphQLResolveInfo) =>
          listCustomers(ctx.em, withEmail(args.filter), args, await ctx.rowScope(), customerFields(info)),
        customerByContactEmail: async (_: unknown, args: { email: string }, ctx: CustomersContext) => {
          const conn = await listCustomers(ctx.em, withEmail({ contactEmail: args.email }), { first: 1 }, await ctx.rowScope());
          return conn.edges[0]?.node ?? null;
        },
        opportunity: (_: unknown, args: { id: string }, ctx: CustomersContext) => byId(ctx, Opportunity, args.id),
        complaint: (_: unknown, args: { id: string }, ctx: CustomersContext) => byId(ctx, Complaint, args.id),
        complaints: async (_: unknown, args: { filter?: { customerId?: string | null; status?: string | null; overdue?: boolean | null } | null; first?: number | null; after?: string | null }, ctx: CustomersContext) => {
          const page = pageRequest(args);
          const where: Record<string, unknown> = {};
          const f = args.filter ?? {};
          if (f.customerId) where.customerId = isUuid(f.customerId) ? f.customerId.toLowerCase() : NONE;
          if (f.status) where.status = f.status;
          if (f.overdue != null) where.overdue = f.overdue;
          Object.assign(where, await scoped(ctx, where));
          const rows = await ctx.em.find(Complaint, { ...where, ...(page.afterId ? { id: { $lt: page.afterId } } : {}) }, { orderBy: { id: 'desc' }, limit: page.limit + 1 });
          return toConnection(rows, page, () => ctx.em.count(Complaint, where));
        },
        pipeline: async (_: unknown, args: { filter?: { ownerRepId?: string | null; regionCode?: string | null; closingFrom?: string | null; closingTo?: string | null } | null }, ctx: CustomersContext) => {
          const f = args.filter ?? {};
          const where: Record<string, unknown> = {};
          if (f.ownerRepId) {
            if (!isUuid(f.ownerRepId)) throw new ValidationError('ownerRepId', 'ownerRepId must be a SalesRep id');
            where.ownerRepId = f.ownerRepId.toLowerCase();
          }
          const close: Record<string, string> = {};
          if (f.closingFrom) close.$gte = validateDate(f.closingFrom, 'closingFrom');
          if (f.closingTo) close.$lte = validateDate(f.closingTo, 'closingTo');
          if (close.$gte && close.$lte && close.$gte > close.$lte) throw new ValidationError('closingTo', 'closingTo must not be before closingFrom');
          if (Object.keys(close).length) where.expectedCloseDate = close;
          if (f.regionCode) {
            const ids = (await ctx.em.find(Customer, { regionCode: f.regionCode.trim().toUpperCase() }, { fields: ['id'] })).map((c) => c.id);
            where.customerId = { $in: ids };
          }
          const scopedPipeline = async (c: CustomersContext, w: Record<string, unknown>) => {
            const scope = await c.rowScope();
            if (scope.all) return w;
            const visible = await visibleCustomerIds(c, scope);
            return { $and: [w, { customerId: { $in: visible } }] };
          };
          const rows = await ctx.em.find(Opportunity, await scopedPipeline(ctx, where), { fields: ['stage', 'amountMinor'] });
          const stages = summarisePipeline(
            rows.map((r) => ({ stage: r.stage, amountMinor: BigInt(r.amountMinor) })),
            settings.stageProbabilities,
          );
          const open = stages.filter((s) => s.stage !== 'WON' && s.stage !== 'LOST');
          return {
            stages: stages.map((s) => ({ stage: s.stage, probability: percent(s.probability), count: s.count, amount: m(s.amountMinor), weightedAmount: m(s.weightedAmountMinor) })),
            openCount: open.reduce((n, s) => n + s.count, 0),
            openAmount: m(open.reduce((n, s) => n + s.amountMinor, 0n)),
            openWeightedAmount: m(open.reduce((n, s) => n + s.weightedAmountMinor, 0n)),
          };
        },
      },
      Mutation: {
        createCustomer: async (_: unknown, args: { input: CreateCustomerInput }, ctx: CustomersContext) => createCustomer(ctx.em, await d(ctx), args.input, ctx.principal.subject),
        updateCustomer: async (_: unknown, args: { id: string; input: UpdateCustomerInput }, ctx: CustomersContext) => updateCustomer(ctx.em, await d(ctx), args.id, args.input),
        reassignCustomer: async (_: unknown, args: { customerId: string; ownerRepId: string }, ctx: CustomersContext) => reassignCustomer(ctx.em, await d(ctx), args.customerId, args.ownerRepId),
        setCustomerSegment: async (_: unknown, args: { customerId: string; segment?: string | null; reason?: string | null }, ctx: CustomersContext) =>
          setCustomerSegment(ctx.em, await d(ctx), args.customerId, args.segment ?? null, args.reason ?? null),
        changeLifecycleStage: async (_: unknown, args: { customerId: string; stage: string; reason: string }, ctx: CustomersContext) =>
          changeLifecycleStage(ctx.em, await d(ctx), args.customerId, args.stage, args.reason, ctx.principal.subject),
        recordInteraction: async (_: unknown, args: { input: RecordInteractionInput }, ctx: CustomersContext) => recordInteraction(ctx.em, await d(ctx), args.input),
        createOpportunity: async (_: unknown, args: { input: CreateOpportunityInput }, ctx: CustomersContext) => createOpportunity(ctx.em, await d(ctx), args.input),
        moveOpportunity: async (_: unknown, args: { id: string; stage: string; lostReason?: string | null }, ctx: CustomersContext) => moveOpportunity(ctx.em, await d(ctx), args.id, args.stage, args.lostReason),
        recordSatisfaction: async (_: unknown, args: { input: RecordSatisfactionInput }, ctx: CustomersContext) => recordSatisfaction(ctx.em, await d(ctx), args.input),
        fileComplaint: async (_: unknown, args: { input: FileComplaintInput }, ctx: CustomersContext) => fileComplaint(ctx.em, await d(ctx), args.input),
        startComplaint: async (_: unknown, args: { id: string }, ctx: CustomersContext) => transitionComplaint(ctx.em, await d(ctx), args.id, 'start'),
        resolveComplaint: async (_: unknown, args: { id: string; resolution: string }, ctx: CustomersContext) => transitionComplaint(ctx.em, await d(ctx), args.id, 'resolve', args.resolution),
        closeComplaint: async (_: unknown, args: { id: string }, ctx: CustomersContext) => transitionComplaint(ctx.em, await d(ctx), args.id, 'close'),
      },
      Customer: {
        __resolveReference: (ref: { id: string }, ctx: CustomersContext) => ctx.visibleCustomer(ref.id),
        owner: (c: Customer) => rep(c.ownerRepId),
        creditLimit: (c: Customer) => (c.creditLimitMinor == null ? null : m(c.creditLimitMinor)),
        tags: (c: Customer) => c.tags ?? [],
        contacts: (c: Customer) => c.contacts ?? [],
        primaryContact: (c: Customer) => (c.contacts ?? []).find((x) => x.primary) ?? null,
        segmentDetail: (c: Customer) => ({
          computed: c.computedSegment,
          override: c.segmentOverride ?? null,
          overrideReason: c.segmentOverrideReason ?? null,
          overridden: c.segmentOverride != null,
          recencyScore: c.rfmRecency,
          frequencyScore: c.rfmFrequency,
          monetaryScore: c.rfmMonetary,
        }),
        lifecycleHistory: (c: Customer, _: unknown, ctx: CustomersContext) => ctx.lists.lifecycleHistory.load(c.id),
        profile: (c: Customer) => {
          const ltv = BigInt(c.lifetimeValueMinor);
          return {
            lifetimeValue: m(ltv),
            orderCount: c.orderCount,
            averageOrderValue: m(c.orderCount ? divideHalfEven(ltv, BigInt(c.orderCount)) : 0n),
            firstOrderAt: c.firstOrderAt ?? null,
            lastOrderAt: c.lastOrderAt ?? null,
            openReceivables: m(c.openReceivablesMinor),
            complaintCount: c.complaintCount,
            openComplaintCount: c.openComplaintCount,
            overdueComplaintCount: c.overdueComplaintCount,
            lastSatisfaction: c.lastSatisfactionAt ? { csat: c.lastCsat ?? null, nps: c.lastNps ?? null, at: c.lastSatisfactionAt } : null,
            lateDeliveryCount: c.lateDeliveryCount,
            openSupplyAlertCount: c.openSupplyAlertCount,
          };
        },
        churnRisk: (c: Customer) => ({ score: c.churnScore, level: c.churnLevel, reasons: c.churnReasons ?? [], evaluatedAt: c.churnEvaluatedAt ?? null }),
        interactions: async (c: Customer, args: { first?: number | null; after?: string | null }, ctx: CustomersContext) => {
          const page = pageRequest(args);
          const key = { parent: 'customerId' as const, parentId: c.id, where: {} };
          return toConnection(await ctx.lists.interactionPages.load({ ...key, page, fields: null }), page, () => ctx.lists.interactionCounts.load(key));
        },
        opportunities: (c: Customer, _: unknown, ctx: CustomersContext) => ctx.lists.opportunities.load(c.id),
        complaints: async (c: Customer, args: { status?: string | null }, ctx: CustomersContext) => {
          const all = await ctx.lists.complaints.load(c.id);
          return args.status ? all.filter((k) => k.status === args.status) : all;
        },
      },
      Contact: {
        name: (c: Contact, _: unknown, ctx: CustomersContext) => personal(ctx, c.name, maskName),
        email: (c: Contact, _: unknown, ctx: CustomersContext) => personal(ctx, c.email, maskEmail),
        phone: (c: Contact, _: unknown, ctx: CustomersContext) => personal(ctx, c.phone, maskPhone),
      },
      LifecycleChange: {
        from: (h: LifecycleChange) => h.fromStage ?? null,
        to: (h: LifecycleChange) => h.toStage,
      },
      Interaction: { customer: customerRef, rep: (i: Interaction) => rep(i.repId) },
      Opportunity: {
        customer: customerRef,
        owner: (o: Opportunity) => rep(o.ownerRepId),
        amount: (o: Opportunity) => m(o.amountMinor),
        probability: (o: Opportunity) => percent(settings.stageProbabilities[o.stage]),
        weightedAmount: (o: Opportunity) => m(weightedAmount(BigInt(o.amountMinor), settings.stageProbabilities[o.stage])),
      },
      SatisfactionSurvey: { customer: customerRef },
      Complaint: {
        customer: customerRef,
        // Open past the due time counts as overdue at once, even before the sweep marks it.
        overdue: (k: Complaint, _: unknown, ctx: CustomersContext) => k.overdue || ((k.status === 'OPEN' || k.status === 'IN_PROGRESS') && ctx.clock.now().getTime() > k.dueAt.getTime()),
      },
      SalesRep: {
        __resolveReference: (ref: { id: string }) => ref,
        customers: async (r: { id: string }, args: ListArgs, ctx: CustomersContext, info: GraphQLResolveInfo) => {
          const filter = withEmail(args.filter);
          validateOwnedCustomersArgs(r.id, filter, args);
          return ctx.lists.ownedCustomers.load({
            parentId: r.id.toLowerCase(),
            filter,
            args: { first: args.first ?? null, after: args.after ?? null, orderBy: args.orderBy ?? null },
            scope: await ctx.rowScope(),
            fields: customerFields(info),
          });
        },
      },
      ...kpiResolvers(settings, deps),
    } as GraphQLResolverMap<CustomersContext>;
  };
}
