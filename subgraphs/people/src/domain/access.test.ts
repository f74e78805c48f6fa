import { describe, expect, it } from 'vitest';
import { canSeePrivate } from './access';

const rep = { id: 'r1', managerId: 'm1' };

describe('canSeePrivate', () => {
  it('lets the rep, their manager, the team manager and overseers see private records', () => {
    expect(canSeePrivate({ kind: 'user', roles: ['sales_rep'], repId: 'r1' }, rep, null)).toBe(true);
    expect(canSeePrivate({ kind: 'user', roles: ['sales_manager'], repId: 'm1' }, rep, null)).toBe(true);
    expect(canSeePrivate({ kind: 'user', roles: ['sales_manager'], repId: 'm2' }, rep, 'm2')).toBe(true);
    expect(canSeePrivate({ kind: 'user', roles: ['sales_director'] }, rep, null)).toBe(true);
    expect(canSeePrivate({ kind: 'api_key', roles: [] }, rep, null)).toBe(true);
  });
  it('hides them from other reps and other managers', () => {
    expect(canSeePrivate({ kind: 'user', roles: ['sales_rep'], repId: 'r2' }, rep, null)).toBe(false);
    expect(canSeePrivate({ kind: 'user', roles: ['sales_rep'], repId: 'm1' }, rep, null)).toBe(false);
    expect(canSeePrivate({ kind: 'user', roles: ['sales_manager'], repId: 'm9' }, rep, 'm2')).toBe(false);
    expect(canSeePrivate({ kind: 'user', roles: ['sales_rep'] }, rep, null)).toBe(false);
  });
});
