import { describe, expect, it } from 'vitest';
import { divideHalfEven, formatDecimal, parseDecimal, parseMoneyInput } from './money';
import { ValidationError } from './errors';

describe('money', () => {
  it('parses decimal strings into minor units exactly', () => {
    expect(parseDecimal('1250.00')).toBe(125000n);
    expect(parseDecimal('0.1')).toBe(10n);
    expect(parseDecimal('-3.5')).toBe(-350n);
    expect(parseDecimal('1000000.01')).toBe(100000001n);
    expect(parseDecimal('12345678901234567.89')).toBe(1234567890123456789n);
  });

  it('rounds extra decimals half to even', () => {
    expect(parseDecimal('0.125')).toBe(12n);
    expect(parseDecimal('0.135')).toBe(14n);
    expect(parseDecimal('0.1251')).toBe(13n);
    expect(parseDecimal('-0.125')).toBe(-12n);
    expect(divideHalfEven(5n, 2n)).toBe(2n);
    expect(divideHalfEven(7n, 2n)).toBe(4n);
    expect(divideHalfEven(-7n, 2n)).toBe(-4n);
  });

  it('refuses what is not a decimal string', () => {
    for (const bad of ['1e3', 'abc', '', '1.', '.5', '01.00', '1,000.00', 'NaN']) {
      expect(() => parseDecimal(bad)).toThrow(ValidationError);
    }
  });

  it('formats minor units back to two places', () => {
    expect(formatDecimal(125000n)).toBe('1250.00');
    expect(formatDecimal(5n)).toBe('0.05');
    expect(formatDecimal(-5n)).toBe('-0.05');
    expect(formatDecimal(0n)).toBe('0.00');
  });

  it('checks currency and sign of money input', () => {
    expect(parseMoneyInput({ amount: '10.00', currency: 'CNY' }, 'CNY', 'creditLimit')).toBe(1000n);
    expect(parseMoneyInput({ amount: '10.00' }, 'CNY', 'creditLimit')).toBe(1000n);
    expect(() => parseMoneyInput({ amount: '10.00', currency: 'USD' }, 'CNY', 'creditLimit')).toThrow(/currency must be CNY/);
    expect(() => parseMoneyInput({ amount: '-1.00' }, 'CNY', 'creditLimit')).toThrow(/must not be negative/);
    try {
      parseMoneyInput({ amount: '-1.00' }, 'CNY', 'creditLimit');
    } catch (e) {
      expect((e as ValidationError).field).toBe('creditLimit');
    }
  });
});
