// Top-down target decomposition: exact integer splits by the largest-remainder method.
import { parseDecimal, ValidationError } from '@salesgraph/kernel';

export const DECOMPOSE_INTO = ['QUARTERS', 'MONTHS', 'REGIONS', 'TEAMS', 'REPS', 'PRODUCT_LINES'] as const;
export type DecomposeInto = (typeof DECOMPOSE_INTO)[number];
export const DECOMPOSE_METHODS = ['EVEN', 'WEIGHTED', 'HISTORICAL', 'SEASONAL'] as const;
export type DecomposeMethod = (typeof DECOMPOSE_METHODS)[number];

/**
 * Splits `total` (integer units, e.g. minor units) in proportion to `weights` so that the
 * parts sum exactly to `total`: every part gets floor(total × w / Σw), then the units left
 * over go one each to the largest remainders (ties: earlier position first).
 */
export function splitLargestRemainder(total: bigint, weights: readonly bigint[]): bigint[] {
  if (weights.length === 0) throw new RangeError('nothing to split into');
  if (weights.some((w) => w < 0n)) throw new RangeError('weights must not be negative');
  const sum = weights.reduce((a, b) => a + b, 0n);
  if (sum === 0n) throw new RangeError('weights sum to zero');
  const negative = total < 0n;
  const abs = negative ? -total : total;
  const parts = weights.map((w) => (abs * w) / sum);
  const remainders = weights.map((w, i) => ({ i, r: (abs * w) % sum }));
  let left = abs - parts.reduce((a, b) => a + b, 0n);
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of remainders) {
    if (left === 0n) break;
    parts[i]! += 1n;
    left -= 1n;
  }
  return negative ? parts.map((p) => -p) : parts;
}

export interface WeightInput {
  ref: string;
  weight: string;
}

/** Weights for WEIGHTED: percentages (up to 4 decimals) that must sum to exactly 100. */
export function parseWeights(weights: readonly WeightInput[] | null | undefined, field = 'weights'): { ref: string; weight: bigint }[] {
  if (!weights || weights.length === 0) throw new ValidationError(field, `${field} are required for the WEIGHTED method`);
  const seen = new Set<string>();
  const out = weights.map((w, i) => {
    const ref = String(w.ref ?? '').trim();
    if (!ref) throw new ValidationError(`${field}[${i}].ref`, 'ref must not be empty');
    if (seen.has(ref.toUpperCase())) throw new ValidationError(`${field}[${i}].ref`, `ref ${ref} appears twice`);
    seen.add(ref.toUpperCase());
    const weight = parseDecimal(String(w.weight), 4, `${field}[${i}].weight`);
    if (weight < 0n) throw new ValidationError(`${field}[${i}].weight`, 'weight must not be negative');
    return { ref, weight };
  });
  const sum = out.reduce((a, w) => a + w.weight, 0n);
  if (sum !== 1_000_000n) throw new ValidationError(field, `weights must sum to 100, got ${Number(sum) / 10_000}`);
  return out;
}

export interface Share {
  ref: string;
  amount: bigint;
}

/** Even split over `refs`. */
export function decomposeEven(total: bigint, refs: readonly string[]): Share[] {
  const parts = splitLargestRemainder(total, refs.map(() => 1n));
  return refs.map((ref, i) => ({ ref, amount: parts[i]! }));
}

/** Split in proportion to weights (explicit percentages, or history). Zero total weight is refused. */
export function decomposeWeighted(total: bigint, weights: readonly { ref: string; weight: bigint }[], field = 'method'): Share[] {
  const sum = weights.reduce((a, w) => a + w.weight, 0n);
  if (weights.length === 0 || sum <= 0n) throw new ValidationError(field, 'there is no history to weight the split by; use EVEN or WEIGHTED');
  const parts = splitLargestRemainder(
    total,
    weights.map((w) => (w.weight < 0n ? 0n : w.weight)),
  );
  return weights.map((w, i) => ({ ref: w.ref, amount: parts[i]! }));
}

/**
 * SEASONAL: the monthly profile of past sales (totals per calendar month 1-12 over past
 * years) applied to the sub-periods, each sub-period weighing the sum of its months.
 */
export function seasonalWeights(subPeriods: readonly { ref: string; monthNumbers: number[] }[], profile: ReadonlyMap<number, bigint>): { ref: string; weight: bigint }[] {
  return subPeriods.map((s) => ({ ref: s.ref, weight: s.monthNumbers.reduce((a, m) => a + (profile.get(m) ?? 0n), 0n) }));
}

export interface TreeNode {
  id: string;
  amount: bigint;
  children: TreeNode[];
}

export interface SumMismatch {
  targetId: string;
  amount: bigint;
  childrenSum: bigint;
}

/** Bottom-up check: every node whose set children do not sum to it. */
export function bottomUpMismatches(root: TreeNode): SumMismatch[] {
  const out: SumMismatch[] = [];
  const visit = (n: TreeNode) => {
    if (n.children.length > 0) {
      const sum = n.children.reduce((a, c) => a + c.amount, 0n);
      if (sum !== n.amount) out.push({ targetId: n.id, amount: n.amount, childrenSum: sum });
    }
    n.children.forEach(visit);
  };
  visit(root);
  return out;
}
