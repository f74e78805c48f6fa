// RFM segmentation: recency, frequency and monetary scores 1..5 over the order history,
// summed (3..15) and cut into segments A..D by configurable thresholds.
import type { RfmThresholds } from './settings';

export const SEGMENTS = ['A', 'B', 'C', 'D'] as const;
export type Segment = (typeof SEGMENTS)[number];

export interface RfmInput {
  /** Days since the last approved order; null when there is none. */
  daysSinceLastOrder: number | null;
  ordersLast365Days: number;
  lifetimeValueMinor: bigint;
}

export interface RfmScore {
  recency: number;
  frequency: number;
  monetary: number;
  total: number;
  segment: Segment;
}

export function rfmScore(input: RfmInput, t: RfmThresholds): RfmScore {
  let recency = 1;
  if (input.daysSinceLastOrder !== null) {
    const idx = t.recencyDays.findIndex((d) => input.daysSinceLastOrder! <= d);
    recency = idx === -1 ? 1 : 5 - idx;
  }
  const frequency = 1 + t.frequencyOrders.filter((n) => input.ordersLast365Days >= n).length;
  const monetary = 1 + t.monetaryMinor.filter((m) => input.lifetimeValueMinor >= m).length;
  const total = recency + frequency + monetary;
  const segment: Segment = input.daysSinceLastOrder === null ? 'D' : total >= t.segmentMinTotal.A ? 'A' : total >= t.segmentMinTotal.B ? 'B' : total >= t.segmentMinTotal.C ? 'C' : 'D';
  return { recency, frequency, monetary, total, segment };
}
