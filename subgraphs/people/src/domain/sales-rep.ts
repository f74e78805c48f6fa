// Sales rep rules that need no I/O.
import { ValidationError } from '@salesgraph/kernel';

export const REP_LEVELS = ['JUNIOR', 'SENIOR', 'MANAGER', 'DIRECTOR'] as const;
export type RepLevel = (typeof REP_LEVELS)[number];

export interface HireSalesRepInput {
  name: string;
  email: string;
  regionCode: string;
  level?: string | null;
}

export interface HireSalesRepCommand {
  name: string;
  email: string;
  regionCode: string;
  level: RepLevel;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const REGION_CODE = /^[A-Z0-9][A-Z0-9-]{1,19}$/;
const CONTROL = /[\u0000-\u001f\u007f]/;

export function validateHire(input: HireSalesRepInput): HireSalesRepCommand {
  const name = input.name.trim();
  if (!name || name.length > 120 || CONTROL.test(name)) throw new ValidationError('name', 'name must be 1-120 printable characters');
  const email = input.email.trim().toLowerCase();
  if (email.length > 254 || !EMAIL.test(email)) throw new ValidationError('email', 'email must be a valid address such as li.wei@example.com');
  const regionCode = input.regionCode.trim().toUpperCase();
  if (!REGION_CODE.test(regionCode)) throw new ValidationError('regionCode', 'regionCode must be 2-20 letters, digits or dashes, e.g. "CN-EAST"');
  const level = (input.level ?? 'JUNIOR') as RepLevel;
  if (!REP_LEVELS.includes(level)) throw new ValidationError('level', `level must be one of ${REP_LEVELS.join(', ')}`);
  return { name, email, regionCode, level };
}
