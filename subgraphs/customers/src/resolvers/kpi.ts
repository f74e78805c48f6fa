// SalesKpis (owned by orders) extended with the customers' KPI fields; see src/domain/kpi.ts
// for the definitions. The customer set of a scope is also cut to the caller's rows.
// TEAM: the reps of the team from the local rep directory. PRODUCT_LINE: every field null —
// opportunities, surveys and customers carry no product line here.
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { type RowScope, rowScopeWhere } from '@salesgraph/auth';
import { money } from '@salesgraph/kernel';
import { RepDirectoryEntry, type ServiceDeps } from '@salesgraph/service';
import { averageCsat, conversionRate, netPromoterScore, parseKpiId, retention, type KpiKey } from '../domain/kpi';
import { weightedAmount } from '../domain/opportunity';
import type { CustomersSettings } from '../domain/settings';
import { Customer } from '../infra/customer.entity';
import { Opportunity, SatisfactionSurvey } from '../infra/crm.entities';
import { OrderFact } from '../infra/read-model.entities';
import type { CustomersContext } from './index';

interface KpiRef {
  id: string;
  key: KpiKey;
  /** Customer ids of the scope (null: every customer), and the reps whose opportunities count (null: by customer). */
  facts?: Promise<{ customerIds: string[] | null; repIds: string[] | null } | null>;
}

const where = (scope: RowScope) => rowScopeWhere(scope, { owner: 'ownerRepId', region: 'regionCode' });

async function scopeFacts(ctx: CustomersContext, key: KpiKey): Promise<{ customerIds: string[] | null; repIds: string[] | null } | null> {
  if (key.kind === 'PRODUCT_LINE') return null;
  const rows = await ctx.rowScope();
  let repIds: string[] | null = null;
  const parts: Record<string, unknown>[] = [];
  if (!rows.all) parts.push(where(rows));
  if (key.kind === 'REGION') parts.push(where({ all: false, repIds: [], regionPrefixes: [key.ref!] }));
  if (key.kind === 'REP') repIds = [key.ref!];
  if (key.kind === 'TEAM') repIds = (await ctx.em.find(RepDirectoryEntry, { teamId: key.ref! }, { fields: ['repId'] })).map((r) => r.repId);
  if (repIds) parts.push({ ownerRepId: { $in: repIds } });
  if (!parts.length) return { customerIds: null, repIds };
  const customers = await ctx.em.find(Customer, { $and: parts } as never, { fields: ['id'] });
  return { customerIds: customers.map((c) => c.id), repIds };
}

export function kpiResolvers(settings: CustomersSettings, deps: ServiceDeps): GraphQLResolverMap<CustomersContext> {
  const facts = (ref: KpiRef, ctx: CustomersContext) => (ref.facts ??= scopeFacts(ctx, ref.key));
  const inCustomers = (ids: string[] | null) => (ids ? { customerId: { $in: ids } } : {});
  const inPeriod = (ref: KpiRef) => ({ $gte: ref.key.period.from, $lt: ref.key.period.to });
  return {
    SalesKpis: {
      __resolveReference: (ref: { id: string }): KpiRef => ({ id: ref.id, key: parseKpiId(ref.id) }),
      conversionRatePercent: async (ref: KpiRef, _: unknown, ctx: CustomersContext) => {
        const f = await facts(ref, ctx);
        if (!f) return null;
        const rows = await ctx.em.find(
          Opportunity,
          { stage: { $in: ['WON', 'LOST'] }, closedAt: inPeriod(ref), ...inCustomers(f.customerIds), ...(f.repIds ? { ownerRepId: { $in: f.repIds } } : {}) } as never,
          { fields: ['stage'] },
        );
        return conversionRate(rows.map((r) => r.stage));
      },
      weightedPipeline: async (ref: KpiRef, _: unknown, ctx: CustomersContext) => {
        const f = await facts(ref, ctx);
        if (!f) return null;
        const rows = await ctx.em.find(
          Opportunity,
          {
            stage: { $nin: ['WON', 'LOST'] },
            expectedCloseDate: { $gte: ref.key.period.firstDay, $lte: ref.key.period.lastDay },
            ...inCustomers(f.customerIds),
            ...(f.repIds ? { ownerRepId: { $in: f.repIds } } : {}),
          } as never,
          { fields: ['stage', 'amountMinor'] },
        );
        return money(rows.reduce((sum, o) => sum + weightedAmount(BigInt(o.amountMinor), settings.stageProbabilities[o.stage]), 0n), deps.currency);
      },
      retentionRatePercent: async (ref: KpiRef, _: unknown, ctx: CustomersContext) => (await retentionOf(ref, ctx))?.retention ?? null,
      churnRatePercent: async (ref: KpiRef, _: unknown, ctx: CustomersContext) => (await retentionOf(ref, ctx))?.churn ?? null,
      averageCsat: async (ref: KpiRef, _: unknown, ctx: CustomersContext) => {
        const rows = await surveys(ref, ctx);
        return rows && averageCsat(rows.filter((s) => s.csat != null).map((s) => s.csat!));
      },
      nps: async (ref: KpiRef, _: unknown, ctx: CustomersContext) => {
        const rows = await surveys(ref, ctx);
        return rows && netPromoterScore(rows.filter((s) => s.nps != null).map((s) => s.nps!));
      },
      newCustomers: async (ref: KpiRef, _: unknown, ctx: CustomersContext) => {
        const f = await facts(ref, ctx);
        if (!f) return null;
        return ctx.em.count(Customer, { createdAt: inPeriod(ref), ...(f.customerIds ? { id: { $in: f.customerIds } } : {}) } as never);
      },
    },
  } as GraphQLResolverMap<CustomersContext>;

  async function surveys(ref: KpiRef, ctx: CustomersContext) {
    const f = await facts(ref, ctx);
    if (!f) return null;
    return ctx.em.find(SatisfactionSurvey, { at: inPeriod(ref), ...inCustomers(f.customerIds) } as never, { fields: ['csat', 'nps'] });
  }

  async function retentionOf(ref: KpiRef & { retention?: Promise<ReturnType<typeof retention> | null> }, ctx: CustomersContext) {
    ref.retention ??= (async () => {
      const f = await facts(ref, ctx);
      if (!f) return null;
      const lookback = new Date(ref.key.period.from);
      lookback.setUTCFullYear(lookback.getUTCFullYear() - 1);
      const [before, during] = await Promise.all([
        ctx.em.find(OrderFact, { status: 'APPROVED', approvedAt: { $gte: lookback, $lt: ref.key.period.from }, ...inCustomers(f.customerIds) } as never, { fields: ['customerId'] }),
        ctx.em.find(OrderFact, { status: 'APPROVED', approvedAt: inPeriod(ref), ...inCustomers(f.customerIds) } as never, { fields: ['customerId'] }),
      ]);
      return retention(new Set(before.map((o) => o.customerId)), new Set(during.map((o) => o.customerId)));
    })();
    return ref.retention;
  }
}
