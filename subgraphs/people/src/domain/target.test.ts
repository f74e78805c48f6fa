import { describe, expect, it } from 'vitest';
import { ValidationError } from '@salesgraph/kernel';
import { parsePeriod } from './period';
import { childMisfit, parseTargetAmount, validateSetTarget, type OrgLookup } from './target';

const TEAM = '0190f0f0-0000-7000-8000-000000000001';
const REP = '0190f0f0-0000-7000-8000-000000000002';
const OTHER_REP = '0190f0f0-0000-7000-8000-000000000003';
const org: OrgLookup = {
  regionSubtree: (code) => new Set(code === 'CN' ? ['CN', 'CN-EAST', 'CN-WEST'] : [code]),
  teamRegion: (id) => (id === TEAM ? 'CN-EAST' : null),
  repTeam: (id) => (id === REP ? TEAM : null),
  repRegion: (id) => (id === REP ? 'CN-EAST' : 'US'),
};

describe('validateSetTarget', () => {
  it('normalises scope and amount per metric', () => {
    const c = validateSetTarget({ period: '2027-q1', scope: { kind: 'REGION', ref: 'cn-east' }, metric: 'REVENUE', amount: '1000000.01' });
    expect(c.period.text).toBe('2027-Q1');
    expect(c.scope).toEqual({ kind: 'REGION', ref: 'CN-EAST' });
    expect(c.amount).toBe(100_000_001n);
    expect(validateSetTarget({ period: '2027', metric: 'NEW_CUSTOMERS', amount: '12' }).amount).toBe(12n);
  });
  it.each([
    [{ period: '2027-Q9' }, 'period'],
    [{ metric: 'PROFIT' }, 'metric'],
    [{ amount: '-1' }, 'amount'],
    [{ amount: '1.005' }, 'amount'],
    [{ metric: 'NEW_CUSTOMERS', amount: '1.5' }, 'amount'],
    [{ scope: { kind: 'REP', ref: 'bob' } }, 'scope.ref'],
    [{ scope: { kind: 'COMPANY', ref: 'x' } }, 'scope.ref'],
    [{ scope: { kind: 'PLANET', ref: 'x' } }, 'scope.kind'],
  ])('refuses %o naming the field', (patch, field) => {
    try {
      validateSetTarget({ period: '2027', metric: 'REVENUE', amount: '10', ...patch } as never);
      expect.fail('should refuse');
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).field).toBe(field);
    }
  });
  it('keeps two decimals for money', () => {
    expect(parseTargetAmount('GROSS_MARGIN', '5')).toBe(500n);
  });
});

describe('childMisfit', () => {
  const t = (period: string, kind: string, ref = '') => ({ period: parsePeriod(period), scope: { kind, ref } as never, metric: 'REVENUE' as const });
  it('accepts children inside the parent period and scope', () => {
    expect(childMisfit(t('2027', 'COMPANY'), t('2027-Q1', 'REGION', 'CN'), org)).toBeNull();
    expect(childMisfit(t('2027-Q1', 'REGION', 'CN'), t('2027-02', 'REGION', 'CN-EAST'), org)).toBeNull();
    expect(childMisfit(t('2027-Q1', 'REGION', 'CN'), t('2027-Q1', 'TEAM', TEAM), org)).toBeNull();
    expect(childMisfit(t('2027-Q1', 'TEAM', TEAM), t('2027-01', 'REP', REP), org)).toBeNull();
  });
  it('names the field of a child outside its parent', () => {
    expect(childMisfit(t('2027-Q1', 'COMPANY'), t('2027-04', 'COMPANY'), org)).toBe('period');
    expect(childMisfit(t('2027', 'REGION', 'CN-WEST'), t('2027', 'REP', REP), org)).toBe('scope');
    expect(childMisfit(t('2027', 'TEAM', TEAM), t('2027', 'REP', OTHER_REP), org)).toBe('scope');
    expect(childMisfit(t('2027', 'REP', REP), t('2027', 'COMPANY'), org)).toBe('scope');
    expect(childMisfit(t('2027', 'COMPANY'), { ...t('2027', 'COMPANY'), metric: 'GROSS_MARGIN' }, org)).toBe('metric');
  });
});
