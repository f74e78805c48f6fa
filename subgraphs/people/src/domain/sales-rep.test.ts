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
      employeeNo: null,
      teamId: null,
      managerId: null,
      hiredAt: null,
    });
    expect(validateHire({ name: 'Li', email: 'li@example.com', regionCode: 'CN', employeeNo: 'e-001', hiredAt: '2027-01-15' })).toMatchObject({
      employeeNo: 'E-001',
      hiredAt: new Date('2027-01-15T00:00:00Z'),
    });
  });

  it.each([
    [{ name: '' }, 'name'],
    [{ email: 'not-an-email' }, 'email'],
    [{ regionCode: '??' }, 'regionCode'],
    [{ level: 'CEO' }, 'level'],
    [{ employeeNo: 'no spaces' }, 'employeeNo'],
    [{ teamId: 'team-1' }, 'teamId'],
    [{ managerId: '42' }, 'managerId'],
    [{ hiredAt: 'yesterday' }, 'hiredAt'],
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
