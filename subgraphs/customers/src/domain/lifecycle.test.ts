import { describe, expect, it } from 'vitest';
import { ValidationError } from '@salesgraph/kernel';
import { ruleLifecycleMove, validateManualMove, type LifecycleFacts } from './lifecycle';

const now = new Date('2027-06-30T00:00:00Z');
const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);
const s = { atRiskAfterDays: 90, churnedAfterDays: 180 };
const facts = (patch: Partial<LifecycleFacts>): LifecycleFacts => ({ stage: 'ACTIVE', lastOrderAt: daysAgo(1), churnLevel: 'LOW', now, newOrder: false, ...patch });

describe('rule-based lifecycle moves', () => {
  it('the first approved order makes a LEAD or PROSPECT ACTIVE', () => {
    expect(ruleLifecycleMove(facts({ stage: 'LEAD', newOrder: true }), s)).toEqual({ to: 'ACTIVE', reason: 'first approved order' });
    expect(ruleLifecycleMove(facts({ stage: 'PROSPECT', newOrder: true }), s)).toEqual({ to: 'ACTIVE', reason: 'first approved order' });
  });

  it('a churned or at-risk customer who orders again is ACTIVE again', () => {
    expect(ruleLifecycleMove(facts({ stage: 'CHURNED', newOrder: true }), s)).toEqual({ to: 'ACTIVE', reason: 'ordered again' });
    expect(ruleLifecycleMove(facts({ stage: 'AT_RISK', newOrder: true }), s)).toEqual({ to: 'ACTIVE', reason: 'ordered again' });
    expect(ruleLifecycleMove(facts({ stage: 'ACTIVE', newOrder: true }), s)).toBeNull();
  });

  it('no order within the window moves ACTIVE to AT_RISK, then to CHURNED', () => {
    expect(ruleLifecycleMove(facts({ lastOrderAt: daysAgo(89) }), s)).toBeNull();
    expect(ruleLifecycleMove(facts({ lastOrderAt: daysAgo(90) }), s)).toEqual({ to: 'AT_RISK', reason: 'no order for 90 days (at risk after 90)' });
    expect(ruleLifecycleMove(facts({ stage: 'AT_RISK', lastOrderAt: daysAgo(120) }), s)).toBeNull();
    expect(ruleLifecycleMove(facts({ stage: 'AT_RISK', lastOrderAt: daysAgo(180) }), s)).toEqual({ to: 'CHURNED', reason: 'no order for 180 days (churned after 180)' });
    expect(ruleLifecycleMove(facts({ stage: 'ACTIVE', lastOrderAt: daysAgo(200) }), s)?.to).toBe('CHURNED');
  });

  it('HIGH churn risk moves ACTIVE to AT_RISK, also right after an order', () => {
    expect(ruleLifecycleMove(facts({ churnLevel: 'HIGH' }), s)).toEqual({ to: 'AT_RISK', reason: 'churn risk is HIGH' });
    expect(ruleLifecycleMove(facts({ churnLevel: 'HIGH', stage: 'LEAD', newOrder: true }), s)?.to).toBe('AT_RISK');
    expect(ruleLifecycleMove(facts({ churnLevel: 'MEDIUM' }), s)).toBeNull();
  });

  it('rules never improve a stage without an order, and leave customers without orders alone', () => {
    expect(ruleLifecycleMove(facts({ stage: 'AT_RISK', churnLevel: 'LOW' }), s)).toBeNull();
    expect(ruleLifecycleMove(facts({ stage: 'LEAD', lastOrderAt: null, churnLevel: 'HIGH' }), s)).toBeNull();
    expect(ruleLifecycleMove(facts({ stage: 'CHURNED', lastOrderAt: daysAgo(400) }), s)).toBeNull();
  });
});

describe('manual lifecycle moves', () => {
  it('accepts an allowed move with a reason', () => {
    expect(validateManualMove('LEAD', 'PROSPECT', ' qualified at trade fair ')).toEqual({ to: 'PROSPECT', reason: 'qualified at trade fair' });
  });
  it.each([
    ['LEAD', 'AT_RISK', 'x', 'stage'],
    ['ACTIVE', 'LEAD', 'x', 'stage'],
    ['ACTIVE', 'ACTIVE', 'x', 'stage'],
    ['ACTIVE', 'AT_RISK', '  ', 'reason'],
    ['ACTIVE', 'NOPE', 'x', 'stage'],
  ] as const)('refuses %s → %s', (from, to, reason, field) => {
    try {
      validateManualMove(from, to, reason);
      expect.fail('should refuse');
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).field).toBe(field);
    }
  });
});
