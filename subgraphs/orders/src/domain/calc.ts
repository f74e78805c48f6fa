// Exact order arithmetic: bigint minor units, percentages as basis points (hundredths of a
// percent), every division rounded half-even.
import { divideHalfEven, formatDecimal, parseDecimal, ValidationError } from '@salesgraph/kernel';

/** Basis points in 100 %. */
export const FULL_PERCENT = 10_000n;

export interface PricedLine {
  quantity: number;
  unitPriceMinor: bigint;
  unitCostMinor: bigint;
}

export interface OrderTotals {
  totalMinor: bigint;
  totalCostMinor: bigint;
  grossMarginMinor: bigint;
  /** Gross margin as basis points of the total (0 when the total is 0). */
  grossMarginBp: bigint;
}

export function lineAmount(quantity: number, unitMinor: bigint): bigint {
  return BigInt(quantity) * unitMinor;
}

export function orderTotals(lines: readonly PricedLine[]): OrderTotals {
  let totalMinor = 0n;
  let totalCostMinor = 0n;
  for (const l of lines) {
    totalMinor += lineAmount(l.quantity, l.unitPriceMinor);
    totalCostMinor += lineAmount(l.quantity, l.unitCostMinor);
  }
  const grossMarginMinor = totalMinor - totalCostMinor;
  const grossMarginBp = totalMinor === 0n ? 0n : divideHalfEven(grossMarginMinor * FULL_PERCENT, totalMinor);
  return { totalMinor, totalCostMinor, grossMarginMinor, grossMarginBp };
}

/** `bp` basis points of `amountMinor`, rounded half-even to a minor unit. */
export function percentOf(amountMinor: bigint, bp: bigint): bigint {
  return divideHalfEven(amountMinor * bp, FULL_PERCENT);
}

/** Parses a percentage such as "0.5" or "12.25" into basis points; refuses more than two places. */
export function parsePercent(value: string, field: string, options: { max?: bigint; allowZero?: boolean } = {}): bigint {
  const text = String(value).trim();
  if (/\.\d{3,}$/.test(text)) throw new ValidationError(field, `${field} has at most two decimal places`);
  const bp = parseDecimal(text, 2, field);
  if (bp < 0n) throw new ValidationError(field, `${field} must not be negative`);
  if (options.allowZero === false && bp === 0n) throw new ValidationError(field, `${field} must be greater than zero`);
  const max = options.max ?? FULL_PERCENT;
  if (bp > max) throw new ValidationError(field, `${field} must be at most ${formatDecimal(max)}`);
  return bp;
}

export function formatPercent(bp: bigint): string {
  return formatDecimal(bp, 2);
}
