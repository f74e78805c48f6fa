// Levels seen from a product or an order: what open alerts, risks and failed reservations mean.
import { maxLevel, type RiskLevel } from './risk';
import type { AlertRule, AlertSeverity } from './alerts';
import { HIGH_CONCENTRATION, type Diversity } from './diversity';

export function alertLevel(severity: AlertSeverity): RiskLevel {
  return severity === 'CRITICAL' ? 'HIGH' : severity === 'WARNING' ? 'MEDIUM' : 'LOW';
}

export function productSupplyRiskLevel(f: { diversity: Diversity; alertSeverities: AlertSeverity[]; riskLevels: RiskLevel[] }): RiskLevel {
  const levels: RiskLevel[] = [...f.alertSeverities.map(alertLevel), ...f.riskLevels];
  if (f.diversity.singleSource || (f.diversity.concentration ?? 0) > HIGH_CONCENTRATION) levels.push('MEDIUM');
  return maxLevel(levels);
}

export interface DeliveryRisk {
  level: RiskLevel;
  reasons: string[];
}

export function orderDeliveryRisk(f: {
  alerts: { rule: AlertRule; severity: AlertSeverity; message: string }[];
  risks: { title: string; level: RiskLevel }[];
  failedReservations: { sku: string; shortfall: number }[];
}): DeliveryRisk {
  const reasons = [
    ...f.failedReservations.map((r) => `RESERVATION_FAILED: ${r.sku} short by ${r.shortfall}`),
    ...f.alerts.map((a) => `${a.rule}: ${a.message}`),
    ...f.risks.map((r) => `RISK ${r.level}: ${r.title}`),
  ];
  const levels: RiskLevel[] = [
    ...f.failedReservations.map((): RiskLevel => 'HIGH'),
    ...f.alerts.map((a) => alertLevel(a.severity)),
    ...f.risks.map((r) => r.level),
  ];
  return { level: maxLevel(levels), reasons };
}
