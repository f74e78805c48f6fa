// Row rules: which customers, opportunities and orders a caller may see and change.
// A rep: their own. A manager: their own and their direct reports'. A director: their
// region and every region under it. An API key with allowedRegions: those regions.
// Admins and analysts (read-only by scope): everything.
//
// Region codes are hierarchical by prefix: "CN" covers "CN-EAST" and "CN-EAST-SH".
import type { Principal } from './principal';

export interface RepProfile {
  repId: string;
  teamId: string | null;
  regionCode: string;
  managerId: string | null;
  active: boolean;
}

export type RowScope = { all: true } | { all: false; repIds: string[]; regionPrefixes: string[] };

export const ALL_ROWS: RowScope = { all: true };
export const NO_ROWS: RowScope = { all: false, repIds: [], regionPrefixes: [] };

/**
 * @param self   the rep the user acts as (from the local rep directory), if known
 * @param reports reps whose manager is `self`
 */
export function rowScopeFor(principal: Principal, self: RepProfile | undefined, reports: RepProfile[]): RowScope {
  if (principal.kind === 'service') return ALL_ROWS;
  if (principal.kind === 'api_key') {
    return principal.regions && principal.regions.length ? { all: false, repIds: [], regionPrefixes: [...principal.regions] } : ALL_ROWS;
  }
  const roles = new Set(principal.roles);
  if (roles.has('admin') || roles.has('analyst')) return ALL_ROWS;
  const repIds = new Set<string>();
  const regions = new Set<string>();
  const me = principal.repId;
  if (me && (roles.has('sales_rep') || roles.has('sales_manager') || roles.has('sales_director'))) repIds.add(me);
  if (me && roles.has('sales_manager')) for (const r of reports) repIds.add(r.repId);
  if (roles.has('sales_director') && self) regions.add(self.regionCode);
  return { all: false, repIds: [...repIds].sort(), regionPrefixes: [...regions].sort() };
}

export function regionCovered(regionCode: string, prefixes: readonly string[]): boolean {
  return prefixes.some((p) => regionCode === p || regionCode.startsWith(`${p}-`));
}

export function canSeeRow(scope: RowScope, row: { ownerRepId: string; regionCode: string }): boolean {
  if (scope.all) return true;
  return scope.repIds.includes(row.ownerRepId) || regionCovered(row.regionCode, scope.regionPrefixes);
}

/** A MikroORM-style where clause for the scope (an empty $in matches nothing). */
export function rowScopeWhere(scope: RowScope, fields: { owner: string; region: string }): Record<string, unknown> {
  if (scope.all) return {};
  const or: Record<string, unknown>[] = [];
  if (scope.repIds.length) or.push({ [fields.owner]: { $in: scope.repIds } });
  for (const p of scope.regionPrefixes) {
    or.push({ [fields.region]: p });
    or.push({ [fields.region]: { $like: `${p.replace(/[%_\\]/g, '\\$&')}-%` } });
  }
  return or.length ? { $or: or } : { [fields.owner]: { $in: [] } };
}
