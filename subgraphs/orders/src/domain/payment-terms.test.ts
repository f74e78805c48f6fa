import { describe, expect, it } from 'vitest';
import { ValidationError } from '@salesgraph/kernel';
import { isOverdue, nextDueDate, paymentSchedule, prepaymentShortfall, validatePaymentTerms } from './payment-terms';

const dates = { approvedOn: '2026-03-01', deliveredOn: '2026-03-20' };

describe('payment schedule and due dates', () => {
  it('NET: all of it netDays after delivery, unknown before', () => {
    const terms = validatePaymentTerms({ kind: 'NET', netDays: 30 });
    expect(paymentSchedule(terms, 1000_00n, dates)).toEqual([{ dueDate: '2026-04-19', amountMinor: 1000_00n }]);
    expect(nextDueDate(paymentSchedule(terms, 1000_00n, { approvedOn: '2026-03-01', deliveredOn: null }), 0n)).toBeNull();
    expect(nextDueDate(paymentSchedule(terms, 1000_00n, dates), 999_99n)).toBe('2026-04-19');
    expect(nextDueDate(paymentSchedule(terms, 1000_00n, dates), 1000_00n)).toBeNull();
  });

  it('PREPAID: the prepayment on approval, the rest after delivery', () => {
    const terms = validatePaymentTerms({ kind: 'PREPAID', prepaymentPercent: '30', netDays: 10 });
    const s = paymentSchedule(terms, 1000_01n, dates);
    expect(s).toEqual([
      { dueDate: '2026-03-01', amountMinor: 300_00n }, // 30000.3 → 30000
      { dueDate: '2026-03-30', amountMinor: 700_01n },
    ]);
    expect(nextDueDate(s, 0n)).toBe('2026-03-01');
    expect(nextDueDate(s, 300_00n)).toBe('2026-03-30');
    expect(paymentSchedule(validatePaymentTerms({ kind: 'PREPAID' }), 500n, dates)).toEqual([{ dueDate: '2026-03-01', amountMinor: 500n }]);
  });

  it('INSTALLMENTS: equal parts every netDays from approval, the last takes the remainder', () => {
    const terms = validatePaymentTerms({ kind: 'INSTALLMENTS', installments: 3, netDays: 30 });
    const s = paymentSchedule(terms, 100_00n, dates);
    expect(s).toEqual([
      { dueDate: '2026-03-31', amountMinor: 33_33n },
      { dueDate: '2026-04-30', amountMinor: 33_33n },
      { dueDate: '2026-05-30', amountMinor: 33_34n },
    ]);
    expect(nextDueDate(s, 33_33n)).toBe('2026-04-30');
    expect(nextDueDate(s, 66_67n)).toBe('2026-05-30');
  });

  it('is overdue only when something is due after its date', () => {
    expect(isOverdue('2026-04-19', 1n, '2026-04-20')).toBe(true);
    expect(isOverdue('2026-04-19', 1n, '2026-04-19')).toBe(false);
    expect(isOverdue('2026-04-19', 0n, '2026-05-01')).toBe(false);
    expect(isOverdue(null, 1n, '2026-05-01')).toBe(false);
  });

  it.each([
    [{ kind: 'CASH' }, 'paymentTerms.kind'],
    [{ kind: 'NET', netDays: -1 }, 'paymentTerms.netDays'],
    [{ kind: 'NET', prepaymentPercent: '10' }, 'paymentTerms.prepaymentPercent'],
    [{ kind: 'PREPAID', prepaymentPercent: '120' }, 'paymentTerms.prepaymentPercent'],
    [{ kind: 'INSTALLMENTS', installments: 1 }, 'paymentTerms.installments'],
    [{ kind: 'INSTALLMENTS', installments: 3, netDays: 0 }, 'paymentTerms.netDays'],
  ])('refuses %o naming %s', (input, field) => {
    try {
      validatePaymentTerms(input);
      expect.fail('should refuse');
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).field).toBe(field);
    }
  });
});

describe('prepaymentShortfall', () => {
  it('is the unpaid part of the prepayment on PREPAID terms, nothing otherwise', () => {
    const prepaid = validatePaymentTerms({ kind: 'PREPAID', prepaymentPercent: '30' });
    expect(prepaymentShortfall(prepaid, 480_00n, 0n)).toBe(144_00n);
    expect(prepaymentShortfall(prepaid, 480_00n, 100_00n)).toBe(44_00n);
    expect(prepaymentShortfall(prepaid, 480_00n, 144_00n)).toBe(0n);
    expect(prepaymentShortfall(validatePaymentTerms({ kind: 'NET' }), 480_00n, 0n)).toBe(0n);
  });
});
