import { describe, expect, it } from 'vitest';
import { daysLate, latePenalty } from './penalty';

describe('daysLate', () => {
  it('counts whole calendar days after the promised date', () => {
    expect(daysLate('2026-03-10', new Date('2026-03-10T23:59:59Z'))).toBe(0);
    expect(daysLate('2026-03-10', new Date('2026-03-11T00:00:01Z'))).toBe(1);
    expect(daysLate('2026-03-10', new Date('2026-03-17T09:00:00Z'))).toBe(7);
    expect(daysLate('2026-02-27', new Date('2026-03-02T09:00:00Z'))).toBe(3);
  });
  it('is 0 when early or without a promised date', () => {
    expect(daysLate('2026-03-10', new Date('2026-03-01T00:00:00Z'))).toBe(0);
    expect(daysLate(null, new Date())).toBe(0);
  });
});

describe('latePenalty', () => {
  const terms = { lateDeliveryBpPerDay: 50n, capBp: 500n }; // 0.5 % a day, at most 5 %
  it('is days × daily rate × total', () => {
    expect(latePenalty(10_000_00n, 7, terms)).toBe(350_00n);
  });
  it('is capped', () => {
    expect(latePenalty(10_000_00n, 10, terms)).toBe(500_00n);
    expect(latePenalty(10_000_00n, 40, terms)).toBe(500_00n);
  });
  it('rounds half-even to the minor unit', () => {
    expect(latePenalty(1_01n, 1, { lateDeliveryBpPerDay: 5000n, capBp: 10_000n })).toBe(50n); // 50.5 → 50
    expect(latePenalty(1_03n, 1, { lateDeliveryBpPerDay: 5000n, capBp: 10_000n })).toBe(52n); // 51.5 → 52
  });
  it('is 0 on time or without penalty terms', () => {
    expect(latePenalty(10_000_00n, 0, terms)).toBe(0n);
    expect(latePenalty(10_000_00n, 9, null)).toBe(0n);
  });
});
