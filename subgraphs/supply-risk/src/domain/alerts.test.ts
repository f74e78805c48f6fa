import { describe, expect, it } from 'vitest';
import {
  decideAlert,
  DEFAULT_THRESHOLDS,
  demandSpikeCondition,
  riskEscalatedCondition,
  singleSourceCondition,
  stockoutCondition,
  supplierUnderperformingCondition,
  thresholdsFromEnv,
  type Condition,
} from './alerts';
import { orderDeliveryRisk, productSupplyRiskLevel } from './exposure';

/** Runs a rule over a sequence of facts, keeping the open alert as the service does. */
function run(conditions: Condition[]): string[] {
  let open: { severity: Condition['severity']; message: string } | null = null;
  const out: string[] = [];
  for (const c of conditions) {
    const d = decideAlert(open, c);
    out.push(d.kind);
    if (d.kind === 'RAISE' || d.kind === 'UPDATE') open = { severity: d.severity, message: d.message };
    if (d.kind === 'RESOLVE') open = null;
  }
  return out;
}

const t = DEFAULT_THRESHOLDS;

describe('STOCKOUT_RISK', () => {
  const at = (available: number) => stockoutCondition({ sku: 'P1', available, reorderPoint: 5, safetyStock: 2, tracked: true });
  it('raises below the reorder point, deduplicates, escalates, and clears on restock', () => {
    expect(at(5).active).toBe(false);
    expect(at(4)).toMatchObject({ active: true, severity: 'WARNING' });
    expect(at(1)).toMatchObject({ active: true, severity: 'CRITICAL' });
    expect(run([at(6), at(4), at(4), at(3), at(1), at(20), at(20)])).toEqual(['NONE', 'RAISE', 'NONE', 'UPDATE', 'UPDATE', 'RESOLVE', 'NONE']);
  });
  it('ignores skus without any stock record', () => {
    expect(stockoutCondition({ sku: 'P1', available: 0, reorderPoint: 0, safetyStock: 0, tracked: false }).active).toBe(false);
  });
});

describe('SINGLE_SOURCE', () => {
  it('raises for one supplier with recent sales and clears with a second supplier', () => {
    const c = (supplierCount: number, recentSales: number) => singleSourceCondition({ sku: 'P1', supplierCount, recentSales });
    expect(c(1, 0).active).toBe(false);
    expect(c(1, 5).active).toBe(true);
    expect(c(2, 5).active).toBe(false);
    expect(run([c(1, 0), c(1, 5), c(1, 5), c(2, 5)])).toEqual(['NONE', 'RAISE', 'NONE', 'RESOLVE']);
  });
});

describe('SUPPLIER_UNDERPERFORMING', () => {
  const c = (score: number | null, deliveries: number) => supplierUnderperformingCondition({ supplierName: 'Acme', score, deliveries }, t);
  it('raises below the threshold once enough deliveries are in', () => {
    expect(c(40, 2).active).toBe(false);
    expect(c(59, 3)).toMatchObject({ active: true, severity: 'WARNING' });
    expect(c(29, 3)).toMatchObject({ active: true, severity: 'CRITICAL' });
    expect(c(60, 3).active).toBe(false);
    expect(c(null, 0).active).toBe(false);
  });
  it('deduplicates and clears when the score recovers', () => {
    expect(run([c(50, 3), c(50, 3), c(80, 4)])).toEqual(['RAISE', 'NONE', 'RESOLVE']);
  });
  it('raises on clustered QUALITY complaints whatever the score', () => {
    const q = (qualityComplaints: number, score: number | null = 95) => supplierUnderperformingCondition({ supplierName: 'Acme', score, deliveries: 5, qualityComplaints }, t);
    expect(q(2).active).toBe(false);
    expect(q(3)).toMatchObject({ active: true, severity: 'WARNING', message: 'Acme: 3 quality complaints in the scorecard window' });
    expect(q(6)).toMatchObject({ active: true, severity: 'CRITICAL' });
    expect(q(1, 50)).toMatchObject({ active: true, message: 'Acme: scorecard 50 is below 60 over 5 deliveries, 1 quality complaint in the scorecard window' });
    expect(run([q(3), q(3), q(0)])).toEqual(['RAISE', 'NONE', 'RESOLVE']);
  });
  it('honours configured thresholds', () => {
    const strict = thresholdsFromEnv({ RISK_SUPPLIER_SCORE_BELOW: '90', RISK_SUPPLIER_MIN_DELIVERIES: '1' });
    expect(supplierUnderperformingCondition({ supplierName: 'A', score: 85, deliveries: 1 }, strict).active).toBe(true);
    expect(() => thresholdsFromEnv({ RISK_DEMAND_SPIKE_FACTOR: 'lots' })).toThrow(/RISK_DEMAND_SPIKE_FACTOR/);
  });
});

