// Churn risk: a score 0..100 summed from weighted signals, each reported as a reason.
//
// | signal             | weight                                                                 |
// |--------------------|------------------------------------------------------------------------|
// | RECENCY            | days since last order ÷ the customer's usual interval: ≥3× → 35,       |
// |                    | ≥2× → 25, ≥1.5× → 10 (usual interval: mean gap between its orders, or   |
// |                    | the configured default with fewer than two orders)                     |
// | FREQUENCY_DROP     | orders in the last 90 days ≤ half of the 90 days before (which had ≥2)  |
// |                    | → 15                                                                   |
// | OPEN_COMPLAINTS    | 5 per open complaint, at most 15                                       |
// | OVERDUE_COMPLAINTS | 10 per complaint past its SLA, at most 20                              |
// | LOW_SATISFACTION   | last CSAT ≤ 2 or last NPS ≤ 6 → 15                                      |
// | LATE_DELIVERIES    | 15 per order delivered late in the last 180 days, at most 30           |
// | SUPPLY_ALERTS      | 15 per open supply alert on a product it buys, at most 30              |
//
// The score is the sum capped at 100; level LOW < 30 ≤ MEDIUM < 60 ≤ HIGH.
import { daysBetween } from './settings';

export const CHURN_LEVELS = ['LOW', 'MEDIUM', 'HIGH'] as const;
export type ChurnLevel = (typeof CHURN_LEVELS)[number];

export type ChurnSignal = 'RECENCY' | 'FREQUENCY_DROP' | 'OPEN_COMPLAINTS' | 'OVERDUE_COMPLAINTS' | 'LOW_SATISFACTION' | 'LATE_DELIVERIES' | 'SUPPLY_ALERTS';

export interface ChurnReason {
  signal: ChurnSignal;
  weight: number;
  detail: string;
}

export interface ChurnInput {
  now: Date;
  /** Approval times of the customer's live (not cancelled) orders. */
  orderTimes: Date[];
  openComplaints: number;
  overdueComplaints: number;
  lastCsat: number | null;
  lastNps: number | null;
  lateDeliveriesLast180Days: number;
  openSupplyAlerts: number;
  defaultOrderIntervalDays: number;
}

export interface ChurnRisk {
  score: number;
  level: ChurnLevel;
  reasons: ChurnReason[];
}

export const MEDIUM_FROM = 30;
export const HIGH_FROM = 60;

export function churnLevel(score: number): ChurnLevel {
  return score >= HIGH_FROM ? 'HIGH' : score >= MEDIUM_FROM ? 'MEDIUM' : 'LOW';
}

export function usualOrderIntervalDays(orderTimes: Date[], fallback: number): number {
  if (orderTimes.length < 2) return fallback;
  const sorted = orderTimes.map((d) => d.getTime()).sort((a, b) => a - b);
  const span = (sorted.at(-1)! - sorted[0]!) / 86_400_000;
  return Math.max(1, span / (sorted.length - 1));
}

export function churnRisk(input: ChurnInput): ChurnRisk {
  const reasons: ChurnReason[] = [];
  const add = (signal: ChurnSignal, weight: number, detail: string) => {
    if (weight > 0) reasons.push({ signal, weight, detail });
  };

  if (input.orderTimes.length > 0) {
    const last = new Date(Math.max(...input.orderTimes.map((d) => d.getTime())));
    const idle = daysBetween(last, input.now);
    const usual = usualOrderIntervalDays(input.orderTimes, input.defaultOrderIntervalDays);
    const ratio = idle / usual;
    const weight = ratio >= 3 ? 35 : ratio >= 2 ? 25 : ratio >= 1.5 ? 10 : 0;
    add('RECENCY', weight, `no order for ${idle} days; usually orders every ${Math.round(usual)} days`);

    const t = input.now.getTime();
    const inWindow = (from: number, to: number) => input.orderTimes.filter((d) => d.getTime() > t - from * 86_400_000 && d.getTime() <= t - to * 86_400_000).length;
    const recent = inWindow(90, 0);
    const before = inWindow(180, 90);
    if (before >= 2 && recent * 2 <= before) add('FREQUENCY_DROP', 15, `${recent} orders in the last 90 days against ${before} in the 90 days before`);
  }
  add('OPEN_COMPLAINTS', Math.min(15, 5 * input.openComplaints), `${input.openComplaints} open complaint(s)`);
  add('OVERDUE_COMPLAINTS', Math.min(20, 10 * input.overdueComplaints), `${input.overdueComplaints} complaint(s) past their SLA`);
  const lowCsat = input.lastCsat !== null && input.lastCsat <= 2;
  const lowNps = input.lastNps !== null && input.lastNps <= 6;
  if (lowCsat || lowNps) {
    add('LOW_SATISFACTION', 15, [lowCsat ? `last CSAT ${input.lastCsat}/5` : null, lowNps ? `last NPS ${input.lastNps}/10` : null].filter(Boolean).join(', '));
  }
  add('LATE_DELIVERIES', Math.min(30, 15 * input.lateDeliveriesLast180Days), `${input.lateDeliveriesLast180Days} late deliveries in the last 180 days`);
  add('SUPPLY_ALERTS', Math.min(30, 15 * input.openSupplyAlerts), `${input.openSupplyAlerts} open supply alert(s) on products the customer buys`);

  const score = Math.min(100, reasons.reduce((s, r) => s + r.weight, 0));
  return { score, level: churnLevel(score), reasons };
}
