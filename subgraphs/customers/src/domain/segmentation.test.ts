import { describe, expect, it } from 'vitest';
import { rfmScore } from './segmentation';
import { DEFAULT_SETTINGS } from './settings';

const t = DEFAULT_SETTINGS.rfm;

describe('rfmScore', () => {
  it('scores recency, frequency and monetary 1..5 and cuts segments', () => {
    // Ordered 10 days ago (R5), 12 orders a year (F5), 1,000,000.00 (M5): 15 → A.
    expect(rfmScore({ daysSinceLastOrder: 10, ordersLast365Days: 12, lifetimeValueMinor: 100_000_000n }, t)).toEqual({ recency: 5, frequency: 5, monetary: 5, total: 15, segment: 'A' });
    // 45 days (R4), 4 orders (F3), 50,000.00 (M3): 10 → B.
    expect(rfmScore({ daysSinceLastOrder: 45, ordersLast365Days: 4, lifetimeValueMinor: 5_000_000n }, t)).toMatchObject({ recency: 4, frequency: 3, monetary: 3, segment: 'B' });
    // 100 days (R2), 2 orders (F2), 10,000.00 (M2) + ... : 7 → C.
    expect(rfmScore({ daysSinceLastOrder: 100, ordersLast365Days: 2, lifetimeValueMinor: 5_000_000n }, t)).toMatchObject({ recency: 2, frequency: 2, monetary: 3, total: 7, segment: 'C' });
    // 400 days (R1), 0 orders this year (F1), small (M1): D.
    expect(rfmScore({ daysSinceLastOrder: 400, ordersLast365Days: 0, lifetimeValueMinor: 50_000n }, t)).toMatchObject({ total: 3, segment: 'D' });
  });

  it('is D without any order', () => {
    expect(rfmScore({ daysSinceLastOrder: null, ordersLast365Days: 0, lifetimeValueMinor: 0n }, t)).toMatchObject({ recency: 1, segment: 'D' });
  });

  it('follows configured thresholds', () => {
    const strict = { ...t, segmentMinTotal: { A: 15, B: 14, C: 13 } };
    expect(rfmScore({ daysSinceLastOrder: 45, ordersLast365Days: 4, lifetimeValueMinor: 5_000_000n }, strict).segment).toBe('D');
    const generous = { ...t, monetaryMinor: [1n, 2n, 3n, 4n] as [bigint, bigint, bigint, bigint] };
    expect(rfmScore({ daysSinceLastOrder: 45, ordersLast365Days: 4, lifetimeValueMinor: 5n }, generous).monetary).toBe(5);
  });
});
