// Early-warning rules: each rule turns facts into a condition; one decision function keeps at
// most one open alert per rule and subject (raise once, update in place, resolve when clear).
import type { RiskLevel, RiskStatus } from './risk';

export const ALERT_RULES = ['STOCKOUT_RISK', 'SINGLE_SOURCE', 'SUPPLIER_UNDERPERFORMING', 'RISK_ESCALATED', 'DEMAND_SPIKE'] as const;
export type AlertRule = (typeof ALERT_RULES)[number];
export const ALERT_SEVERITIES = ['INFO', 'WARNING', 'CRITICAL'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];
export const ALERT_STATUSES = ['OPEN', 'ACKNOWLEDGED', 'RESOLVED'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

export interface Condition {
  active: boolean;
  severity: AlertSeverity;
  message: string;
}

export interface AlertThresholds {
  /** SUPPLIER_UNDERPERFORMING below this scorecard score (0..100). */
  supplierScoreBelow: number;
  /** ... once the supplier has at least this many deliveries in the window. */
  supplierMinDeliveries: number;
  /** SUPPLIER_UNDERPERFORMING also at this many QUALITY complaints in the scorecard window. */
  supplierQualityComplaints: number;
  /** SINGLE_SOURCE needs approved sales within this many days. */
  singleSourceSalesDays: number;
  /** DEMAND_SPIKE: approved quantity in the last windowDays vs the norm of the baselineDays before. */
  demandSpikeWindowDays: number;
  demandSpikeBaselineDays: number;
  demandSpikeFactor: number;
  demandSpikeMinQuantity: number;
}

export const DEFAULT_THRESHOLDS: AlertThresholds = {
  supplierScoreBelow: 60,
  supplierMinDeliveries: 3,
  supplierQualityComplaints: 3,
  singleSourceSalesDays: 90,
  demandSpikeWindowDays: 7,
  demandSpikeBaselineDays: 28,
  demandSpikeFactor: 3,
  demandSpikeMinQuantity: 10,
};

export function thresholdsFromEnv(env: Record<string, string | undefined>): AlertThresholds {
  const num = (name: string, fallback: number, min: number) => {
    const raw = env[name];
    if (raw == null || raw === '') return fallback;
    const v = Number(raw);
    if (!Number.isFinite(v) || v < min) throw new Error(`${name} must be a number ≥ ${min}, got ${raw}`);
    return v;
  };
  return {
    supplierScoreBelow: num('RISK_SUPPLIER_SCORE_BELOW', DEFAULT_THRESHOLDS.supplierScoreBelow, 0),
    supplierMinDeliveries: num('RISK_SUPPLIER_MIN_DELIVERIES', DEFAULT_THRESHOLDS.supplierMinDeliveries, 1),
    supplierQualityComplaints: num('RISK_SUPPLIER_QUALITY_COMPLAINTS', DEFAULT_THRESHOLDS.supplierQualityComplaints, 1),
    singleSourceSalesDays: num('RISK_SINGLE_SOURCE_SALES_DAYS', DEFAULT_THRESHOLDS.singleSourceSalesDays, 1),
    demandSpikeWindowDays: num('RISK_DEMAND_SPIKE_WINDOW_DAYS', DEFAULT_THRESHOLDS.demandSpikeWindowDays, 1),
    demandSpikeBaselineDays: num('RISK_DEMAND_SPIKE_BASELINE_DAYS', DEFAULT_THRESHOLDS.demandSpikeBaselineDays, 1),
    demandSpikeFactor: num('RISK_DEMAND_SPIKE_FACTOR', DEFAULT_THRESHOLDS.demandSpikeFactor, 1),
    demandSpikeMinQuantity: num('RISK_DEMAND_SPIKE_MIN_QUANTITY', DEFAULT_THRESHOLDS.demandSpikeMinQuantity, 1),
  };
}

export function stockoutCondition(f: { sku: string; available: number; reorderPoint: number; safetyStock: number; tracked: boolean }): Condition {
  const active = f.tracked && f.available < f.reorderPoint;
  const critical = f.available <= 0 || f.available < f.safetyStock;
  return {
    active,
    severity: critical ? 'CRITICAL' : 'WARNING',
    message: `${f.sku}: available ${f.available} is below the reorder point ${f.reorderPoint}${critical ? ` (safety stock ${f.safetyStock})` : ''}`,
  };
}

export function singleSourceCondition(f: { sku: string; supplierCount: number; recentSales: number }): Condition {
  return { active: f.supplierCount === 1 && f.recentSales > 0, severity: 'WARNING', message: `${f.sku} has a single supplier and ${f.recentSales} units sold recently` };
}

/**
 * Underperforming: a scorecard below the threshold over enough deliveries, or enough QUALITY
 * complaints (customers' complaints about orders containing the supplier's skus) in the window.
 * CRITICAL below half the threshold score or at twice the complaints.
 */
export function supplierUnderperformingCondition(f: { supplierName: string; score: number | null; deliveries: number; qualityComplaints?: number }, t: AlertThresholds): Condition {
  const complaints = f.qualityComplaints ?? 0;
  const lowScore = f.score != null && f.deliveries >= t.supplierMinDeliveries && f.score < t.supplierScoreBelow;
  const complained = complaints >= t.supplierQualityComplaints;
  const critical = (f.score != null && f.score < t.supplierScoreBelow / 2) || complaints >= 2 * t.supplierQualityComplaints;
  const scoreText = `scorecard ${f.score ?? 'n/a'} is below ${t.supplierScoreBelow} over ${f.deliveries} deliveries`;
  const complaintText = `${complaints} quality complaint${complaints === 1 ? '' : 's'} in the scorecard window`;
  const parts = lowScore ? [scoreText, ...(complaints ? [complaintText] : [])] : complained ? [complaintText] : [scoreText];
  return { active: lowScore || complained, severity: critical ? 'CRITICAL' : 'WARNING', message: `${f.supplierName}: ${parts.join(', ')}` };
}

export function riskEscalatedCondition(f: { title: string; level: RiskLevel; status: RiskStatus; score: number }): Condition {
  const active = f.status !== 'CLOSED' && (f.level === 'HIGH' || f.level === 'CRITICAL');
  return { active, severity: f.level === 'CRITICAL' ? 'CRITICAL' : 'WARNING', message: `risk "${f.title}" is ${f.level} (score ${f.score})` };
}

export function demandSpikeCondition(f: { sku: string; windowQuantity: number; baselineQuantity: number }, t: AlertThresholds): Condition {
  // Compare rates without division: window / windowDays > factor × baseline / baselineDays.
  const active =
    f.baselineQuantity > 0 && f.windowQuantity >= t.demandSpikeMinQuantity && f.windowQuantity * t.demandSpikeBaselineDays > t.demandSpikeFactor * f.baselineQuantity * t.demandSpikeWindowDays;
  return {
    active,
    severity: 'WARNING',
    message: `${f.sku}: ${f.windowQuantity} units approved in ${t.demandSpikeWindowDays} days against ${f.baselineQuantity} in the ${t.demandSpikeBaselineDays} days before`,
  };
}

export type AlertDecision =
  | { kind: 'RAISE'; severity: AlertSeverity; message: string }
  | { kind: 'UPDATE'; severity: AlertSeverity; message: string }
  | { kind: 'RESOLVE'; resolution: string }
  | { kind: 'NONE' };

/** `open` is the rule's unresolved alert (OPEN or ACKNOWLEDGED) for the subject, if any. */
export function decideAlert(open: { severity: AlertSeverity; message: string } | null, condition: Condition): AlertDecision {
  if (condition.active) {
    if (!open) return { kind: 'RAISE', severity: condition.severity, message: condition.message };
    if (open.severity !== condition.severity || open.message !== condition.message) return { kind: 'UPDATE', severity: condition.severity, message: condition.message };
    return { kind: 'NONE' };
  }
  return open ? { kind: 'RESOLVE', resolution: 'condition cleared' } : { kind: 'NONE' };
}

/** The key that makes "one open alert per rule and subject" a unique index. */
export function openKeyOf(rule: AlertRule, subjectKind: string, subjectId: string): string {
  return `${rule}:${subjectKind}:${subjectId}`;
}
