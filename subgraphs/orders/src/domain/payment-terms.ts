// Payment terms and the schedule they produce: when each part of an order's amount falls due.
import { ValidationError } from '@salesgraph/kernel';
import { FULL_PERCENT, parsePercent, percentOf } from './calc';
import { addDays } from './dates';

export const PAYMENT_TERMS_KINDS = ['NET', 'PREPAID', 'INSTALLMENTS'] as const;
export type PaymentTermsKind = (typeof PAYMENT_TERMS_KINDS)[number];

export interface PaymentTerms {
  kind: PaymentTermsKind;
  /** NET: days after delivery. PREPAID: days after delivery for the rest. INSTALLMENTS: days between instalments. */
  netDays: number;
  /** PREPAID: share due on approval, in basis points. */
  prepaymentBp: bigint;
  /** INSTALLMENTS: number of equal parts. */
  installments: number;
}

export interface PaymentTermsInput {
  kind: string;
  netDays?: number | null;
  prepaymentPercent?: string | null;
  installments?: number | null;
}

export const DEFAULT_PAYMENT_TERMS: PaymentTerms = { kind: 'NET', netDays: 30, prepaymentBp: 0n, installments: 1 };

export function validatePaymentTerms(input: PaymentTermsInput, field = 'paymentTerms'): PaymentTerms {
  if (!(PAYMENT_TERMS_KINDS as readonly string[]).includes(input.kind)) throw new ValidationError(`${field}.kind`, `${field}.kind must be one of ${PAYMENT_TERMS_KINDS.join(', ')}`);
  const kind = input.kind as PaymentTermsKind;
  const netDays = input.netDays ?? (kind === 'PREPAID' ? 0 : 30);
  if (!Number.isInteger(netDays) || netDays < 0 || netDays > 365) throw new ValidationError(`${field}.netDays`, `${field}.netDays must be 0-365 days`);
  if (kind === 'INSTALLMENTS' && netDays === 0) throw new ValidationError(`${field}.netDays`, `${field}.netDays (days between instalments) must be at least 1`);
  const prepaymentBp =
    kind === 'PREPAID' ? (input.prepaymentPercent == null ? FULL_PERCENT : parsePercent(input.prepaymentPercent, `${field}.prepaymentPercent`, { allowZero: false })) : 0n;
  if (kind !== 'PREPAID' && input.prepaymentPercent != null) throw new ValidationError(`${field}.prepaymentPercent`, `${field}.prepaymentPercent applies to PREPAID terms only`);
  const installments = kind === 'INSTALLMENTS' ? (input.installments ?? 0) : 1;
  if (kind === 'INSTALLMENTS' && (!Number.isInteger(installments) || installments < 2 || installments > 60)) {
    throw new ValidationError(`${field}.installments`, `${field}.installments must be 2-60`);
  }
  if (kind !== 'INSTALLMENTS' && input.installments != null && input.installments !== 1) throw new ValidationError(`${field}.installments`, `${field}.installments applies to INSTALLMENTS terms only`);
  return { kind, netDays, prepaymentBp, installments };
}

export interface ScheduledPayment {
  /** null while the date it depends on (delivery) is not known yet. */
  dueDate: string | null;
  amountMinor: bigint;
}

/**
 * The parts of `amountMinor` and when each is due.
 * - NET: everything `netDays` after delivery.
 * - PREPAID: `prepaymentPercent` on approval, the rest `netDays` after delivery.
 * - INSTALLMENTS: `installments` equal parts (the last takes the rounding remainder), the
 *   first `netDays` after approval and each next one `netDays` later.
 */
export function paymentSchedule(terms: PaymentTerms, amountMinor: bigint, dates: { approvedOn: string | null; deliveredOn: string | null }): ScheduledPayment[] {
  const afterDelivery = dates.deliveredOn ? addDays(dates.deliveredOn, terms.netDays) : null;
  switch (terms.kind) {
    case 'NET':
      return [{ dueDate: afterDelivery, amountMinor }];
    case 'PREPAID': {
      const upfront = percentOf(amountMinor, terms.prepaymentBp);
      const out: ScheduledPayment[] = [{ dueDate: dates.approvedOn, amountMinor: upfront }];
      if (amountMinor - upfront > 0n) out.push({ dueDate: afterDelivery, amountMinor: amountMinor - upfront });
      return out;
    }
    case 'INSTALLMENTS': {
      const n = BigInt(terms.installments);
      const part = amountMinor / n;
      const out: ScheduledPayment[] = [];
      for (let i = 1; i <= terms.installments; i++) {
        const amount = i === terms.installments ? amountMinor - part * (n - 1n) : part;
        out.push({ dueDate: dates.approvedOn ? addDays(dates.approvedOn, terms.netDays * i) : null, amountMinor: amount });
      }
      return out;
    }
  }
}

/** The due date of the first part not yet covered by `paidMinor`; null when all is paid or the date is not known. */
export function nextDueDate(schedule: readonly ScheduledPayment[], paidMinor: bigint): string | null {
  let covered = 0n;
  for (const part of schedule) {
    covered += part.amountMinor;
    if (covered > paidMinor) return part.dueDate;
  }
  return null;
}

export function isOverdue(dueDate: string | null, amountDueMinor: bigint, today: string): boolean {
  return amountDueMinor > 0n && dueDate !== null && dueDate < today;
}

/** PREPAID terms: what must still be paid before the goods may leave (0 for other terms). */
export function prepaymentShortfall(terms: PaymentTerms, totalMinor: bigint, paidMinor: bigint): bigint {
  if (terms.kind !== 'PREPAID') return 0n;
  const required = percentOf(totalMinor, terms.prepaymentBp);
  return required > paidMinor ? required - paidMinor : 0n;
}
