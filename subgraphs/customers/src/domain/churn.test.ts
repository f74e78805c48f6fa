import { describe, expect, it } from 'vitest';
import { churnLevel, churnRisk, usualOrderIntervalDays, type ChurnInput } from './churn';

const now = new Date('2027-06-30T00:00:00Z');
const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);
const quiet: ChurnInput = {
  now,
  orderTimes: [daysAgo(5)],
  openComplaints: 0,
  overdueComplaints: 0,
  lastCsat: null,
  lastNps: null,
  lateDeliveriesLast180Days: 0,
  openSupplyAlerts: 0,
  defaultOrderIntervalDays: 30,
};
const reasonsOf = (patch: Partial<ChurnInput>) => churnRisk({ ...quiet, ...patch }).reasons;

describe('churnRisk', () => {
  it('is LOW with no reasons for a customer who ordered recently and has no problems', () => {
    expect(churnRisk(quiet)).toEqual({ score: 0, level: 'LOW', reasons: [] });
  });

  it('RECENCY weighs idle time against the customer own interval', () => {
    // Orders every 10 days; 25 idle days is 2.5x → 25.
    const orders = [daysAgo(45), daysAgo(35), daysAgo(25)];
    expect(reasonsOf({ orderTimes: orders })).toEqual([{ signal: 'RECENCY', weight: 25, detail: 'no order for 25 days; usually orders every 10 days' }]);
    // The same 25 idle days for a customer who orders every 30 days is not a signal.
    expect(reasonsOf({ orderTimes: [daysAgo(85), daysAgo(55), daysAgo(25)] })).toEqual([]);
    expect(reasonsOf({ orderTimes: [daysAgo(50), daysAgo(40), daysAgo(30)] })[0]).toMatchObject({ signal: 'RECENCY', weight: 35 });
    expect(reasonsOf({ orderTimes: [daysAgo(35), daysAgo(25), daysAgo(15)] })[0]).toMatchObject({ signal: 'RECENCY', weight: 10 });
    // One order: the configured default interval applies.
    expect(reasonsOf({ orderTimes: [daysAgo(95)] })[0]).toMatchObject({ signal: 'RECENCY', weight: 35 });
  });

  it('FREQUENCY_DROP when the last 90 days have at most half the orders of the 90 before', () => {
    const before = [daysAgo(170), daysAgo(150), daysAgo(130), daysAgo(110)];
    const reasons = reasonsOf({ orderTimes: [...before, daysAgo(20), daysAgo(3)] });
    expect(reasons).toContainEqual({ signal: 'FREQUENCY_DROP', weight: 15, detail: '2 orders in the last 90 days against 4 in the 90 days before' });
    expect(reasonsOf({ orderTimes: [...before, daysAgo(30), daysAgo(20), daysAgo(3)] }).map((r) => r.signal)).not.toContain('FREQUENCY_DROP');
  });

  it('OPEN_COMPLAINTS: 5 each, at most 15', () => {
    expect(reasonsOf({ openComplaints: 2 })).toEqual([{ signal: 'OPEN_COMPLAINTS', weight: 10, detail: '2 open complaint(s)' }]);
    expect(reasonsOf({ openComplaints: 9 })[0]!.weight).toBe(15);
  });

  it('OVERDUE_COMPLAINTS: 10 each, at most 20', () => {
    expect(reasonsOf({ overdueComplaints: 1 })).toEqual([{ signal: 'OVERDUE_COMPLAINTS', weight: 10, detail: '1 complaint(s) past their SLA' }]);
    expect(reasonsOf({ overdueComplaints: 5 })[0]!.weight).toBe(20);
  });

  it('LOW_SATISFACTION from a CSAT of 2 or less or an NPS of 6 or less', () => {
    expect(reasonsOf({ lastCsat: 2 })).toEqual([{ signal: 'LOW_SATISFACTION', weight: 15, detail: 'last CSAT 2/5' }]);
    expect(reasonsOf({ lastNps: 6 })).toEqual([{ signal: 'LOW_SATISFACTION', weight: 15, detail: 'last NPS 6/10' }]);
    expect(reasonsOf({ lastCsat: 3, lastNps: 7 })).toEqual([]);
  });

  it('LATE_DELIVERIES: 15 each, at most 30', () => {
    expect(reasonsOf({ lateDeliveriesLast180Days: 1 })).toEqual([{ signal: 'LATE_DELIVERIES', weight: 15, detail: '1 late deliveries in the last 180 days' }]);
    expect(reasonsOf({ lateDeliveriesLast180Days: 4 })[0]!.weight).toBe(30);
  });

  it('SUPPLY_ALERTS: 15 per open alert on products it buys, at most 30', () => {
    expect(reasonsOf({ openSupplyAlerts: 1 })).toEqual([{ signal: 'SUPPLY_ALERTS', weight: 15, detail: '1 open supply alert(s) on products the customer buys' }]);
    expect(reasonsOf({ openSupplyAlerts: 3 })[0]!.weight).toBe(30);
  });

  it('sums the weights, caps at 100 and maps to levels', () => {
    const r = churnRisk({ ...quiet, lateDeliveriesLast180Days: 2, openSupplyAlerts: 2 });
    expect(r.score).toBe(60);
    expect(r.level).toBe('HIGH');
    const all = churnRisk({ ...quiet, orderTimes: [daysAgo(200)], openComplaints: 3, overdueComplaints: 2, lastCsat: 1, lateDeliveriesLast180Days: 2, openSupplyAlerts: 2 });
    expect(all.score).toBe(100);
    expect(all.reasons.reduce((s, x) => s + x.weight, 0)).toBe(35 + 15 + 20 + 15 + 30 + 30);
    expect([churnLevel(29), churnLevel(30), churnLevel(59), churnLevel(60)]).toEqual(['LOW', 'MEDIUM', 'MEDIUM', 'HIGH']);
  });

  it('usual interval is the mean gap, or the default with fewer than two orders', () => {
    expect(usualOrderIntervalDays([daysAgo(30), daysAgo(10), daysAgo(0)], 30)).toBe(15);
    expect(usualOrderIntervalDays([daysAgo(3)], 45)).toBe(45);
  });
});
