import { describe, expect, it } from 'vitest';
import { ValidationError } from '@salesgraph/kernel';
import { assertActivatable, assertCompletable, validateContingencyPlan } from './contingency';
import { validateMarketAssessment } from './market';

describe('market assessments', () => {
  it('accepts the factors of its kind, upper-cased', () => {
    expect(validateMarketAssessment({ kind: 'SWOT', regionCode: 'cn-east', productLine: ' ', entries: [{ factor: 'threat', note: 'New entrant', weight: 5 }] })).toEqual({
      kind: 'SWOT',
      regionCode: 'CN-EAST',
      productLine: null,
      entries: [{ factor: 'THREAT', note: 'New entrant', weight: 5 }],
    });
  });
  it.each([
    [{ kind: 'PEST', entries: [{ factor: 'STRENGTH', note: 'x', weight: 1 }] }, 'entries[0].factor'],
    [{ kind: 'SWOT', entries: [{ factor: 'THREAT', note: 'x', weight: 6 }] }, 'entries[0].weight'],
    [{ kind: 'SWOT', entries: [] }, 'entries'],
    [{ kind: 'FIVE_FORCES', entries: [{ factor: 'THREAT', note: 'x', weight: 1 }] }, 'kind'],
  ])('refuses %j naming %s', (patch, field) => {
    try {
      validateMarketAssessment({ regionCode: 'CN', ...patch } as never);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).field).toBe(field);
    }
  });
});

describe('contingency plans', () => {
  const riskId = '01900000-0000-7000-8000-000000000001';
  it('needs a trigger and 1-50 actions with valid owners', () => {
    expect(validateContingencyPlan({ riskId, trigger: 'port closed', actions: [{ title: 'Air freight' }] }).actions).toEqual([{ title: 'Air freight', ownerId: null }]);
    expect(() => validateContingencyPlan({ riskId, trigger: 'x', actions: [] })).toThrow(/actions/);
    expect(() => validateContingencyPlan({ riskId, trigger: 'x', actions: [{ title: 'a', ownerId: 'bob' }] })).toThrow(/ownerId/);
    expect(() => validateContingencyPlan({ riskId: 'r1', trigger: 'x', actions: [{ title: 'a' }] })).toThrow(/riskId/);
  });
  it('activates only a DEFINED plan and completes only actions in progress', () => {
    expect(() => assertActivatable({ id: 'p', status: 'DEFINED' })).not.toThrow();
    expect(() => assertActivatable({ id: 'p', status: 'ACTIVE' })).toThrow(expect.objectContaining({ code: 'PLAN_NOT_ACTIVATABLE', category: 'CONFLICT' }));
    expect(() => assertCompletable({ id: 'a', status: 'IN_PROGRESS' })).not.toThrow();
    expect(() => assertCompletable({ id: 'a', status: 'PENDING' })).toThrow(expect.objectContaining({ code: 'ACTION_NOT_COMPLETABLE' }));
    expect(() => assertCompletable({ id: 'a', status: 'DONE' })).toThrow(/DONE/);
  });
});
