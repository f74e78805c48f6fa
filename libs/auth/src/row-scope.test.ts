import { describe, expect, it } from 'vitest';
import { ALL_ROWS, canSeeRow, NO_ROWS, regionCovered, rowScopeFor, rowScopeWhere, type RepProfile } from './row-scope';
import { scopesForRoles, type Principal, type Role } from './principal';

const rep = (repId: string, regionCode: string, managerId: string | null = null): RepProfile => ({ repId, teamId: null, regionCode, managerId, active: true });
const user = (roles: Role[], repId?: string): Principal => ({ subject: `u-${repId ?? 'x'}`, kind: 'user', roles, scopes: scopesForRoles(roles), ...(repId ? { repId } : {}) });

describe('row scope', () => {
  const alice = rep('alice', 'CN-EAST', 'mona');
  const bob = rep('bob', 'CN-EAST', 'mona');
  const mona = rep('mona', 'CN-EAST', 'dora');
  const dora = rep('dora', 'CN');

  it('a rep sees their own rows', () => {
    const s = rowScopeFor(user(['sales_rep'], 'alice'), alice, []);
    expect(s).toEqual({ all: false, repIds: ['alice'], regionPrefixes: [] });
    expect(canSeeRow(s, { ownerRepId: 'alice', regionCode: 'CN-EAST' })).toBe(true);
    expect(canSeeRow(s, { ownerRepId: 'bob', regionCode: 'CN-EAST' })).toBe(false);
  });

  it("a manager sees their own and their reports' rows", () => {
    const s = rowScopeFor(user(['sales_manager'], 'mona'), mona, [alice, bob]);
    expect(s).toEqual({ all: false, repIds: ['alice', 'bob', 'mona'], regionPrefixes: [] });
    expect(canSeeRow(s, { ownerRepId: 'carl', regionCode: 'CN-EAST' })).toBe(false);
  });

  it("a director sees the region and every region under it", () => {
    const s = rowScopeFor(user(['sales_director'], 'dora'), dora, [mona]);
    expect(canSeeRow(s, { ownerRepId: 'x', regionCode: 'CN' })).toBe(true);
    expect(canSeeRow(s, { ownerRepId: 'x', regionCode: 'CN-EAST-SH' })).toBe(true);
    expect(canSeeRow(s, { ownerRepId: 'x', regionCode: 'CNX' })).toBe(false);
    expect(canSeeRow(s, { ownerRepId: 'x', regionCode: 'DE' })).toBe(false);
  });

  it('an API key with allowedRegions sees those regions; without, everything', () => {
    const key: Principal = { subject: 'k1', kind: 'api_key', roles: [], scopes: ['customers:read'], regions: ['CN-EAST'] };
    const s = rowScopeFor(key, undefined, []);
    expect(canSeeRow(s, { ownerRepId: 'x', regionCode: 'CN-EAST' })).toBe(true);
    expect(canSeeRow(s, { ownerRepId: 'x', regionCode: 'CN-NORTH' })).toBe(false);
    expect(rowScopeFor({ ...key, regions: undefined }, undefined, [])).toEqual(ALL_ROWS);
  });

  it('admins and analysts see everything; a user with no rep sees nothing', () => {
    expect(rowScopeFor(user(['admin']), undefined, [])).toEqual(ALL_ROWS);
    expect(rowScopeFor(user(['analyst']), undefined, [])).toEqual(ALL_ROWS);
    expect(rowScopeFor(user(['sales_rep']), undefined, [])).toEqual(NO_ROWS);
  });

  it('translates to a where clause that matches nothing when empty', () => {
    expect(rowScopeWhere(ALL_ROWS, { owner: 'ownerRepId', region: 'regionCode' })).toEqual({});
    expect(rowScopeWhere(NO_ROWS, { owner: 'ownerRepId', region: 'regionCode' })).toEqual({ ownerRepId: { $in: [] } });
    expect(rowScopeWhere({ all: false, repIds: ['a'], regionPrefixes: ['CN_1'] }, { owner: 'o', region: 'r' })).toEqual({
      $or: [{ o: { $in: ['a'] } }, { r: 'CN_1' }, { r: { $like: 'CN\\_1-%' } }],
    });
    expect(regionCovered('CN-EAST', ['CN'])).toBe(true);
  });
});
