import { describe, expect, it } from 'vitest';
import { maskEmail, maskName, maskPhone } from './masking';

describe('masking personal data', () => {
  it('keeps the first letter and the domain of an email', () => {
    expect(maskEmail('li.wei@example.com')).toBe('l***@example.com');
    expect(maskEmail('broken')).toBe('***');
  });
  it('keeps the initials of a name', () => {
    expect(maskName('Li Wei')).toBe('L*** W***');
    expect(maskName('张伟')).toBe('张***');
  });
  it('keeps the country code and the last four digits of a phone', () => {
    expect(maskPhone('+86 512 5555 1234')).toBe('+86 *** **** 1234');
    expect(maskPhone('0512-5555-1234')).toBe('*** **** 1234');
    expect(maskPhone('12')).toBe('*** ****');
  });
});
