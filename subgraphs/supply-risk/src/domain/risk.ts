// The risk register's rules: score = likelihood × impact, level bands, the 5×5 matrix, states.
import { ConflictError, ValidationError } from '@salesgraph/kernel';
import { intInRange, normaliseSku, text, uniq, uuid } from './common';

export const RISK_CATEGORIES = ['MARKET', 'CUSTOMER', 'SUPPLY_CHAIN', 'LOGISTICS', 'FINANCIAL', 'COMPLIANCE'] as const;
export type RiskCategory = (typeof RISK_CATEGORIES)[number];
export const RISK_LEVELS = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];
export type RiskStatus = 'OPEN' | 'MITIGATING' | 'CLOSED';

export function riskScore(likelihood: number, impact: number): number {
  return likelihood * impact;
}

/** LOW 1–4, MEDIUM 5–9, HIGH 10–15, CRITICAL 16–25. */
export function riskLevel(score: number): RiskLevel {
  if (!Number.isInteger(score) || score < 1 || score > 25) throw new RangeError(`risk score must be 1..25, got ${score}`);
  if (score <= 4) return 'LOW';
  if (score <= 9) return 'MEDIUM';
  if (score <= 15) return 'HIGH';
  return 'CRITICAL';
}

export function levelRank(level: RiskLevel): number {
  return RISK_LEVELS.indexOf(level);
}

export function maxLevel(levels: RiskLevel[]): RiskLevel {
  return levels.reduce<RiskLevel>((m, l) => (levelRank(l) > levelRank(m) ? l : m), 'LOW');
}

export interface Affects {
  skus: string[];
  supplierIds: string[];
  customerIds: string[];
  regions: string[];
}

export interface RegisterRiskInput {
  category: string;
  title: string;
  description?: string | null;
  likelihood: number;
  impact: number;
  ownerId?: string | null;
  affects?: Partial<Affects> | null;
  evidenceIds?: string[] | null;
}

export interface RegisterRiskCommand {
  category: RiskCategory;
  title: string;
  description: string;
  likelihood: number;
  impact: number;
  ownerId: string | null;
  affects: Affects;
  evidenceIds: string[];
}

const REGION = /^[A-Z0-9][A-Z0-9-]{1,19}$/;

export function validateRegisterRisk(input: RegisterRiskInput): RegisterRiskCommand {
  const category = input.category as RiskCategory;
  if (!RISK_CATEGORIES.includes(category)) throw new ValidationError('category', `category must be one of ${RISK_CATEGORIES.join(', ')}`);
  const a = input.affects ?? {};
  const affects: Affects = {
    skus: uniq((a.skus ?? []).map((s, i) => normaliseSku(s, `affects.skus[${i}]`))),
    supplierIds: uniq((a.supplierIds ?? []).map((s, i) => uuid(s, `affects.supplierIds[${i}]`))),
    customerIds: uniq((a.customerIds ?? []).map((s, i) => uuid(s, `affects.customerIds[${i}]`))),
    regions: uniq(
      (a.regions ?? []).map((r, i) => {
        const code = String(r).trim().toUpperCase();
        if (!REGION.test(code)) throw new ValidationError(`affects.regions[${i}]`, 'a region code is 2-20 letters, digits or dashes, e.g. "CN-EAST"');
        return code;
      }),
    ),
  };
  return {
    category,
    title: text(input.title, 'title', 200),
    description: text(input.description, 'description', 4000, { optional: true, multiline: true }),
    likelihood: intInRange(input.likelihood, 'likelihood', 1, 5),
    impact: intInRange(input.impact, 'impact', 1, 5),
    ownerId: input.ownerId == null ? null : uuid(input.ownerId, 'ownerId'),
    affects,
    evidenceIds: uniq((input.evidenceIds ?? []).map((s, i) => uuid(s, `evidenceIds[${i}]`))),
  };
}

export function validateAssessment(input: { likelihood: number; impact: number; note?: string | null }): { likelihood: number; impact: number; note: string } {
  return {
    likelihood: intInRange(input.likelihood, 'likelihood', 1, 5),
    impact: intInRange(input.impact, 'impact', 1, 5),
    note: text(input.note, 'note', 2000, { optional: true, multiline: true }),
  };
}

export class RiskClosed extends ConflictError {
  override readonly code = 'RISK_CLOSED';
  constructor(id: string) {
    super(`risk ${id} is CLOSED`, { field: 'id', details: { status: 'CLOSED' } });
  }
}

export function assertOpen(risk: { id: string; status: RiskStatus }): void {
  if (risk.status === 'CLOSED') throw new RiskClosed(risk.id);
}

export interface MatrixCell {
  likelihood: number;
  impact: number;
  score: number;
  level: RiskLevel;
  count: number;
  riskIds: string[];
}

/** The 5×5 matrix: every cell present (likelihood 5..1 rows, impact 1..5 columns), counts and ids. */
export function buildRiskMatrix(risks: { id: string; likelihood: number; impact: number }[]): MatrixCell[] {
  const cells: MatrixCell[] = [];
  for (let likelihood = 5; likelihood >= 1; likelihood--) {
    for (let impact = 1; impact <= 5; impact++) {
      const ids = risks.filter((r) => r.likelihood === likelihood && r.impact === impact).map((r) => r.id);
      const score = riskScore(likelihood, impact);
      cells.push({ likelihood, impact, score, level: riskLevel(score), count: ids.length, riskIds: ids });
    }
  }
  return cells;
}
