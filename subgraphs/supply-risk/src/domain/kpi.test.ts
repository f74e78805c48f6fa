import { describe, expect, it } from 'vitest';
import { inventoryTurnover, kpiWindow, levelIntegral, parseKpiId, parsePeriod, productLineKey } from './kpi';

const d = (s: string) => new Date(s);

describe('parsePeriod', () => {
  it('reads years, quarters and months as UTC [from, to)', () => {
    expect(parsePeriod('2027')).toEqual({ from: d('2027-01-01T00:00:00Z'), to: d('2028-01-01T00:00:00Z') });
    expect(parsePeriod('2027-Q4')).toEqual({ from: d('2027-10-01T00:00:00Z'), to: d('2028-01-01T00:00:00Z') });
    expect(parsePeriod('2027-02')).toEqual({ from: d('2027-02-01T00:00:00Z'), to: d('2027-03-01T00:00:00Z') });
    expect(parsePeriod('2027-12')).toEqual({ from: d('2027-12-01T00:00:00Z'), to: d('2028-01-01T00:00:00Z') });
  });

  it.each(['2027-Q5', '2027-13', '27', '2027-1', 'Q1-2027', ''])('refuses %j', (p) => {
    expect(() => parsePeriod(p)).toThrow(/period/);
  });
});

describe('parseKpiId', () => {
  it('parses the shared id', () => {
    const k = parseKpiId('2027-Q1|PRODUCT_LINE|Pumps');
    expect(k).toMatchObject({ period: '2027-Q1', kind: 'PRODUCT_LINE', ref: 'Pumps', from: d('2027-01-01T00:00:00Z'), to: d('2027-04-01T00:00:00Z') });
    expect(parseKpiId('2027|COMPANY|')).toMatchObject({ kind: 'COMPANY', ref: null });
  });

  it.each(['2027|COMPANY', '2027|GALAXY|', '2027|COMPANY|x', '2027|REGION|', 'x|COMPANY|'])('refuses %j', (id) => {
    expect(() => parseKpiId(id)).toThrow();
  });
});

describe('productLineKey', () => {
  it('ignores case and extra spaces', () => expect(productLineKey('  small  pumps ')).toBe(productLineKey('Small Pumps')));
});

describe('levelIntegral', () => {
  it('integrates a step function over the window', () => {
    // 10 units for 2 ms, then 4 units for 3 ms
    expect(levelIntegral(10, [{ at: new Date(2), delta: -6 }], new Date(0), new Date(5))).toBe(32n);
  });
  it('is zero for an empty window', () => expect(levelIntegral(10, [], new Date(5), new Date(5))).toBe(0n));
});

describe('inventoryTurnover', () => {
  const from = d('2027-01-01T00:00:00Z');
  const to = d('2027-01-11T00:00:00Z'); // 10 days
  const day = (n: number) => new Date(from.getTime() + n * 86_400_000);

  it('divides units shipped by the time-weighted average on hand', () => {
    // 100 on hand before the period; day 4 ships 40 (60 left); day 6 restocks +90 (150).
    // average = (100·4 + 60·2 + 150·4) / 10 = 112; shipped 40 → 40 / 112 = 0.357… → 0.36
    const movements = [
      { at: d('2026-12-15T00:00:00Z'), delta: 100, kind: 'SET' },
      { at: day(4), delta: -40, kind: 'SHIP' },
      { at: day(6), delta: 90, kind: 'ADJUST' },
    ];
    expect(inventoryTurnover({ movements, from, to })).toBe('0.36');
  });

  it('leaves out shipments before and after the window', () => {
    const movements = [
      { at: d('2026-12-15T00:00:00Z'), delta: 50, kind: 'SET' },
      { at: d('2026-12-20T00:00:00Z'), delta: -10, kind: 'SHIP' },
      { at: day(5), delta: -20, kind: 'SHIP' },
      { at: day(12), delta: -20, kind: 'SHIP' },
    ];
    // level 40 for 5 days, 20 for 5 days → average 30; shipped 20 → 0.67
    expect(inventoryTurnover({ movements, from, to })).toBe('0.67');
  });

  it('is null with nothing on hand or an empty window', () => {
    expect(inventoryTurnover({ movements: [], from, to })).toBeNull();
    expect(inventoryTurnover({ movements: [{ at: day(1), delta: 5, kind: 'SET' }], from, to: from })).toBeNull();
  });

  it('counts a sell-out within the period', () => {
    // 10 on hand, all 10 shipped at half time: average 5, turnover 2.00
    expect(inventoryTurnover({ movements: [{ at: d('2026-01-01T00:00:00Z'), delta: 10, kind: 'SET' }, { at: day(5), delta: -10, kind: 'SHIP' }], from, to })).toBe('2.00');
  });
});

describe('kpiWindow', () => {
  it('cuts a running period at now and empties a future one', () => {
    const key = parseKpiId('2027-01|COMPANY|');
    expect(kpiWindow(key, d('2027-01-10T00:00:00Z')).to).toEqual(d('2027-01-10T00:00:00Z'));
    expect(kpiWindow(key, d('2028-01-10T00:00:00Z')).to).toEqual(d('2027-02-01T00:00:00Z'));
    const w = kpiWindow(key, d('2026-06-01T00:00:00Z'));
    expect(w.to.getTime()).toBeLessThan(w.from.getTime());
  });
});
