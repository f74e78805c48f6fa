import { describe, expect, it } from 'vitest';
import { ValidationError } from '@salesgraph/kernel';
import { adjustedOnHand, planConsumption, planReservation, summarise, turnover, validateAdjustInventory, validateSetInventory } from './inventory';

describe('inventory input', () => {
  it('normalises sku and warehouse', () => {
    expect(validateSetInventory({ sku: 'pump-1', warehouseCode: 'sh-01', onHand: 10, reorderPoint: 5, safetyStock: 2 })).toEqual({ sku: 'PUMP-1', warehouseCode: 'SH-01', onHand: 10, reorderPoint: 5, safetyStock: 2 });
  });
  it.each([
    [{ onHand: -1 }, 'onHand'],
    [{ onHand: 1.5 }, 'onHand'],
    [{ reorderPoint: -3 }, 'reorderPoint'],
    [{ safetyStock: 9, reorderPoint: 5 }, 'safetyStock'],
    [{ sku: '' }, 'sku'],
    [{ warehouseCode: 'a warehouse' }, 'warehouseCode'],
  ])('refuses %j naming %s', (patch, field) => {
    try {
      validateSetInventory({ sku: 'P1', warehouseCode: 'W1', onHand: 1, ...patch });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).field).toBe(field);
    }
  });
  it('refuses an adjustment of zero or without a reason, and negative stock', () => {
    expect(() => validateAdjustInventory({ sku: 'P1', warehouseCode: 'W1', delta: 0, reason: 'x' })).toThrow(/delta/);
    expect(() => validateAdjustInventory({ sku: 'P1', warehouseCode: 'W1', delta: 2, reason: ' ' })).toThrow(/reason/);
    expect(adjustedOnHand(5, -5)).toBe(0);
    expect(() => adjustedOnHand(5, -6)).toThrow(/negative/);
  });
});

describe('planReservation', () => {
  const positions = [
    { warehouseCode: 'A', onHand: 10, reserved: 8 },
    { warehouseCode: 'B', onHand: 6, reserved: 0 },
    { warehouseCode: 'C', onHand: 4, reserved: 5 }, // over-committed: counts as nothing free
  ];
  it('takes one warehouse when it can', () => {
    expect(planReservation(positions, 5)).toEqual({ ok: true, allocations: [{ warehouseCode: 'B', quantity: 5 }] });
  });
  it('splits across warehouses, most available first', () => {
    expect(planReservation(positions, 8)).toEqual({ ok: true, allocations: [{ warehouseCode: 'B', quantity: 6 }, { warehouseCode: 'A', quantity: 2 }] });
  });
  it('fails all or nothing with the shortfall', () => {
    expect(planReservation(positions, 11)).toEqual({ ok: false, available: 8, shortfall: 3 });
    expect(planReservation([], 2)).toEqual({ ok: false, available: 0, shortfall: 2 });
  });
});

describe('planConsumption', () => {
  it('ships from the reservation first, the excess from stock', () => {
    const positions = [{ warehouseCode: 'A', onHand: 10, reserved: 4 }, { warehouseCode: 'B', onHand: 3, reserved: 0 }];
    expect(planConsumption(positions, [{ warehouseCode: 'A', quantity: 4 }], 6)).toEqual({
      moves: [{ warehouseCode: 'A', onHandDelta: -6, reservedDelta: -4 }],
      remainingAllocations: [],
    });
  });
  it('leaves the unshipped part reserved', () => {
    expect(planConsumption([{ warehouseCode: 'A', onHand: 10, reserved: 4 }], [{ warehouseCode: 'A', quantity: 4 }], 1)).toEqual({
      moves: [{ warehouseCode: 'A', onHandDelta: -1, reservedDelta: -1 }],
      remainingAllocations: [{ warehouseCode: 'A', quantity: 3 }],
    });
  });
  it('never takes stock below zero', () => {
    const { moves } = planConsumption([{ warehouseCode: 'A', onHand: 2, reserved: 0 }], [], 5);
    expect(moves).toEqual([{ warehouseCode: 'A', onHandDelta: -2, reservedDelta: 0 }]);
  });
});

describe('summaries', () => {
  it('adds warehouses up and flags the reorder point', () => {
    const s = summarise([
      { onHand: 10, reserved: 6, reorderPoint: 3, safetyStock: 1 },
      { onHand: 5, reserved: 0, reorderPoint: 7, safetyStock: 2 },
    ]);
    expect(s).toEqual({ onHand: 15, reserved: 6, available: 9, reorderPoint: 10, safetyStock: 3, belowReorderPoint: true });
    expect(summarise([{ onHand: 10, reserved: 0, reorderPoint: 10, safetyStock: 0 }]).belowReorderPoint).toBe(false);
  });
  it('computes turnover with two places', () => {
    expect(turnover(120, 40)).toBe('3.00');
    expect(turnover(10, 3)).toBe('3.33');
    expect(turnover(10, 0)).toBeNull();
  });
});
