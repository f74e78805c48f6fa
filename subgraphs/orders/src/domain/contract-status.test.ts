import { describe, expect, it } from 'vitest';
import { CONTRACT_ACTIONS, CONTRACT_STATUSES, contractSweepAction, nextContractStatus, type ContractAction, type ContractStatus } from './contract-status';
import { IllegalContractTransition } from './errors';

const LEGAL: [ContractStatus, ContractAction, ContractStatus][] = [
  ['DRAFT', 'submit', 'UNDER_REVIEW'],
  ['UNDER_REVIEW', 'approve', 'APPROVED'],
  ['UNDER_REVIEW', 'reject', 'REJECTED'],
  ['APPROVED', 'sign', 'SIGNED'],
  ['APPROVED', 'expire', 'EXPIRED'],
  ['APPROVED', 'amend', 'APPROVED'],
  ['SIGNED', 'activate', 'ACTIVE'],
  ['SIGNED', 'terminate', 'TERMINATED'],
  ['SIGNED', 'expire', 'EXPIRED'],
  ['SIGNED', 'amend', 'SIGNED'],
  ['ACTIVE', 'complete', 'COMPLETED'],
  ['ACTIVE', 'terminate', 'TERMINATED'],
  ['ACTIVE', 'expire', 'EXPIRED'],
  ['ACTIVE', 'amend', 'ACTIVE'],
  ['REJECTED', 'amend', 'REJECTED'],
];

describe('contract state machine', () => {
  it.each(LEGAL)('%s --%s--> %s', (from, action, to) => {
    expect(nextContractStatus(from, action)).toBe(to);
  });

  const illegal = CONTRACT_STATUSES.flatMap((from) => CONTRACT_ACTIONS.filter((a) => !LEGAL.some(([f, la]) => f === from && la === a)).map((a) => [from, a] as const));

  it('has 81 status × action pairs, 15 legal and 66 illegal', () => {
    expect(CONTRACT_STATUSES.length * CONTRACT_ACTIONS.length).toBe(81);
    expect(illegal.length).toBe(66);
  });

  it.each(illegal)('refuses to %s → %s with CONFLICT naming the current state', (from, action) => {
    try {
      nextContractStatus(from, action);
      expect.fail('should refuse');
    } catch (e) {
      expect(e).toBeInstanceOf(IllegalContractTransition);
      const err = e as IllegalContractTransition;
      expect(err.category).toBe('CONFLICT');
      expect(err.code).toBe('CONTRACT_ILLEGAL_TRANSITION');
      expect(err.message).toBe(`cannot ${action} a contract that is ${from}`);
      expect(err.details).toEqual({ currentStatus: from, action });
    }
  });
});

describe('contractSweepAction', () => {
  it('activates a signed contract on its first day and expires it after its last', () => {
    expect(contractSweepAction('SIGNED', '2026-03-01', '2026-12-31', '2026-02-28')).toBeNull();
    expect(contractSweepAction('SIGNED', '2026-03-01', '2026-12-31', '2026-03-01')).toBe('activate');
    expect(contractSweepAction('ACTIVE', '2026-03-01', '2026-12-31', '2026-12-31')).toBeNull();
    expect(contractSweepAction('ACTIVE', '2026-03-01', '2026-12-31', '2027-01-01')).toBe('expire');
    expect(contractSweepAction('SIGNED', '2026-03-01', '2026-12-31', '2027-01-01')).toBe('expire');
    expect(contractSweepAction('APPROVED', '2026-03-01', '2026-12-31', '2027-01-01')).toBe('expire');
  });
  it.each(['DRAFT', 'UNDER_REVIEW', 'COMPLETED', 'REJECTED', 'TERMINATED', 'EXPIRED'] as const)('leaves a %s contract alone', (status) => {
    expect(contractSweepAction(status, '2026-03-01', '2026-12-31', '2027-06-01')).toBeNull();
  });
});
