import { describe, expect, it } from 'vitest';
import { ValidationError } from '@salesgraph/kernel';
import { addDays, daysBetween, parseIsoDate, utcDate } from './dates';

describe('calendar dates', () => {
  it('accepts real calendar dates only', () => {
    expect(parseIsoDate(' 2028-02-29 ', 'd')).toBe('2028-02-29');
    for (const bad of ['2026-02-29', '2026-13-01', '2026-1-1', '01/02/2026', '2026-03-01T00:00:00Z']) expect(() => parseIsoDate(bad, 'd')).toThrow(ValidationError);
  });
  it('adds days across month and year ends and counts whole days between dates', () => {
    expect(addDays('2026-12-20', 30)).toBe('2027-01-19');
    expect(addDays('2026-02-27', 2)).toBe('2026-03-01');
    expect(daysBetween('2026-03-10', '2026-03-17')).toBe(7);
    expect(daysBetween('2026-03-17', '2026-03-10')).toBe(-7);
    expect(utcDate(new Date('2026-03-31T23:59:59.999Z'))).toBe('2026-03-31');
  });
});
