import { describe, expect, it } from 'vitest';
import { ValidationError } from '@salesgraph/kernel';
import { checkPayment, OverpaymentRefused, planShipment, receivable, reviewOrder, validatePlaceOrder, type ReviewSubject } from './order';

const CUSTOMER = '01900000-0000-7000-8000-000000000001';
const REP = '01900000-0000-7000-8000-000000000002';

describe('validatePlaceOrder', () => {
  it('normalises skus and parses prices exactly', () => {
    expect(validatePlaceOrder({ customerId: CUSTOMER, repId: REP, lines: [{ sku: 'wid-1', quantity: 2, unitPrice: { amount: '10.5' } }, { sku: 'B-2', quantity: 1 }] }, 'CNY')).toEqual({
      customerId: CUSTOMER,
      contractId: null,
      repId: REP,
      lines: [
        { sku: 'WID-1', quantity: 2, unitPriceMinor: 1050n },
        { sku: 'B-2', quantity: 1, unitPriceMinor: null },
      ],
      requestedDeliveryDate: null,
    });
  });

  it.each([
    [{ lines: [{ sku: 'A-1', quantity: 0 }] }, 'lines.0.quantity'],
    [{ lines: [{ sku: 'A-1', quantity: -3 }] }, 'lines.0.quantity'],
    [{ lines: [{ sku: 'A-1', quantity: 1.5 }] }, 'lines.0.quantity'],
    [{ lines: [{ sku: 'A-1', quantity: 1, unitPrice: { amount: '0' } }] }, 'lines.0.unitPrice'],
    [{ lines: [{ sku: 'A-1', quantity: 1, unitPrice: { amount: '-1' } }] }, 'lines.0.unitPrice'],
    [{ lines: [{ sku: 'A-1', quantity: 1, unitPrice: { amount: '1', currency: 'EUR' } }] }, 'lines.0.unitPrice'],
    [{ lines: [{ sku: 'A-1', quantity: 1 }, { sku: 'a-1', quantity: 1 }] }, 'lines.1.sku'],
    [{ lines: [] }, 'lines'],
    [{ customerId: 'c-1' }, 'customerId'],
    [{ repId: '' }, 'repId'],
    [{ requestedDeliveryDate: '2026-02-30' }, 'requestedDeliveryDate'],
  ])('refuses %o naming %s', (patch, field) => {
    try {
      validatePlaceOrder({ customerId: CUSTOMER, repId: REP, lines: [{ sku: 'A-1', quantity: 1 }], ...patch }, 'CNY');
      expect.fail('should refuse');
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).field).toBe(field);
    }
  });
});

describe('reviewOrder', () => {
  const base = (): ReviewSubject => ({
    customerId: CUSTOMER,
    placedOn: '2026-03-01',
    lines: [{ sku: 'A-1', quantity: 10, unitPriceMinor: 90_00n }],
    totalMinor: 900_00n,
    contract: {
      number: 'CT-2026-000001',
      version: 1,
      customerId: CUSTOMER,
      status: 'ACTIVE',
      validFrom: '2026-01-01',
      validTo: '2026-12-31',
      supersededBy: null,
      items: [{ sku: 'A-1', quantity: 50, unitPriceMinor: 90_00n }],
      alreadyOrdered: new Map([['A-1', 40]]),
    },
    catalog: new Map([['A-1', { unitPriceMinor: 100_00n, active: true }]]),
    credit: { limitMinor: 1000_00n, openReceivablesMinor: 100_00n },
    currency: 'CNY',
  });

  it('passes a signed contract at its price within the credit limit (exactly at the limit)', () => {
    expect(reviewOrder(base())).toEqual([]);
  });

  it('checks the catalog price when there is no contract', () => {
    expect(reviewOrder({ ...base(), contract: null })).toEqual([{ check: 'PRICE', message: 'A-1 at 90.00 CNY differs from the catalog price 100.00 CNY' }]);
    expect(reviewOrder({ ...base(), contract: null, lines: [{ sku: 'A-1', quantity: 1, unitPriceMinor: 100_00n }], totalMinor: 100_00n })).toEqual([]);
  });

  it('lists every contract failure', () => {
    const s = base();
    s.contract = { ...s.contract!, status: 'APPROVED', customerId: REP, validTo: '2026-02-01', supersededBy: 2 };
    expect(reviewOrder(s).map((f) => f.message)).toEqual([
      'contract CT-2026-000001 v1 is APPROVED, not signed',
      'contract CT-2026-000001 v1 belongs to another customer',
      'contract CT-2026-000001 v1 is valid 2026-01-01 to 2026-02-01, the order is of 2026-03-01',
      'contract CT-2026-000001 v1 is superseded by v2',
    ]);
  });

  it('refuses a price off the contract and a sku outside it', () => {
    const s = base();
    s.lines = [{ sku: 'A-1', quantity: 1, unitPriceMinor: 100_00n }, { sku: 'B-1', quantity: 1, unitPriceMinor: 5_00n }];
    s.totalMinor = 105_00n;
    expect(reviewOrder(s)).toEqual([
      { check: 'PRICE', message: 'A-1 at 100.00 CNY differs from the contract price 90.00 CNY' },
      { check: 'CATALOG', message: 'B-1 is not in the catalog' },
      { check: 'PRICE', message: 'B-1 is not in contract CT-2026-000001' },
    ]);
  });

  it('refuses more than the contracted quantity, counting earlier orders', () => {
    const s = base();
    s.contract = { ...s.contract!, alreadyOrdered: new Map([['A-1', 41]]) };
    expect(reviewOrder(s)).toEqual([{ check: 'CONTRACT', message: 'A-1: 41 already ordered + 10 exceed the 50 contracted' }]);
  });

  it('refuses a discontinued product', () => {
    expect(reviewOrder({ ...base(), catalog: new Map([['A-1', { unitPriceMinor: 100_00n, active: false }]]) })).toEqual([{ check: 'CATALOG', message: 'A-1 is no longer sold' }]);
  });

  it('refuses when open receivables plus the order exceed the limit by one cent; no limit means no cap', () => {
    expect(reviewOrder({ ...base(), credit: { limitMinor: 1000_00n, openReceivablesMinor: 100_01n } })).toEqual([
      { check: 'CREDIT', message: 'open receivables 100.01 CNY + this order 900.00 CNY exceed the credit limit 1000.00 CNY' },
    ]);
    expect(reviewOrder({ ...base(), credit: { limitMinor: null, openReceivablesMinor: 10n ** 15n } })).toEqual([]);
  });
});

