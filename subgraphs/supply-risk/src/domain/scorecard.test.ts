import { describe, expect, it } from 'vitest';
import { computeScorecard, gradeOf, supplierScore } from './scorecard';
import { diversityOf, herfindahl } from './diversity';

const now = new Date('2027-03-31T00:00:00Z');
const day = 86_400_000;
const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * day);

describe('supplier scorecard', () => {
  it('computes on-time rate, defect rate, lead time, score and grade', () => {
    const card = computeScorecard(
      [
        // on time, ordered 10 days before delivery
        { orderedAt: at(20), promisedAt: at(9), deliveredAt: at(10), quotedLeadTimeDays: 14, quantity: 100, defectQuantity: 1 },
        // 2 days late; lead time = quoted 14 + 2 = 16
        { promisedAt: at(7), deliveredAt: at(5), quotedLeadTimeDays: 14, quantity: 100, defectQuantity: 3 },
        // exactly on the promise counts as on time; lead 14
        { promisedAt: at(1), deliveredAt: at(1), quotedLeadTimeDays: 14, quantity: 200, defectQuantity: 0 },
        // outside the 90-day window: ignored
        { promisedAt: at(120), deliveredAt: at(100), quotedLeadTimeDays: 14, quantity: 100, defectQuantity: 100 },
      ],
      now,
    );
    expect(card.deliveries).toBe(3);
    expect(card.onTimeBp).toBe(6667); // 2/3 = 66.67 %
    expect(card.defectBp).toBe(100); // 4/400 = 1.00 %
    expect(card.averageLeadTimeCentiDays).toBe(1333); // (10 + 16 + 14) / 3 = 13.33
    // 0.6 × 66.67 + 0.4 × (100 − 5 × 1.00) = 40.002 + 38 = 78.002 → 78
    expect(card.score).toBe(78);
    expect(card.grade).toBe('B');
  });
  it('has no score without deliveries in the window', () => {
    expect(computeScorecard([{ promisedAt: at(200), deliveredAt: at(200), quotedLeadTimeDays: 1, quantity: 1, defectQuantity: 0 }], now)).toEqual({
      deliveries: 0, onTimeBp: null, defectBp: null, averageLeadTimeCentiDays: null, score: null, grade: null,
    });
  });
  it('scores perfect delivery 100 and floors quality at zero', () => {
    expect(supplierScore(10000, 0)).toBe(100);
    expect(supplierScore(0, 2000)).toBe(0);
    expect(supplierScore(10000, 5000)).toBe(60);
  });
  it('grades A ≥ 90, B ≥ 75, C ≥ 60, D below', () => {
    expect([100, 90, 89, 75, 74, 60, 59, 0].map(gradeOf)).toEqual(['A', 'A', 'B', 'B', 'C', 'C', 'D', 'D']);
  });
});

describe('supply diversity (HHI)', () => {
  it('is 10000 for a single source whatever its declared share', () => {
    expect(herfindahl([6000])).toBe(10000);
    expect(diversityOf([10000])).toEqual({ supplierCount: 1, singleSource: true, concentration: 10000 });
  });
  it('sums squared shares', () => {
    expect(herfindahl([5000, 5000])).toBe(5000);
    expect(herfindahl([6000, 3000, 1000])).toBe(4600); // 36 % + 9 % + 1 %
    expect(herfindahl([2500, 2500, 2500, 2500])).toBe(2500);
  });
  it('normalises shares that do not add up to 100 %', () => {
    expect(herfindahl([3000, 3000])).toBe(5000);
  });
  it('is null without suppliers', () => {
    expect(diversityOf([])).toEqual({ supplierCount: 0, singleSource: false, concentration: null });
  });
});
