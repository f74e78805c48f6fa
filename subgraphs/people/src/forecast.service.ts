// Gap to target (issue 9): forecast attainment of a target and the people KPIs of the overview.
import type { EntityManager } from '@salesgraph/db';
import { actualFor, actualsByMonth } from './actuals';
import { forecastAttainment, addMonths, type ForecastAttainment } from './domain/forecast-attainment';
import { peopleKpis, type KpiKey, type PeopleKpis } from './domain/kpi';
import { monthOf, monthsOf, parsePeriod } from './domain/period';
import { SalesTarget } from './infra/target.entity';
import { scopeOf } from './targets.service';

/** Forecast attainment of a target from the scope's monthly actuals up to (and including) the current month. */
export async function targetForecast(em: EntityManager, t: SalesTarget, now: Date): Promise<ForecastAttainment> {
  const monthly = await actualsByMonth(em, t.metric, scopeOf(t), { before: addMonths(monthOf(now), 1) });
  return forecastAttainment({ monthly, period: parsePeriod(t.period), now, target: t.amount });
}

/** The REVENUE target of exactly the KPI's period and scope, and the revenue actual credited in it. */
export async function kpisFor(em: EntityManager, key: KpiKey): Promise<PeopleKpis> {
  const target = await em.findOne(SalesTarget, { period: key.period.text, scopeKind: key.scope.kind, scopeRef: key.scope.ref, metric: 'REVENUE' });
  if (!target) return peopleKpis(null, 0n);
  return peopleKpis(target.amount, await actualFor(em, 'REVENUE', key.scope, monthsOf(key.period)));
}
