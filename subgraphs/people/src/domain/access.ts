// Row rule for a rep's private records (commissions, appraisals): the rep, their manager (direct
// or as team manager), and roles that oversee everyone. API keys and services go by scopes alone.

export interface Viewer {
  kind: string;
  roles: readonly string[];
  repId?: string;
}

const OVERSEERS = ['admin', 'sales_director', 'analyst'];

export function canSeePrivate(viewer: Viewer, rep: { id: string; managerId?: string | null }, teamManagerId: string | null): boolean {
  if (viewer.kind !== 'user') return true;
  if (viewer.roles.some((r) => OVERSEERS.includes(r))) return true;
  if (!viewer.repId) return false;
  if (viewer.repId === rep.id) return true;
  if (viewer.roles.includes('sales_manager')) return rep.managerId === viewer.repId || teamManagerId === viewer.repId;
  return false;
}
