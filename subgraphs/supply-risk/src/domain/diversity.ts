// Supply diversity of a product: how many suppliers, and how concentrated their shares are.
import { divideHalfEven } from '@salesgraph/kernel';

export interface Diversity {
  supplierCount: number;
  singleSource: boolean;
  /** Herfindahl-Hirschman index of the suppliers' shares, 0..10000 (10000 = one supplier). */
  concentration: number | null;
}

/**
 * HHI over shares in basis points. Shares are normalised to what is allocated, so a product
 * whose only supplier declares 60 % is still fully concentrated (10000).
 */
export function herfindahl(sharesBp: number[]): number | null {
  const total = sharesBp.reduce((s, x) => s + x, 0);
  if (sharesBp.length === 0 || total <= 0) return null;
  // Σ (100·s/total)² = 10000·Σ s² / total²
  const sumSquares = sharesBp.reduce((s, x) => s + BigInt(x) * BigInt(x), 0n);
  return Number(divideHalfEven(10000n * sumSquares, BigInt(total) * BigInt(total)));
}

export function diversityOf(sharesBp: number[]): Diversity {
  return { supplierCount: sharesBp.length, singleSource: sharesBp.length === 1, concentration: herfindahl(sharesBp) };
}

/** US DOJ bands: above 2500 is highly concentrated, 1500-2500 moderately. */
export const HIGH_CONCENTRATION = 2500;
export const MODERATE_CONCENTRATION = 1500;
