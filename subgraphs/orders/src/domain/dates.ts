// Calendar dates ("YYYY-MM-DD", UTC) for terms, due dates and lateness.
import { ValidationError } from '@salesgraph/kernel';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

export function parseIsoDate(value: string, field: string): string {
  const text = String(value).trim();
  const m = DATE.exec(text);
  if (!m) throw new ValidationError(field, `${field} must be a date such as "2026-03-31"`);
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (d.toISOString().slice(0, 10) !== text) throw new ValidationError(field, `${field} is not a calendar date`);
  return text;
}

export function utcDate(at: Date): string {
  return at.toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00.000Z`) - Date.parse(`${from}T00:00:00.000Z`)) / DAY_MS);
}
