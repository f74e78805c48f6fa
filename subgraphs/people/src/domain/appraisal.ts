// KPI scheme validation, appraisal scoring and OKR progress. Scores are hundredths (8750n = 87.50).
import { divideHalfEven, parseDecimal, ValidationError } from '@salesgraph/kernel';

export const KPI_METRICS = ['REVENUE_ATTAINMENT', 'MARGIN_ATTAINMENT', 'NEW_CUSTOMERS', 'CUSTOMER_SATISFACTION', 'COLLECTION_RATE'] as const;
export type KpiMetric = (typeof KPI_METRICS)[number];
export type AppraisalRating = 'A' | 'B' | 'C' | 'D';

export interface KpiDefinition {
  metric: KpiMetric;
  /** Weight in hundredths of a percent of the total. */
  weight: bigint;
  /** Target value in hundredths (attainment %, count, CSAT 1-5, collection %). */
  target: bigint;
}

export function validateKpiScheme(input: { name: string; kpis: { metric: string; weight: string; target: string }[] }): { name: string; kpis: KpiDefinition[] } {
  const name = input.name.trim();
  if (!name || name.length > 120) throw new ValidationError('name', 'name must be 1-120 characters');
  if (!input.kpis.length) throw new ValidationError('kpis', 'a scheme needs at least one KPI');
  const seen = new Set<string>();
  const kpis = input.kpis.map((k, i) => {
    if (!KPI_METRICS.includes(k.metric as KpiMetric)) throw new ValidationError(`kpis[${i}].metric`, `metric must be one of ${KPI_METRICS.join(', ')}`);
    if (seen.has(k.metric)) throw new ValidationError(`kpis[${i}].metric`, `${k.metric} appears twice`);
    seen.add(k.metric);
    const weight = parseDecimal(String(k.weight), 2, `kpis[${i}].weight`);
    if (weight <= 0n) throw new ValidationError(`kpis[${i}].weight`, 'weight must be greater than 0');
    const target = parseDecimal(String(k.target), 2, `kpis[${i}].target`);
    if (target <= 0n) throw new ValidationError(`kpis[${i}].target`, 'target must be greater than 0');
    return { metric: k.metric as KpiMetric, weight, target };
  });
  const sum = kpis.reduce((a, k) => a + k.weight, 0n);
  if (sum !== 10_000n) throw new ValidationError('kpis', `KPI weights must sum to 100, got ${Number(sum) / 100}`);
  return { name, kpis };
}

/** A KPI score is actual ÷ target as a percentage, capped at 120 (over-achievement counts, but not without limit). */
export const SCORE_CAP = 12_000n;

export interface KpiScore {
  metric: KpiMetric;
  weight: bigint;
  target: bigint;
  /** null when there is no data (scores 0). */
  actual: bigint | null;
  score: bigint;
  weighted: bigint;
}

export function scoreKpi(k: KpiDefinition, actual: bigint | null): KpiScore {
  let score = actual == null || actual <= 0n ? 0n : divideHalfEven(actual * 10_000n, k.target);
  if (score > SCORE_CAP) score = SCORE_CAP;
  return { metric: k.metric, weight: k.weight, target: k.target, actual, score, weighted: divideHalfEven(score * k.weight, 10_000n) };
}

export interface QualitativeScore {
  criterion: string;
  /** 0-100, hundredths. */
  score: bigint;
}

export function validateQualitative(items: { criterion: string; score: string }[] | null | undefined): QualitativeScore[] {
  return (items ?? []).map((q, i) => {
    const criterion = q.criterion.trim();
    if (!criterion || criterion.length > 120) throw new ValidationError(`qualitative[${i}].criterion`, 'criterion must be 1-120 characters');
    const score = parseDecimal(String(q.score), 2, `qualitative[${i}].score`);
    if (score < 0n || score > 10_000n) throw new ValidationError(`qualitative[${i}].score`, 'score must be between 0 and 100');
    return { criterion, score };
  });
}

/** Share of the total that qualitative criteria carry when any are given. */
export const QUALITATIVE_SHARE = 20n;

export interface AppraisalResult {
  kpis: KpiScore[];
  kpiTotal: bigint;
  qualitativeAverage: bigint | null;
  total: bigint;
  rating: AppraisalRating;
}

export function ratingFor(total: bigint): AppraisalRating {
  if (total >= 9_000n) return 'A';
  if (total >= 7_500n) return 'B';
  if (total >= 6_000n) return 'C';
  return 'D';
}

/** Total = Σ weighted KPI scores; with qualitative criteria, 80% KPI + 20% their average. */
export function appraise(kpis: KpiDefinition[], actuals: ReadonlyMap<KpiMetric, bigint | null>, qualitative: QualitativeScore[]): AppraisalResult {
  const scores = kpis.map((k) => scoreKpi(k, actuals.get(k.metric) ?? null));
  const kpiTotal = scores.reduce((a, s) => a + s.weighted, 0n);
  const qualitativeAverage = qualitative.length ? divideHalfEven(qualitative.reduce((a, q) => a + q.score, 0n), BigInt(qualitative.length)) : null;
  const total = qualitativeAverage == null ? kpiTotal : divideHalfEven(kpiTotal * (100n - QUALITATIVE_SHARE) + qualitativeAverage * QUALITATIVE_SHARE, 100n);
  return { kpis: scores, kpiTotal, qualitativeAverage, total, rating: ratingFor(total) };
}

/** OKR progress of one key result (hundredths of a percent, 0-100%). */
export function keyResultProgress(current: bigint, target: bigint): bigint {
  if (target <= 0n) return current > 0n ? 10_000n : 0n;
  const p = divideHalfEven(current * 10_000n, target);
  return p < 0n ? 0n : p > 10_000n ? 10_000n : p;
}

/** An objective's progress is the mean of its key results' progress. */
export function objectiveProgress(krs: { current: bigint; target: bigint }[]): bigint {
  if (!krs.length) return 0n;
  return divideHalfEven(
    krs.reduce((a, k) => a + keyResultProgress(k.current, k.target), 0n),
    BigInt(krs.length),
  );
}
