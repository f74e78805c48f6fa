// Who is calling: the principal the gateway authenticates and forwards, signed, to subgraphs.

export const ROLES = ['admin', 'sales_director', 'sales_manager', 'sales_rep', 'analyst'] as const;
export type Role = (typeof ROLES)[number];

export const SCOPES = [
  'customers:read',
  'customers:write',
  'orders:read',
  'orders:write',
  'people:read',
  'people:write',
  'risk:read',
  'risk:write',
  'analytics:read',
  'pii:read',
  'admin',
] as const;
export type Scope = (typeof SCOPES)[number];

const READ: Scope[] = ['customers:read', 'orders:read', 'people:read', 'risk:read', 'analytics:read'];

export const ROLE_SCOPES: Record<Role, readonly Scope[]> = {
  admin: SCOPES,
  sales_director: [...READ, 'customers:write', 'orders:write', 'people:write', 'risk:write', 'pii:read'],
  sales_manager: [...READ, 'customers:write', 'orders:write', 'people:write', 'pii:read'],
  sales_rep: ['customers:read', 'customers:write', 'orders:read', 'orders:write', 'people:read', 'risk:read', 'pii:read'],
  analyst: READ,
};

export type PrincipalKind = 'user' | 'api_key' | 'service';

export interface Principal {
  /** Stable id of the caller: a user id, an API key id, or a service name. */
  subject: string;
  kind: PrincipalKind;
  roles: Role[];
  scopes: string[];
  /** The SalesRep a user acts as, for row rules. */
  repId?: string;
  /** Regions an API key is limited to; absent means unrestricted. */
  regions?: string[];
}

export function scopesForRoles(roles: readonly Role[]): string[] {
  const set = new Set<string>();
  for (const role of roles) for (const scope of ROLE_SCOPES[role] ?? []) set.add(scope);
  return [...set].sort();
}

export function hasScopes(principal: Pick<Principal, 'scopes'> | undefined, required: readonly string[]): boolean {
  if (!principal) return false;
  if (principal.scopes.includes('admin')) return true;
  return required.every((s) => principal.scopes.includes(s));
}

export function missingScopes(principal: Pick<Principal, 'scopes'> | undefined, required: readonly string[]): string[] {
  if (principal?.scopes.includes('admin')) return [];
  return required.filter((s) => !principal?.scopes.includes(s));
}
