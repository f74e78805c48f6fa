import { describe, expect, it } from 'vitest';
import { DateTimeScalar } from './scalars';

describe('DateTime serialization', () => {
  it('answers a UTC ISO-8601 instant for dates and for date strings from raw rows', () => {
    expect(DateTimeScalar.serialize(new Date('2026-11-28T04:13:33.898Z'))).toBe('2026-11-28T04:13:33.898Z');
    expect(DateTimeScalar.serialize('2026-11-28T04:13:33.898Z')).toBe('2026-11-28T04:13:33.898Z');
    expect(DateTimeScalar.serialize('2026-11-28 12:13:33.5+08')).toBe('2026-11-28T04:13:33.500Z');
  });

  it('refuses what is not an instant', () => {
    expect(() => DateTimeScalar.serialize('not a date')).toThrow('DateTime cannot represent this value');
    expect(() => DateTimeScalar.serialize(42)).toThrow('DateTime cannot represent this value');
  });
});
