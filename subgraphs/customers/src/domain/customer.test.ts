import { describe, expect, it } from 'vitest';
import { ValidationError } from '@salesgraph/kernel';
import { generateCustomerCode, validateCreateCustomer } from './customer';

const rep = '01900000-0000-7000-8000-000000000001';

describe('validateCreateCustomer', () => {
  it('normalises valid input', () => {
    const cmd = validateCreateCustomer({ name: '  Acme Ltd ', kind: 'COMPANY', regionCode: 'cn-east', ownerRepId: rep, creditLimit: { amount: '5000.5' } }, 'CNY');
    expect(cmd).toEqual({ name: 'Acme Ltd', kind: 'COMPANY', regionCode: 'CN-EAST', ownerRepId: rep, creditLimitMinor: 500050n, industry: null, tags: [], contacts: [] });
  });

  it.each([
    [{ name: ' ' }, 'name'],
    [{ name: 'x'.repeat(201) }, 'name'],
    [{ name: 'bad\u0000name' }, 'name'],
    [{ kind: 'ROBOT' }, 'kind'],
    [{ regionCode: 'east china!' }, 'regionCode'],
    [{ ownerRepId: 'rep-1' }, 'ownerRepId'],
    [{ creditLimit: { amount: '-1.00' } }, 'creditLimit'],
    [{ creditLimit: { amount: '10.00', currency: 'USD' } }, 'creditLimit'],
  ])('refuses %o naming the field', (patch, field) => {
    const input = { name: 'Acme', kind: 'COMPANY', regionCode: 'CN-EAST', ownerRepId: rep, ...patch };
    try {
      validateCreateCustomer(input, 'CNY');
      expect.fail('should refuse');
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).field).toBe(field);
    }
  });
});

describe('generateCustomerCode', () => {
  it('uses the unambiguous alphabet', () => {
    const codes = new Set(Array.from({ length: 2000 }, () => generateCustomerCode()));
    for (const c of codes) expect(c).toMatch(/^CUS-[0-9A-HJKMNP-TV-Z]{8}$/);
    expect(codes.size).toBe(2000);
  });
});
