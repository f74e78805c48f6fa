// Tunable thresholds of the CRM rules, with defaults; CUSTOMERS_* environment variables override them.
import type { ComplaintSeverity } from './complaint';
import type { OpportunityStage } from './opportunity';

export interface RfmThresholds {
  /** Days since last order at or below which recency scores 5, 4, 3, 2 (above the last: 1). */
  recencyDays: [number, number, number, number];
  /** Orders in the last 365 days at or above which frequency scores 2, 3, 4, 5. */
  frequencyOrders: [number, number, number, number];
  /** Lifetime value (minor units) at or above which monetary scores 2, 3, 4, 5. */
  monetaryMinor: [bigint, bigint, bigint, bigint];
  /** Minimum R+F+M total for segments A, B, C (below C: D). */
  segmentMinTotal: { A: number; B: number; C: number };
}

export interface CustomersSettings {
  /** No approved order for this many days moves an ACTIVE customer to AT_RISK. */
  atRiskAfterDays: number;
  /** No approved order for this many days moves a customer to CHURNED. */
  churnedAfterDays: number;
  /** The ordering interval assumed for a customer with fewer than two orders. */
  defaultOrderIntervalDays: number;
  rfm: RfmThresholds;
  /** Hours to resolve a complaint, by severity. */
  complaintSlaHours: Record<ComplaintSeverity, number>;
  /** Win probability per pipeline stage, in percent. */
  stageProbabilities: Record<OpportunityStage, number>;
  /** How often the sweep runs (ms). */
  sweepIntervalMs: number;
  /** The sweep re-evaluates a customer whose last evaluation is older than this (events re-evaluate at once). */
  reevaluateAfterHours: number;
}

export const DEFAULT_SETTINGS: CustomersSettings = {
  atRiskAfterDays: 90,
  churnedAfterDays: 180,
  defaultOrderIntervalDays: 30,
  rfm: {
    recencyDays: [30, 60, 90, 180],
    frequencyOrders: [2, 4, 8, 12],
    monetaryMinor: [1_000_000n, 5_000_000n, 20_000_000n, 100_000_000n],
    segmentMinTotal: { A: 13, B: 10, C: 7 },
  },
  complaintSlaHours: { CRITICAL: 4, HIGH: 24, MEDIUM: 72, LOW: 168 },
  stageProbabilities: { QUALIFICATION: 10, NEEDS_ANALYSIS: 20, PROPOSAL: 50, NEGOTIATION: 75, WON: 100, LOST: 0 },
  sweepIntervalMs: 300_000,
  reevaluateAfterHours: 6,
};

function positiveInt(env: Record<string, string | undefined>, key: string, fallback: number): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${key} must be a positive integer, got ${raw}`);
  return n;
}

function list(env: Record<string, string | undefined>, key: string, parse: (v: string) => number | bigint): (number | bigint)[] | null {
  const raw = env[key];
  if (raw === undefined || raw === '') return null;
  const values = raw.split(',').map((v) => parse(v.trim()));
  if (values.length !== 4) throw new Error(`${key} must list 4 ascending thresholds, got ${raw}`);
  for (let i = 1; i < 4; i++) if (!(values[i]! > values[i - 1]!)) throw new Error(`${key} must be ascending, got ${raw}`);
  return values;
}

function nonNegativeInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`"${v}" is not a non-negative integer`);
  return n;
}

/** Whole currency units (e.g. "10000") → minor units. */
function majorToMinor(v: string): bigint {
  if (!/^\d+$/.test(v)) throw new Error(`"${v}" is not a whole amount`);
  return BigInt(v) * 100n;
}

export function settingsFromEnv(env: Record<string, string | undefined>): CustomersSettings {
  const s = structuredClone(DEFAULT_SETTINGS);
  s.atRiskAfterDays = positiveInt(env, 'CUSTOMERS_AT_RISK_AFTER_DAYS', s.atRiskAfterDays);
  s.churnedAfterDays = positiveInt(env, 'CUSTOMERS_CHURNED_AFTER_DAYS', s.churnedAfterDays);
  s.defaultOrderIntervalDays = positiveInt(env, 'CUSTOMERS_DEFAULT_ORDER_INTERVAL_DAYS', s.defaultOrderIntervalDays);
  s.sweepIntervalMs = positiveInt(env, 'CUSTOMERS_SWEEP_INTERVAL_MS', s.sweepIntervalMs);
  for (const sev of ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const) s.complaintSlaHours[sev] = positiveInt(env, `CUSTOMERS_COMPLAINT_SLA_HOURS_${sev}`, s.complaintSlaHours[sev]);
  const recency = list(env, 'CUSTOMERS_RFM_RECENCY_DAYS', nonNegativeInt);
  if (recency) s.rfm.recencyDays = recency as RfmThresholds['recencyDays'];
  const frequency = list(env, 'CUSTOMERS_RFM_FREQUENCY_ORDERS', nonNegativeInt);
  if (frequency) s.rfm.frequencyOrders = frequency as RfmThresholds['frequencyOrders'];
  const monetary = list(env, 'CUSTOMERS_RFM_MONETARY_AMOUNTS', majorToMinor);
  if (monetary) s.rfm.monetaryMinor = monetary as RfmThresholds['monetaryMinor'];
  const cuts = env.CUSTOMERS_RFM_SEGMENT_MIN_TOTALS;
  if (cuts) {
    const [A, B, C] = cuts.split(',').map((v) => nonNegativeInt(v.trim()));
    if (A === undefined || B === undefined || C === undefined || !(A > B && B > C)) throw new Error(`CUSTOMERS_RFM_SEGMENT_MIN_TOTALS must be "A,B,C" descending, got ${cuts}`);
    s.rfm.segmentMinTotal = { A, B, C };
  }
  const probabilities = env.CUSTOMERS_STAGE_PROBABILITIES;
  if (probabilities) {
    for (const pair of probabilities.split(',')) {
      const [stage, value] = pair.split('=').map((v) => v.trim());
      if (!stage || !(stage in s.stageProbabilities) || stage === 'WON' || stage === 'LOST') throw new Error(`CUSTOMERS_STAGE_PROBABILITIES: "${stage}" is not an open stage`);
      const n = Number(value);
      if (!Number.isFinite(n) || n < 0 || n > 100) throw new Error(`CUSTOMERS_STAGE_PROBABILITIES: ${stage} must be 0..100`);
      s.stageProbabilities[stage as OpportunityStage] = n;
    }
  }
  if (s.churnedAfterDays <= s.atRiskAfterDays) throw new Error('CUSTOMERS_CHURNED_AFTER_DAYS must exceed CUSTOMERS_AT_RISK_AFTER_DAYS');
  return s;
}

export const DAY_MS = 86_400_000;

export function daysBetween(from: Date, to: Date): number {
  return Math.floor((to.getTime() - from.getTime()) / DAY_MS);
}
