import { describe, expect, it } from 'vitest';
import { ValidationError } from '@salesgraph/kernel';
import { complaintTransition, ComplaintTransitionRefused, isOverdue, slaDueAt, validateSatisfaction } from './complaint';
import { DEFAULT_SETTINGS } from './settings';

const filed = new Date('2027-03-01T08:00:00Z');

describe('complaint SLA', () => {
  it.each([
    ['CRITICAL', '2027-03-01T12:00:00.000Z'],
    ['HIGH', '2027-03-02T08:00:00.000Z'],
    ['MEDIUM', '2027-03-04T08:00:00.000Z'],
    ['LOW', '2027-03-08T08:00:00.000Z'],
  ] as const)('%s is due at %s', (severity, due) => {
    expect(slaDueAt(filed, severity, DEFAULT_SETTINGS.complaintSlaHours).toISOString()).toBe(due);
  });

  it('is overdue only while open past its due time', () => {
    const due = slaDueAt(filed, 'CRITICAL', DEFAULT_SETTINGS.complaintSlaHours);
    expect(isOverdue('OPEN', due, new Date('2027-03-01T12:00:00Z'))).toBe(false);
    expect(isOverdue('OPEN', due, new Date('2027-03-01T12:00:01Z'))).toBe(true);
    expect(isOverdue('IN_PROGRESS', due, new Date('2027-03-02T00:00:00Z'))).toBe(true);
    expect(isOverdue('RESOLVED', due, new Date('2027-03-02T00:00:00Z'))).toBe(false);
  });
});

describe('complaint status', () => {
  it('moves OPEN → IN_PROGRESS → RESOLVED → CLOSED, and OPEN → RESOLVED', () => {
    expect(complaintTransition('OPEN', 'start')).toBe('IN_PROGRESS');
    expect(complaintTransition('IN_PROGRESS', 'resolve')).toBe('RESOLVED');
    expect(complaintTransition('OPEN', 'resolve')).toBe('RESOLVED');
    expect(complaintTransition('RESOLVED', 'close')).toBe('CLOSED');
  });
  it('refuses other moves with CONFLICT naming the state', () => {
    expect(() => complaintTransition('OPEN', 'close')).toThrow(ComplaintTransitionRefused);
    try {
      complaintTransition('CLOSED', 'start');
    } catch (e) {
      expect((e as ComplaintTransitionRefused).category).toBe('CONFLICT');
      expect((e as ComplaintTransitionRefused).details).toEqual({ status: 'CLOSED' });
    }
  });
});

describe('satisfaction scores', () => {
  it.each([
    [{}, 'csat'],
    [{ csat: 0 }, 'csat'],
    [{ csat: 6 }, 'csat'],
    [{ nps: 11 }, 'nps'],
    [{ nps: -1 }, 'nps'],
  ])('refuses %o', (input, field) => {
    expect(() => validateSatisfaction(input)).toThrow(ValidationError);
    try {
      validateSatisfaction(input);
    } catch (e) {
      expect((e as ValidationError).field).toBe(field);
    }
  });
  it('accepts csat, nps or both', () => {
    expect(validateSatisfaction({ csat: 5 })).toEqual({ csat: 5, nps: null, comment: null });
    expect(validateSatisfaction({ nps: 0, comment: ' meh ' })).toEqual({ csat: null, nps: 0, comment: 'meh' });
  });
});
