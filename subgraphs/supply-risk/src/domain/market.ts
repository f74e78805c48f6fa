// SWOT / PEST market assessments: entries whose factor must belong to the assessment's kind.
import { ValidationError } from '@salesgraph/kernel';
import { intInRange, text } from './common';

export const ASSESSMENT_FACTORS = {
  SWOT: ['STRENGTH', 'WEAKNESS', 'OPPORTUNITY', 'THREAT'],
  PEST: ['POLITICAL', 'ECONOMIC', 'SOCIAL', 'TECHNOLOGICAL'],
} as const;
export type MarketAssessmentKind = keyof typeof ASSESSMENT_FACTORS;

export interface MarketEntry {
  factor: string;
  note: string;
  /** Importance 1 (minor) .. 5 (decisive). */
  weight: number;
}

export interface RecordMarketAssessmentInput {
  kind: string;
  regionCode: string;
  productLine?: string | null;
  entries: MarketEntry[];
}

export function validateMarketAssessment(input: RecordMarketAssessmentInput): { kind: MarketAssessmentKind; regionCode: string; productLine: string | null; entries: MarketEntry[] } {
  const kind = input.kind as MarketAssessmentKind;
  if (!(kind in ASSESSMENT_FACTORS)) throw new ValidationError('kind', 'kind must be SWOT or PEST');
  const regionCode = String(input.regionCode ?? '').trim().toUpperCase();
  if (!/^[A-Z0-9][A-Z0-9-]{1,19}$/.test(regionCode)) throw new ValidationError('regionCode', 'regionCode must be 2-20 letters, digits or dashes, e.g. "CN-EAST"');
  const productLine = input.productLine == null || input.productLine.trim() === '' ? null : text(input.productLine, 'productLine', 60);
  if (!input.entries.length || input.entries.length > 100) throw new ValidationError('entries', 'an assessment has 1-100 entries');
  const allowed: readonly string[] = ASSESSMENT_FACTORS[kind];
  const entries = input.entries.map((e, i) => {
    const factor = String(e.factor ?? '').trim().toUpperCase();
    if (!allowed.includes(factor)) throw new ValidationError(`entries[${i}].factor`, `a ${kind} factor is one of ${allowed.join(', ')}`);
    return { factor, note: text(e.note, `entries[${i}].note`, 2000, { multiline: true }), weight: intInRange(e.weight, `entries[${i}].weight`, 1, 5) };
  });
  return { kind, regionCode, productLine, entries };
}
