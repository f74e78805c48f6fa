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
  industry: string | null;
  tags: string[];
  contacts: Contact[];
}

export interface Contact {
  name: string;
  role: string | null;
  email: string | null;
  phone: string | null;
  primary: boolean;
}

export interface ContactInput {
  name: string;
  role?: string | null;
  email?: string | null;
  phone?: string | null;
  primary?: boolean | null;
}

export interface CreateCustomerInput {
  name: string;
  kind: string;
  regionCode: string;
  ownerRepId: string;
  creditLimit?: { amount: string; currency?: string | null } | null;
  industry?: string | null;
  tags?: string[] | null;
  contacts?: ContactInput[] | null;
}

export interface UpdateCustomerInput {
  name?: string | null;
  kind?: string | null;
  regionCode?: string | null;
  industry?: string | null;
  /** null clears the limit; absent leaves it. */
  creditLimit?: { amount: string; currency?: string | null } | null;
  tags?: string[] | null;
  contacts?: ContactInput[] | null;
}

export interface UpdateCustomerCommand {
  name?: string;
  kind?: CustomerKind;
  regionCode?: string;
  industry?: string | null;
  creditLimitMinor?: bigint | null;
  tags?: string[];
  contacts?: Contact[];
}

const REGION_CODE = /^[A-Z0-9][A-Z0-9-]{1,19}$/;
// Control characters have no place in a name and break exports downstream.
const CONTROL = /[\u0000-\u001f\u007f]/;

function validName(value: string): string {
  const name = value.trim();
  if (name.length === 0) throw new ValidationError('name', 'name must not be empty');
  if (name.length > 200) throw new ValidationError('name', 'name must be at most 200 characters');
  if (CONTROL.test(name)) throw new ValidationError('name', 'name must not contain control characters');
  return name;
}

function validKind(kind: string): CustomerKind {
  if (!(CUSTOMER_KINDS as readonly string[]).includes(kind)) throw new ValidationError('kind', `kind must be one of ${CUSTOMER_KINDS.join(', ')}`);
  return kind as CustomerKind;
}

function validRegion(value: string): string {
  const regionCode = value.trim().toUpperCase();
  if (!REGION_CODE.test(regionCode)) throw new ValidationError('regionCode', 'regionCode must be 2-20 letters, digits or dashes, e.g. "CN-EAST"');
  return regionCode;
}

export function validateRepId(value: string, field = 'ownerRepId'): string {
  if (!isUuid(value)) throw new ValidationError(field, `${field} must be a SalesRep id`);
  return value.toLowerCase();
}

function validIndustry(value: string | null | undefined): string | null {
  const v = value?.trim() || null;
  if (v && (v.length > 100 || CONTROL.test(v))) throw new ValidationError('industry', 'industry must be at most 100 printable characters');
  return v;
}

function validTags(tags: string[]): string[] {
  const out = [...new Set(tags.map((t) => t.trim().toLowerCase()).filter(Boolean))];
  if (out.length > 20) throw new ValidationError('tags', 'at most 20 tags');
  for (const t of out) if (t.length > 40 || CONTROL.test(t)) throw new ValidationError('tags', `tag "${t}" must be at most 40 printable characters`);
  return out;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9 ()-]{5,30}$/;

export function validateContacts(contacts: ContactInput[]): Contact[] {
  if (contacts.length > 50) throw new ValidationError('contacts', 'at most 50 contacts');
  const out = contacts.map((c, i) => {
    const name = c.name.trim();
    if (!name || name.length > 200 || CONTROL.test(name)) throw new ValidationError(`contacts.${i}.name`, 'a contact needs a name of at most 200 printable characters');
    const email = c.email?.trim().toLowerCase() || null;
    if (email && (email.length > 254 || !EMAIL.test(email))) throw new ValidationError(`contacts.${i}.email`, `"${c.email}" is not a valid email address`);
    const phone = c.phone?.trim() || null;
    if (phone && !PHONE.test(phone)) throw new ValidationError(`contacts.${i}.phone`, `"${c.phone}" is not a valid phone number`);
    const role = c.role?.trim() || null;
    if (role && role.length > 100) throw new ValidationError(`contacts.${i}.role`, 'role must be at most 100 characters');
    return { name, role, email, phone, primary: Boolean(c.primary) };
  });
  const primaries = out.filter((c) => c.primary).length;
  if (primaries > 1) throw new ValidationError('contacts', 'only one contact can be primary');
  // With contacts but none marked primary, the first one is.
  if (out.length > 0 && primaries === 0) out[0]!.primary = true;
  return out;
}

export function validateCreateCustomer(input: CreateCustomerInput, currency: string): CreateCustomerCommand {
  const name = validName(input.name);
  const kind = validKind(input.kind);
  const regionCode = validRegion(input.regionCode);
  const ownerRepId = validateRepId(input.ownerRepId);
  const creditLimitMinor = input.creditLimit ? parseMoneyInput(input.creditLimit, currency, 'creditLimit') : null;
  return { name, kind, regionCode, ownerRepId, creditLimitMinor, industry: validIndustry(input.industry), tags: validTags(input.tags ?? []), contacts: validateContacts(input.contacts ?? []) };
}

/** Fields absent from the input stay as they are; creditLimit and industry may be cleared with null. */
export function validateUpdateCustomer(input: UpdateCustomerInput, currency: string): UpdateCustomerCommand {
  const cmd: UpdateCustomerCommand = {};
  if (input.name != null) cmd.name = validName(input.name);
  if (input.kind != null) cmd.kind = validKind(input.kind);
  if (input.regionCode != null) cmd.regionCode = validRegion(input.regionCode);
  if ('industry' in input) cmd.industry = validIndustry(input.industry);
  if ('creditLimit' in input) cmd.creditLimitMinor = input.creditLimit ? parseMoneyInput(input.creditLimit, currency, 'creditLimit') : null;
  if (input.tags != null) cmd.tags = validTags(input.tags);
  if (input.contacts != null) cmd.contacts = validateContacts(input.contacts);
  if (Object.keys(cmd).length === 0) throw new ValidationError('input', 'nothing to update');
  return cmd;
}

// Crockford-style alphabet: no I, L, O, U, so codes read back unambiguously over the phone.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function generateCustomerCode(random: (max: number) => number = randomInt): string {
  let code = 'CUS-';
  for (let i = 0; i < 8; i++) code += ALPHABET[random(ALPHABET.length)];
  return code;
}
