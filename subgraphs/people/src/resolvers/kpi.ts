// SalesKpis (owned by orders) extended with the people KPIs: target revenue, attainment and
// pipeline coverage (customers' weightedPipeline comes in the representation via @requires).
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { money, parseDecimal } from '@salesgraph/kernel';
import { kpisFor } from '../forecast.service';
import { parseKpiId, pipelineCoverage, type KpiKey, type PeopleKpis } from '../domain/kpi';
import type { PeopleContext } from './index';

interface KpiRef {
  id: string;
  key: KpiKey;
  weightedPipeline?: { amount: string; currency: string } | null;
  figures?: Promise<PeopleKpis>;
}

const figures = (ref: KpiRef, ctx: PeopleContext) => (ref.figures ??= kpisFor(ctx.em, ref.key));

export function kpiResolvers(): GraphQLResolverMap<PeopleContext> {
  return {
    SalesKpis: {
      __resolveReference: (ref: { id: string; weightedPipeline?: KpiRef['weightedPipeline'] }): KpiRef => ({ ...ref, key: parseKpiId(ref.id) }),
      targetRevenue: async (ref: KpiRef, _: unknown, ctx: PeopleContext) => {
        const f = await figures(ref, ctx);
        return f.targetRevenue == null ? null : money(f.targetRevenue, ctx.currency);
      },
      targetAttainmentPercent: async (ref: KpiRef, _: unknown, ctx: PeopleContext) => (await figures(ref, ctx)).targetAttainmentPercent,
      remainingTarget: async (ref: KpiRef, _: unknown, ctx: PeopleContext) => {
        const f = await figures(ref, ctx);
        return f.remainingTarget == null ? null : money(f.remainingTarget, ctx.currency);
      },
      pipelineCoverage: async (ref: KpiRef, _: unknown, ctx: PeopleContext) => {
        const wp = ref.weightedPipeline;
        // A pipeline in another currency cannot be compared with the target: not computable.
        if (!wp || wp.currency !== ctx.currency) return null;
        const f = await figures(ref, ctx);
        return pipelineCoverage(parseDecimal(wp.amount, 2, 'weightedPipeline.amount'), f.remainingTarget);
      },
    },
  } as GraphQLResolverMap<PeopleContext>;
}
