// Exact money: amounts are decimal strings at the edge and bigint minor units inside. Never floats.
import { ValidationError } from './errors';

export interface Money {
  amount: string;
  currency: string;
}

const DECIMAL = /^-?(0|[1-9]\d*)(\.\d+)?$/;

export function isDecimalString(value: string): boolean {
  return DECIMAL.test(value);
}

/** Divide with banker's rounding (half to even). */
export function divideHalfEven(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('division by zero');
  if (denominator < 0n) {
    numerator = -numerator;
    denominator = -denominator;
  }
  const negative = numerator < 0n;
  const n = negative ? -numerator : numerator;
  let q = n / denominator;
  const r = n % denominator;
  const twice = r * 2n;
  if (twice > denominator || (twice === denominator && q % 2n === 1n)) q += 1n;
  return negative ? -q : q;
}

/** Parses "1250.5" into minor units at `scale` decimals, rounding half-even beyond it. */
export function parseDecimal(value: string, scale = 2, field = 'amount'): bigint {
  const text = typeof value === 'string' ? value.trim() : String(value);
  if (!DECIMAL.test(text)) throw new ValidationError(field, `${field} must be a decimal string such as "1250.00", got ${JSON.stringify(value)}`);
  const negative = text.startsWith('-');
  const [intPart, fracPart = ''] = (negative ? text.slice(1) : text).split('.');
  const digits = BigInt(intPart + fracPart);
  const exp = fracPart.length;
  let minor: bigint;
  if (exp <= scale) minor = digits * 10n ** BigInt(scale - exp);
  else minor = divideHalfEven(digits, 10n ** BigInt(exp - scale));
  return negative ? -minor : minor;
}

export function formatDecimal(minor: bigint, scale = 2): string {
  const negative = minor < 0n;
  const abs = negative ? -minor : minor;
  const s = abs.toString().padStart(scale + 1, '0');
  const out = scale === 0 ? s : `${s.slice(0, -scale)}.${s.slice(-scale)}`;
  return negative && abs !== 0n ? `-${out}` : out;
}

export function money(minor: bigint, currency: string): Money {
  return { amount: formatDecimal(minor), currency };
}

/** Validates a MoneyInput against the deployment currency and returns minor units. */
export function parseMoneyInput(
  input: { amount: string; currency?: string | null },
  currency: string,
  field: string,
  options: { allowNegative?: boolean; allowZero?: boolean } = {},
): bigint {
  if (input.currency != null && input.currency !== currency) {
    throw new ValidationError(field, `${field}.currency must be ${currency}, got ${input.currency}`);
  }
  const minor = parseDecimal(input.amount, 2, `${field}.amount`);
  if (!options.allowNegative && minor < 0n) throw new ValidationError(field, `${field} must not be negative`);
  if (options.allowZero === false && minor === 0n) throw new ValidationError(field, `${field} must be greater than zero`);
  return minor;
}
