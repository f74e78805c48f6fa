// Small validation and arithmetic helpers shared by the supply-risk rules (no I/O).
import { divideHalfEven, formatDecimal, isUuid, parseDecimal, ValidationError } from '@salesgraph/kernel';

export const SKU = /^[A-Z0-9][A-Z0-9._-]{1,39}$/;
const CONTROL = /[\u0000-\u001f\u007f]/;

export function normaliseSku(value: string, field: string): string {
  const sku = String(value ?? '').trim().toUpperCase();
  if (!SKU.test(sku)) throw new ValidationError(field, `${field} must be 2-40 letters, digits, dots, dashes or underscores`);
  return sku;
}

export function text(value: string | null | undefined, field: string, max: number, options: { optional?: boolean; multiline?: boolean } = {}): string {
  const v = String(value ?? '').trim();
  if (!v) {
    if (options.optional) return '';
    throw new ValidationError(field, `${field} must not be empty`);
  }
  if (v.length > max) throw new ValidationError(field, `${field} must be at most ${max} characters`);
  if (!options.multiline && CONTROL.test(v)) throw new ValidationError(field, `${field} must be printable characters`);
  return v;
}

export function uuid(value: string, field: string): string {
  if (typeof value !== 'string' || !isUuid(value)) throw new ValidationError(field, `${field} must be an id issued by this API`);
  return value.toLowerCase();
}

export function intInRange(value: number, field: string, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) throw new ValidationError(field, `${field} must be a whole number from ${min} to ${max}`);
  return value;
}

/** "60.5" → 6050 basis points (hundredths of a percent). */
export function parsePercent(value: string, field: string): number {
  const bp = parseDecimal(value, 2, field);
  if (bp <= 0n || bp > 10000n) throw new ValidationError(field, `${field} must be greater than 0 and at most 100`);
  return Number(bp);
}

/** Basis points as a two-place percentage string: 6050 → "60.50". */
export function percentText(bp: number | bigint): string {
  return formatDecimal(BigInt(bp), 2);
}

/** numerator / denominator as basis points (0..10000 for a ratio in 0..1), rounded half-even. */
export function ratioBp(numerator: number | bigint, denominator: number | bigint): number {
  return Number(divideHalfEven(BigInt(numerator) * 10000n, BigInt(denominator)));
}

export function uniq<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}
