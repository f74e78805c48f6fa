import { describe, expect, it } from 'vitest';
import { ValidationError } from '@salesgraph/kernel';
import { validateRegisterSupplier } from './supplier';

describe('validateRegisterSupplier', () => {
  it('normalises the country code', () => {
    expect(validateRegisterSupplier({ name: ' Shenzhen Parts ', country: 'cn' })).toEqual({ name: 'Shenzhen Parts', country: 'CN' });
  });
  it('refuses a country that is not alpha-2', () => {
    expect(() => validateRegisterSupplier({ name: 'X', country: 'China' })).toThrow(ValidationError);
  });
  it('refuses an empty name', () => {
    expect(() => validateRegisterSupplier({ name: '  ', country: 'CN' })).toThrow(/name/);
  });
});