describe('planShipment', () => {
  const lines = [
    { sku: 'A-1', quantity: 10, shippedQuantity: 0 },
    { sku: 'B-1', quantity: 4, shippedQuantity: 0 },
  ];
  it('ships part, then the rest', () => {
    const first = planShipment(lines, { carrier: ' SF Express ', trackingNumber: 'SF1', lines: [{ sku: 'a-1', quantity: 6 }] });
    expect(first).toEqual({ carrier: 'SF Express', trackingNumber: 'SF1', lines: [{ sku: 'A-1', quantity: 6 }], completes: false });
    const rest = planShipment([{ ...lines[0]!, shippedQuantity: 6 }, lines[1]!], { carrier: 'SF' });
    expect(rest).toEqual({ carrier: 'SF', trackingNumber: null, lines: [{ sku: 'A-1', quantity: 4 }, { sku: 'B-1', quantity: 4 }], completes: true });
  });
  it('refuses more than is left, skus not on the order and empty carriers', () => {
    expect(() => planShipment(lines, { carrier: 'SF', lines: [{ sku: 'B-1', quantity: 5 }] })).toThrow('B-1: 5 exceeds the 4 left to ship');
    expect(() => planShipment(lines, { carrier: 'SF', lines: [{ sku: 'C-1', quantity: 1 }] })).toThrow(/not on this order/);
    expect(() => planShipment(lines, { carrier: 'SF', lines: [{ sku: 'A-1', quantity: 0 }] })).toThrow(ValidationError);
    expect(() => planShipment(lines, { carrier: '  ' })).toThrow(/carrier/);
  });
});

describe('checkPayment', () => {
  it('accepts up to what is due and refuses more with CONFLICT naming the state', () => {
    expect(() => checkPayment(500n, 500n, 'DELIVERED', 'CNY')).not.toThrow();
    try {
      checkPayment(501n, 500n, 'DELIVERED', 'CNY');
      expect.fail('should refuse');
    } catch (e) {
      expect(e).toBeInstanceOf(OverpaymentRefused);
      expect((e as OverpaymentRefused).category).toBe('CONFLICT');
      expect((e as OverpaymentRefused).message).toBe('payment of 5.01 CNY exceeds the 5.00 CNY due on this DELIVERED order');
    }
  });
});

describe('receivable', () => {
  const terms = { kind: 'NET' as const, netDays: 30, prepaymentBp: 0n, installments: 1 };
  const base = { open: true, terms, totalMinor: 1000_00n, penaltyMinor: 0n, paidMinor: 0n, approvedOn: '2026-03-01', deliveredOn: null as string | null };
  it('owes the total with no due date before delivery on NET terms', () => {
    expect(receivable(base)).toEqual({ amountDueMinor: 1000_00n, dueDate: null });
  });
  it('takes the penalty credit and payments off what is due', () => {
    expect(receivable({ ...base, deliveredOn: '2026-03-20', penaltyMinor: 50_00n, paidMinor: 400_00n })).toEqual({ amountDueMinor: 550_00n, dueDate: '2026-04-19' });
    expect(receivable({ ...base, deliveredOn: '2026-03-20', penaltyMinor: 50_00n, paidMinor: 950_00n })).toEqual({ amountDueMinor: 0n, dueDate: null });
  });
  it('owes nothing once closed out by rejection or cancellation', () => {
    expect(receivable({ ...base, open: false })).toEqual({ amountDueMinor: 0n, dueDate: null });
  });
});
