import { describe, expect, it } from 'vitest';
import { ValidationError } from '@salesgraph/kernel';
import { validateCreateProduct, validateUpdateProduct } from './product';

describe('validateCreateProduct', () => {
  it('normalises the sku and parses the price exactly', () => {
    expect(validateCreateProduct({ sku: ' wid-001 ', name: 'Widget', productLine: 'Widgets', unitPrice: { amount: '19.99' } }, 'CNY')).toEqual({
      sku: 'WID-001',
      name: 'Widget',
      productLine: 'Widgets',
      unitPriceMinor: 1999n,
      unitCostMinor: null,
    });
  });

  it.each([
    [{ sku: 'x' }, 'sku'],
    [{ name: '' }, 'name'],
    [{ productLine: '' }, 'productLine'],
    [{ unitPrice: { amount: '0' } }, 'unitPrice'],
    [{ unitPrice: { amount: '-5.00' } }, 'unitPrice'],
    [{ unitCost: { amount: '-1.00' } }, 'unitCost'],
    [{ unitCost: { amount: '1.00', currency: 'USD' } }, 'unitCost'],
  ])('refuses %o naming the field', (patch, field) => {
    try {
      validateCreateProduct({ sku: 'WID-1', name: 'W', productLine: 'L', unitPrice: { amount: '1.00' }, ...patch }, 'CNY');
      expect.fail('should refuse');
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).field).toBe(field);
    }
  });
});

describe('validateUpdateProduct', () => {
  it('keeps only the given fields', () => {
    expect(validateUpdateProduct({ unitCost: { amount: '7.5' }, active: false }, 'CNY')).toEqual({ unitCostMinor: 750n, active: false });
  });
  it('refuses an empty change and a zero price', () => {
    expect(() => validateUpdateProduct({}, 'CNY')).toThrow(ValidationError);
    expect(() => validateUpdateProduct({ unitPrice: { amount: '0' } }, 'CNY')).toThrow(/unitPrice/);
  });
});
