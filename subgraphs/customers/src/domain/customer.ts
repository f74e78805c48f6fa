// Customer rules that need no I/O: input validation and the generated customer code.
import { randomInt } from 'node:crypto';
import { isUuid, parseMoneyInput, ValidationError } from '@salesgraph/kernel';

export const CUSTOMER_KINDS = ['COMPANY', 'PERSON'] as const;
export type CustomerKind = (typeof CUSTOMER_KINDS)[number];

export interface CreateCustomerCommand {
  name: string;
  kind: CustomerKind;
  regionCode: string;
  ownerRepId: string;
  creditLimitMinor: bigint | null;
}

export interface CreateCustomerInput {
  name: string;
  kind: string;
  regionCode: string;
  ownerRepId: string;
  creditLimit?: { amount: string; currency?: string | null } | null;
}

const REGION_CODE = /^[A-Z0-9][A-Z0-9-]{1,19}$/;
// Control characters have no place in a name and break exports downstream.
const CONTROL = /[\u0000-\u001f\u007f]/;

export function validateCreateCustomer(input: CreateCustomerInput, currency: string): CreateCustomerCommand {
  const name = input.name.trim();
  if (name.length === 0) throw new ValidationError('name', 'name must not be empty');
  if (name.length > 200) throw new ValidationError('name', 'name must be at most 200 characters');
  if (CONTROL.test(name)) throw new ValidationError('name', 'name must not contain control characters');
  if (!(CUSTOMER_KINDS as readonly string[]).includes(input.kind)) throw new ValidationError('kind', `kind must be one of ${CUSTOMER_KINDS.join(', ')}`);
  const regionCode = input.regionCode.trim().toUpperCase();
  if (!REGION_CODE.test(regionCode)) throw new ValidationError('regionCode', 'regionCode must be 2-20 letters, digits or dashes, e.g. "CN-EAST"');
  if (!isUuid(input.ownerRepId)) throw new ValidationError('ownerRepId', 'ownerRepId must be a SalesRep id');
  const creditLimitMinor = input.creditLimit ? parseMoneyInput(input.creditLimit, currency, 'creditLimit') : null;
  return { name, kind: input.kind as CustomerKind, regionCode, ownerRepId: input.ownerRepId.toLowerCase(), creditLimitMinor };
}

// Crockford-style alphabet: no I, L, O, U, so codes read back unambiguously over the phone.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function generateCustomerCode(random: (max: number) => number = randomInt): string {
  let code = 'CUS-';
  for (let i = 0; i < 8; i++) code += ALPHABET[random(ALPHABET.length)];
  return code;
}
