import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { pageRequest, toConnection } from '@salesgraph/graphql';
import { divideHalfEven, isUuid, money, ValidationError } from '@salesgraph/kernel';
import { entityLoader, type RequestContext, type ServiceDeps } from '@salesgraph/service';
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
import type { CreateCustomerInput, UpdateCustomerInput } from '../domain/customer';
import { summarisePipeline, validateDate, weightedAmount } from '../domain/opportunity';
import type { CustomersSettings } from '../domain/settings';
import { customerListLoaders, listCustomers, type CustomerFilter, type CustomerOrderBy } from '../infra/customer-queries';
import { Customer } from '../infra/customer.entity';
import { Complaint, Interaction, LifecycleChange, Opportunity } from '../infra/crm.entities';

export interface CustomersContext extends RequestContext {
  customerById: ReturnType<typeof entityLoader<Customer>>;
  lists: ReturnType<typeof customerListLoaders>;
}

export function extendContext(base: RequestContext): CustomersContext {
  return { ...base, customerById: entityLoader<Customer>(base.em, Customer, 'id'), lists: customerListLoaders(base.em) };
}

type ListArgs = { filter?: CustomerFilter | null; first?: number | null; after?: string | null; orderBy?: CustomerOrderBy | null };

const percent = (p: number) => p.toFixed(2);

export function customersResolversWith(settings: CustomersSettings) {
  return (deps: ServiceDeps): GraphQLResolverMap<CustomersContext> => {
    const d = (ctx: CustomersContext): CustomersDeps => ({ currency: ctx.currency, clock: ctx.clock, source: deps.source, settings });
    const m = (minor: bigint | number) => money(BigInt(minor), deps.currency);
    const byId = <T extends object>(ctx: CustomersContext, entity: new () => T, id: string) => (isUuid(id) ? ctx.em.findOne(entity, { id: id.toLowerCase() } as never) : null);
    const customerRef = (o: { customerId: string }, _: unknown, ctx: CustomersContext) => ctx.customerById.load(o.customerId);
    const rep = (id: string) => ({ __typename: 'SalesRep', id });
    return {
      Query: {
        customer: (_: unknown, args: { id: string }, ctx: CustomersContext) => (isUuid(args.id) ? ctx.customerById.load(args.id.toLowerCase()) : null),
        customers: (_: unknown, args: ListArgs, ctx: CustomersContext) => listCustomers(ctx.em, args.filter ?? {}, args),
        opportunity: (_: unknown, args: { id: string }, ctx: CustomersContext) => byId(ctx, Opportunity, args.id),
        complaint: (_: unknown, args: { id: string }, ctx: CustomersContext) => byId(ctx, Complaint, args.id),
        complaints: async (_: unknown, args: { filter?: { customerId?: string | null; status?: string | null; overdue?: boolean | null } | null; first?: number | null; after?: string | null }, ctx: CustomersContext) => {
          const page = pageRequest(args);
          const where: Record<string, unknown> = {};
          const f = args.filter ?? {};
          if (f.customerId) where.customerId = isUuid(f.customerId) ? f.customerId.toLowerCase() : '00000000-0000-0000-0000-000000000000';
          if (f.status) where.status = f.status;
          if (f.overdue != null) where.overdue = f.overdue;
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
          const rows = await ctx.em.find(Opportunity, where, { fields: ['stage', 'amountMinor'] });
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
        createCustomer: (_: unknown, args: { input: CreateCustomerInput }, ctx: CustomersContext) => createCustomer(ctx.em, d(ctx), args.input, ctx.principal.subject),
        updateCustomer: (_: unknown, args: { id: string; input: UpdateCustomerInput }, ctx: CustomersContext) => updateCustomer(ctx.em, d(ctx), args.id, args.input),
        reassignCustomer: (_: unknown, args: { customerId: string; ownerRepId: string }, ctx: CustomersContext) => reassignCustomer(ctx.em, d(ctx), args.customerId, args.ownerRepId),
        setCustomerSegment: (_: unknown, args: { customerId: string; segment?: string | null; reason?: string | null }, ctx: CustomersContext) =>
          setCustomerSegment(ctx.em, d(ctx), args.customerId, args.segment ?? null, args.reason ?? null),
        changeLifecycleStage: (_: unknown, args: { customerId: string; stage: string; reason: string }, ctx: CustomersContext) =>
          changeLifecycleStage(ctx.em, d(ctx), args.customerId, args.stage, args.reason, ctx.principal.subject),
        recordInteraction: (_: unknown, args: { input: RecordInteractionInput }, ctx: CustomersContext) => recordInteraction(ctx.em, d(ctx), args.input),
        createOpportunity: (_: unknown, args: { input: CreateOpportunityInput }, ctx: CustomersContext) => createOpportunity(ctx.em, d(ctx), args.input),
        moveOpportunity: (_: unknown, args: { id: string; stage: string; lostReason?: string | null }, ctx: CustomersContext) => moveOpportunity(ctx.em, d(ctx), args.id, args.stage, args.lostReason),
        recordSatisfaction: (_: unknown, args: { input: RecordSatisfactionInput }, ctx: CustomersContext) => recordSatisfaction(ctx.em, d(ctx), args.input),
        fileComplaint: (_: unknown, args: { input: FileComplaintInput }, ctx: CustomersContext) => fileComplaint(ctx.em, d(ctx), args.input),
        startComplaint: (_: unknown, args: { id: string }, ctx: CustomersContext) => transitionComplaint(ctx.em, d(ctx), args.id, 'start'),
        resolveComplaint: (_: unknown, args: { id: string; resolution: string }, ctx: CustomersContext) => transitionComplaint(ctx.em, d(ctx), args.id, 'resolve', args.resolution),
        closeComplaint: (_: unknown, args: { id: string }, ctx: CustomersContext) => transitionComplaint(ctx.em, d(ctx), args.id, 'close'),
      },
      Customer: {
        __resolveReference: (ref: { id: string }, ctx: CustomersContext) => (isUuid(ref.id) ? ctx.customerById.load(ref.id.toLowerCase()) : null),
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
          const rows = await ctx.em.find(Interaction, { customerId: c.id, ...(page.afterId ? { id: { $lt: page.afterId } } : {}) }, { orderBy: { id: 'desc' }, limit: page.limit + 1 });
          return toConnection(rows, page, () => ctx.em.count(Interaction, { customerId: c.id }));
        },
        opportunities: (c: Customer, _: unknown, ctx: CustomersContext) => ctx.lists.opportunities.load(c.id),
        complaints: async (c: Customer, args: { status?: string | null }, ctx: CustomersContext) => {
          const all = await ctx.lists.complaints.load(c.id);
          return args.status ? all.filter((k) => k.status === args.status) : all;
        },
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
        customers: (r: { id: string }, args: ListArgs, ctx: CustomersContext) => listCustomers(ctx.em, { ...(args.filter ?? {}), ownerRepId: r.id }, args),
      },
    } as GraphQLResolverMap<CustomersContext>;
  };
}
