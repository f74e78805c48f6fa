import { describe, expect, it } from 'vitest';
import { ValidationError } from '@salesgraph/kernel';
import { validateHire } from './sales-rep';

describe('validateHire', () => {
  it('normalises input and defaults the level', () => {
    expect(validateHire({ name: ' Li Wei ', email: 'Li.Wei@Example.com', regionCode: 'cn-east' })).toEqual({
      name: 'Li Wei',
      email: 'li.wei@example.com',
      regionCode: 'CN-EAST',
      level: 'JUNIOR',
    });
  });

  it.each([
    [{ name: '' }, 'name'],
    [{ email: 'not-an-email' }, 'email'],
    [{ regionCode: '??' }, 'regionCode'],
    [{ level: 'CEO' }, 'level'],
  ])('refuses %o naming the field', (patch, field) => {
    try {
      validateHire({ name: 'Li', email: 'li@example.com', regionCode: 'CN', ...patch });
      expect.fail('should refuse');
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).field).toBe(field);
    }
  });
});
