// Sales rep rules that need no I/O.
import { ValidationError } from '@salesgraph/kernel';

export const REP_LEVELS = ['JUNIOR', 'SENIOR', 'MANAGER', 'DIRECTOR'] as const;
export type RepLevel = (typeof REP_LEVELS)[number];

export interface HireSalesRepInput {
  name: string;
  email: string;
  regionCode: string;
  level?: string | null;
  employeeNo?: string | null;
  teamId?: string | null;
  managerId?: string | null;
  hiredAt?: string | Date | null;
}

export interface HireSalesRepCommand {
  name: string;
  email: string;
  regionCode: string;
  level: RepLevel;
  employeeNo: string | null;
  teamId: string | null;
  managerId: string | null;
  hiredAt: Date | null;
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
  const employeeNo = input.employeeNo == null ? null : input.employeeNo.trim().toUpperCase();
  if (employeeNo !== null && !EMPLOYEE_NO.test(employeeNo)) throw new ValidationError('employeeNo', 'employeeNo must be 1-32 letters, digits or dashes');
  const teamId = optionalId(input.teamId, 'teamId');
  const managerId = optionalId(input.managerId, 'managerId');
  const hiredAt = input.hiredAt == null ? null : parseInstant(input.hiredAt, 'hiredAt');
  return { name, email, regionCode, level, employeeNo, teamId, managerId, hiredAt };
}

const EMPLOYEE_NO = /^[A-Z0-9][A-Z0-9-]{0,31}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function optionalId(value: string | null | undefined, field: string): string | null {
  if (value == null) return null;
  if (!UUID.test(value)) throw new ValidationError(field, `${field} must be an id`);
  return value.toLowerCase();
}

export function requireId(value: string, field: string): string {
  const id = optionalId(value, field);
  if (id == null) throw new ValidationError(field, `${field} is required`);
  return id;
}

/** An ISO-8601 instant or date ("2027-01-15" is midnight UTC). */
export function parseInstant(value: string | Date, field: string): Date {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new ValidationError(field, `${field} must be a valid date or time`);
    return value;
  }
  const text = String(value).trim();
  const d = /^\d{4}-\d{2}-\d{2}$/.test(text) ? new Date(`${text}T00:00:00Z`) : /^\d{4}-\d{2}-\d{2}T/.test(text) ? new Date(text) : new Date(NaN);
  if (Number.isNaN(d.getTime())) throw new ValidationError(field, `${field} must be an ISO-8601 date or time, got ${JSON.stringify(value)}`);
  return d;
}

export function normaliseRegionCode(value: string, field = 'regionCode'): string {
  const code = String(value ?? '').trim().toUpperCase();
  if (!REGION_CODE.test(code)) throw new ValidationError(field, `${field} must be 2-20 letters, digits or dashes, e.g. "CN-EAST"`);
  return code;
}

export function validateName(value: string, field = 'name'): string {
  const name = String(value ?? '').trim();
  if (!name || name.length > 120 || CONTROL.test(name)) throw new ValidationError(field, `${field} must be 1-120 printable characters`);
  return name;
}
