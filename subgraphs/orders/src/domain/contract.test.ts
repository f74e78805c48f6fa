import { describe, expect, it } from 'vitest';
import { ValidationError } from '@salesgraph/kernel';
import { contractValue, formatDocumentNumber, validateAmendment, validateDraftContract, type DraftContractInput } from './contract';

const input = (): DraftContractInput => ({
  customerId: '01900000-0000-7000-8000-00000000000A',
  title: 'Supply 2026',
  items: [
    { sku: 'a-1', quantity: 100, unitPrice: { amount: '90' } },
    { sku: 'B-1', quantity: 3, unitPrice: { amount: '0.35' } },
  ],
  paymentTerms: { kind: 'NET', netDays: 45 },
  deliveryTerms: { deliverBy: '2026-03-10', incoterm: 'dap', address: 'Hangzhou' },
  qualityTerms: { standard: 'ISO 9001', acceptanceDays: 7, defectTolerancePercent: '0.5' },
  penaltyTerms: { lateDeliveryPercentPerDay: '0.5', capPercent: '5' },
  validFrom: '2026-01-01',
  validTo: '2026-12-31',
});

describe('validateDraftContract', () => {
  it('turns terms into data', () => {
    const c = validateDraftContract(input(), 'CNY');
    expect(c).toEqual({
      customerId: '01900000-0000-7000-8000-00000000000a',
      title: 'Supply 2026',
      items: [
        { sku: 'A-1', quantity: 100, unitPriceMinor: 9000n },
        { sku: 'B-1', quantity: 3, unitPriceMinor: 35n },
      ],
      paymentTerms: { kind: 'NET', netDays: 45, prepaymentBp: 0n, installments: 1 },
      deliveryTerms: { deliverBy: '2026-03-10', incoterm: 'DAP', address: 'Hangzhou' },
      qualityTerms: { standard: 'ISO 9001', acceptanceDays: 7, defectToleranceBp: 50n },
      penaltyTerms: { lateDeliveryBpPerDay: 50n, capBp: 500n },
      validFrom: '2026-01-01',
      validTo: '2026-12-31',
    });
    expect(contractValue(c.items)).toBe(9001_05n);
  });

  it.each([
    [{ items: [] }, 'items'],
    [{ items: [{ sku: 'A-1', quantity: 0, unitPrice: { amount: '1' } }] }, 'items.0.quantity'],
    [{ items: [{ sku: 'A-1', quantity: 1, unitPrice: { amount: '-1' } }] }, 'items.0.unitPrice'],
    [{ items: [{ sku: 'A-1', quantity: 1, unitPrice: { amount: '1' } }, { sku: 'a-1', quantity: 1, unitPrice: { amount: '1' } }] }, 'items.1.sku'],
    [{ title: ' ' }, 'title'],
    [{ validTo: '2025-12-31' }, 'validTo'],
    [{ validFrom: '01/01/2026' }, 'validFrom'],
    [{ deliveryTerms: { deliverBy: 'soon' } }, 'deliveryTerms.deliverBy'],
    [{ deliveryTerms: { deliverBy: '2026-03-10', incoterm: 'XYZ' } }, 'deliveryTerms.incoterm'],
    [{ penaltyTerms: { lateDeliveryPercentPerDay: '0', capPercent: '5' } }, 'penaltyTerms.lateDeliveryPercentPerDay'],
    [{ penaltyTerms: { lateDeliveryPercentPerDay: '1', capPercent: '101' } }, 'penaltyTerms.capPercent'],
    [{ qualityTerms: { standard: 'x', defectTolerancePercent: '-1' } }, 'qualityTerms.defectTolerancePercent'],
    [{ customerId: 'nope' }, 'customerId'],
  ])('refuses %o naming %s', (patch, field) => {
    try {
      validateDraftContract({ ...input(), ...patch } as DraftContractInput, 'CNY');
      expect.fail('should refuse');
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).field).toBe(field);
    }
  });
});

describe('validateAmendment', () => {
  it('replaces only the given parts and can drop penalty terms', () => {
    const prev = validateDraftContract(input(), 'CNY');
    const { customerId: _c, ...terms } = prev;
    void _c;
    const next = validateAmendment(terms, { items: [{ sku: 'A-1', quantity: 200, unitPrice: { amount: '85' } }], penaltyTerms: null }, 'CNY');
    expect(next).toEqual({ ...terms, items: [{ sku: 'A-1', quantity: 200, unitPriceMinor: 8500n }], penaltyTerms: null });
    expect(() => validateAmendment(terms, { validTo: '2025-01-01' }, 'CNY')).toThrow(/validTo/);
  });
});

describe('formatDocumentNumber', () => {
  it('reads as SO-2026-000123', () => {
    expect(formatDocumentNumber('SO', 2026, 123)).toBe('SO-2026-000123');
    expect(formatDocumentNumber('CT', 2027, 1)).toBe('CT-2027-000001');
  });
});