describe('RISK_ESCALATED', () => {
  const c = (level: 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL', status: 'OPEN' | 'MITIGATING' | 'CLOSED' = 'OPEN', score = 10) => riskEscalatedCondition({ title: 'Strike', level, status, score });
  it('raises for HIGH and CRITICAL open risks and clears when lowered or closed', () => {
    expect(c('MEDIUM').active).toBe(false);
    expect(c('HIGH')).toMatchObject({ active: true, severity: 'WARNING' });
    expect(c('CRITICAL', 'OPEN', 16)).toMatchObject({ active: true, severity: 'CRITICAL' });
    expect(c('CRITICAL', 'CLOSED').active).toBe(false);
    expect(run([c('MEDIUM', 'OPEN', 6), c('HIGH'), c('HIGH'), c('CRITICAL', 'OPEN', 16), c('MEDIUM', 'OPEN', 6)])).toEqual(['NONE', 'RAISE', 'NONE', 'UPDATE', 'RESOLVE']);
    expect(run([c('HIGH'), c('HIGH', 'CLOSED')])).toEqual(['RAISE', 'RESOLVE']);
  });
});

describe('DEMAND_SPIKE', () => {
  const c = (windowQuantity: number, baselineQuantity: number) => demandSpikeCondition({ sku: 'P1', windowQuantity, baselineQuantity }, t);
  it('raises when the week runs far above the norm of the four weeks before', () => {
    // norm = 40 / 28 days × 7 = 10 a week; factor 3 → spike above 30
    expect(c(30, 40).active).toBe(false);
    expect(c(31, 40).active).toBe(true);
    expect(c(9, 1).active).toBe(false); // below the minimum quantity
    expect(c(500, 0).active).toBe(false); // no norm to compare with
    expect(run([c(10, 40), c(31, 40), c(45, 40), c(12, 40)])).toEqual(['NONE', 'RAISE', 'UPDATE', 'RESOLVE']);
  });
});

describe('exposure levels', () => {
  it('rates an order by its worst open alert, risk or failed reservation', () => {
    expect(orderDeliveryRisk({ alerts: [], risks: [], failedReservations: [] })).toEqual({ level: 'LOW', reasons: [] });
    const r = orderDeliveryRisk({
      alerts: [{ rule: 'STOCKOUT_RISK', severity: 'WARNING', message: 'P1: available 3 is below the reorder point 5' }],
      risks: [{ title: 'Port strike', level: 'MEDIUM' }],
      failedReservations: [],
    });
    expect(r.level).toBe('MEDIUM');
    expect(r.reasons).toEqual(['STOCKOUT_RISK: P1: available 3 is below the reorder point 5', 'RISK MEDIUM: Port strike']);
    expect(orderDeliveryRisk({ alerts: [], risks: [{ title: 'x', level: 'CRITICAL' }], failedReservations: [{ sku: 'P1', shortfall: 2 }] }).level).toBe('CRITICAL');
    expect(orderDeliveryRisk({ alerts: [], risks: [], failedReservations: [{ sku: 'P1', shortfall: 2 }] })).toEqual({ level: 'HIGH', reasons: ['RESERVATION_FAILED: P1 short by 2'] });
  });
  it('rates a product by diversity, alerts and risks', () => {
    const diverse = { supplierCount: 3, singleSource: false, concentration: 3400 };
    expect(productSupplyRiskLevel({ diversity: { supplierCount: 4, singleSource: false, concentration: 2500 }, alertSeverities: [], riskLevels: [] })).toBe('LOW');
    expect(productSupplyRiskLevel({ diversity: diverse, alertSeverities: [], riskLevels: [] })).toBe('MEDIUM');
    expect(productSupplyRiskLevel({ diversity: { supplierCount: 1, singleSource: true, concentration: 10000 }, alertSeverities: ['CRITICAL'], riskLevels: [] })).toBe('HIGH');
    expect(productSupplyRiskLevel({ diversity: diverse, alertSeverities: [], riskLevels: ['CRITICAL'] })).toBe('CRITICAL');
  });
});
