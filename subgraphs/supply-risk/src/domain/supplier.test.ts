import { describe, expect, it } from 'vitest';
import { ValidationError } from '@salesgraph/kernel';
import { firstOverAllocated, validateDelivery, validateRegisterSupplier, validateUpdateSupplier } from './supplier';

describe('validateRegisterSupplier', () => {
  it('normalises the country code and keeps {name, country} alone valid', () => {
    expect(validateRegisterSupplier({ name: ' Shenzhen Parts ', country: 'cn' })).toEqual({ name: 'Shenzhen Parts', country: 'CN', categories: [], supplies: [] });
  });
  it('refuses a country that is not alpha-2', () => {
    expect(() => validateRegisterSupplier({ name: 'X', country: 'China' })).toThrow(ValidationError);
  });
  it('refuses an empty name', () => {
    expect(() => validateRegisterSupplier({ name: '  ', country: 'CN' })).toThrow(/name/);
  });
  it('parses supplies: sku upper-cased, share in basis points', () => {
    const cmd = validateRegisterSupplier({ name: 'A', country: 'DE', categories: ['pumps', 'pumps', 'valves'], supplies: [{ sku: 'pump-1', sharePercent: '60.5', leadTimeDays: 14 }] });
    expect(cmd.categories).toEqual(['pumps', 'valves']);
    expect(cmd.supplies).toEqual([{ sku: 'PUMP-1', shareBp: 6050, leadTimeDays: 14 }]);
  });
  it.each([
    [{ sku: 'P1', sharePercent: '100.01', leadTimeDays: 1 }, 'supplies[0].sharePercent'],
    [{ sku: 'P1', sharePercent: '0', leadTimeDays: 1 }, 'supplies[0].sharePercent'],
    [{ sku: 'P1', sharePercent: 'abc', leadTimeDays: 1 }, 'supplies[0].sharePercent'],
    [{ sku: 'P1', sharePercent: '10', leadTimeDays: -1 }, 'supplies[0].leadTimeDays'],
    [{ sku: '!', sharePercent: '10', leadTimeDays: 1 }, 'supplies[0].sku'],
  ])('refuses supply %j naming %s', (supply, field) => {
    try {
      validateRegisterSupplier({ name: 'A', country: 'DE', supplies: [supply] });
      expect.unreachable();
    } catch (e) {
      expect((e as ValidationError).field).toBe(field);
    }
  });
  it('refuses a sku listed twice', () => {
    expect(() => validateRegisterSupplier({ name: 'A', country: 'DE', supplies: [{ sku: 'P1', sharePercent: '10', leadTimeDays: 1 }, { sku: 'p1', sharePercent: '10', leadTimeDays: 1 }] })).toThrow(/twice/);
  });
  it('updates only the given fields', () => {
    expect(validateUpdateSupplier({ country: 'fr' })).toEqual({ country: 'FR' });
  });
});

describe('shares per product', () => {
  it('finds the first supply that takes a product over 100 %', () => {
    const others = new Map([['P1', 7000]]);
    expect(firstOverAllocated([{ sku: 'P2', shareBp: 10000, leadTimeDays: 1 }, { sku: 'P1', shareBp: 3000, leadTimeDays: 1 }], others)).toBe(-1);
    expect(firstOverAllocated([{ sku: 'P2', shareBp: 10000, leadTimeDays: 1 }, { sku: 'P1', shareBp: 3001, leadTimeDays: 1 }], others)).toBe(1);
  });
});

describe('validateDelivery', () => {
  const base = { supplierId: 'x', sku: 'p1', promisedAt: new Date('2027-01-10T00:00:00Z'), deliveredAt: new Date('2027-01-11T00:00:00Z'), quantity: 10, defectQuantity: 1 };
  it('accepts a delivery', () => {
    expect(validateDelivery(base).sku).toBe('P1');
  });
  it('refuses more defects than units, and non-positive quantities', () => {
    expect(() => validateDelivery({ ...base, defectQuantity: 11 })).toThrow(/defectQuantity/);
    expect(() => validateDelivery({ ...base, quantity: 0 })).toThrow(/quantity/);
  });
});
