// JWTs: user tokens verified at the gateway, and the principal the gateway signs for each subgraph.
import { createHash, timingSafeEqual } from 'node:crypto';
import { SignJWT, createRemoteJWKSet, jwtVerify, errors as joseErrors, type JWTPayload } from 'jose';
import { ROLES, type Principal, type PrincipalKind, type Role, scopesForRoles } from './principal';

export const PRINCIPAL_HEADER = 'x-salesgraph-principal';
export const GATEWAY_ISSUER = 'salesgraph-gateway';

export class AuthenticationError extends Error {
  readonly code = 'UNAUTHENTICATED';
  constructor(message: string) {
    super(message);
    this.name = 'AuthenticationError';
  }
}

const encoder = new TextEncoder();
const keyCache = new Map<string, Uint8Array>();
function hmacKey(secret: string): Uint8Array {
  let key = keyCache.get(secret);
  if (!key) {
    key = encoder.encode(secret);
    keyCache.set(secret, key);
  }
  return key;
}

function describe(e: unknown): string {
  if (e instanceof joseErrors.JWTExpired) return 'token expired';
  if (e instanceof joseErrors.JWTClaimValidationFailed) return `token claim "${e.claim}" invalid`;
  if (e instanceof joseErrors.JOSEAlgNotAllowed) return 'token algorithm not allowed';
  if (e instanceof joseErrors.JWSSignatureVerificationFailed) return 'token signature invalid';
  if (e instanceof joseErrors.JWKSNoMatchingKey) return 'token signed by an unknown key';
  return 'token invalid';
}

export interface UserClaims {
  sub: string;
  roles: Role[];
  repId?: string;
}

/** Development/test helper and the HS256 issuing path; production users come from an IdP. */
export async function signUserJwt(claims: UserClaims, secret: string, options: { expiresIn?: string | number; issuer?: string } = {}): Promise<string> {
  const jwt = new SignJWT({ roles: claims.roles, ...(claims.repId ? { repId: claims.repId } : {}) })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '1h');
  if (options.issuer) jwt.setIssuer(options.issuer);
  return jwt.sign(hmacKey(secret));
}

function userPrincipal(payload: JWTPayload): Principal {
  const roles = Array.isArray(payload.roles) ? payload.roles.filter((r): r is Role => (ROLES as readonly string[]).includes(r as string)) : [];
  if (roles.length === 0) throw new AuthenticationError('token carries no known role');
  return {
    subject: String(payload.sub),
    kind: 'user',
    roles,
    scopes: scopesForRoles(roles),
    ...(typeof payload.repId === 'string' ? { repId: payload.repId } : {}),
  };
}

/** Development: HS256 with a shared secret. */
export async function verifyUserJwt(token: string, secret: string, options: { issuer?: string } = {}): Promise<Principal> {
  try {
    const { payload } = await jwtVerify(token, hmacKey(secret), { algorithms: ['HS256'], issuer: options.issuer, requiredClaims: ['sub', 'exp'] });
    return userPrincipal(payload);
  } catch (e) {
    if (e instanceof AuthenticationError) throw e;
    throw new AuthenticationError(describe(e));
  }
}

export type UserTokenVerifier = (token: string) => Promise<Principal>;

/**
 * Production: RS256 tokens from an identity provider, keys from its JWKS URL (fetched and
 * cached by jose; a new `kid` triggers a refetch, rate-limited).
 */
export function jwksVerifier(jwksUrl: string, options: { issuer?: string; audience?: string } = {}): UserTokenVerifier {
  const keys = createRemoteJWKSet(new URL(jwksUrl), { cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 });
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, keys, { algorithms: ['RS256'], issuer: options.issuer, audience: options.audience, requiredClaims: ['sub', 'exp'] });
      return userPrincipal(payload);
    } catch (e) {
      if (e instanceof AuthenticationError) throw e;
      throw new AuthenticationError(describe(e));
    }
  };
}

/** Constant-time comparison of a presented secret with the expected one. */
export function secretEquals(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

interface PrincipalClaims {
  knd: PrincipalKind;
  rol: Role[];
  scp: string[];
  rep?: string;
  reg?: string[];
}

export async function signPrincipal(principal: Principal, secret: string, audience: string, ttlSeconds = 60): Promise<string> {
  const claims: PrincipalClaims = { knd: principal.kind, rol: principal.roles, scp: principal.scopes };
  if (principal.repId) claims.rep = principal.repId;
  if (principal.regions) claims.reg = principal.regions;
  return new SignJWT({ ...claims })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(principal.subject)
    .setIssuer(GATEWAY_ISSUER)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
    .sign(hmacKey(secret));
}

export async function verifyPrincipal(token: string, secret: string, audience: string): Promise<Principal> {
  try {
    const { payload } = await jwtVerify(token, hmacKey(secret), { algorithms: ['HS256'], issuer: GATEWAY_ISSUER, audience, requiredClaims: ['sub', 'exp'] });
    const c = payload as unknown as PrincipalClaims & { sub: string };
    return {
      subject: c.sub,
      kind: c.knd,
      roles: Array.isArray(c.rol) ? c.rol : [],
      scopes: Array.isArray(c.scp) ? c.scp : [],
      ...(c.rep ? { repId: c.rep } : {}),
      ...(c.reg ? { regions: c.reg } : {}),
    };
  } catch (e) {
    throw new AuthenticationError(`gateway signature rejected: ${describe(e)}`);
  }
}

/**
 * verifyPrincipal with a memory of tokens already verified: the gateway reuses one token per
 * caller and subgraph for half its life, so a subgraph would otherwise repeat the same HMAC
 * and claim checks on every request. A cached token is still refused once its `exp` has
 * passed (then verified afresh, which yields the usual error); only valid tokens are kept.
 */
export class PrincipalVerifier {
  private readonly cache = new Map<string, { principal: Principal; expiresAt: number }>();
  constructor(
    private readonly secret: string,
    private readonly audience: string,
    private readonly maxEntries = 10_000,
  ) {}

  async verify(token: string): Promise<Principal> {
    const hit = this.cache.get(token);
    // jose treats a token as expired when exp <= now (whole seconds, no tolerance).
    if (hit && hit.expiresAt > Math.floor(Date.now() / 1000)) return copyPrincipal(hit.principal);
    if (hit) this.cache.delete(token);
    const principal = await verifyPrincipal(token, this.secret, this.audience);
    const exp = expiryOf(token);
    if (exp !== undefined) {
      if (this.cache.size >= this.maxEntries) this.evict();
      this.cache.set(token, { principal: copyPrincipal(principal), expiresAt: exp });
    }
    return principal;
  }

  private evict(): void {
    const now = Math.floor(Date.now() / 1000);
    for (const [token, entry] of this.cache) if (entry.expiresAt <= now) this.cache.delete(token);
    if (this.cache.size >= this.maxEntries) this.cache.clear();
  }
}

/** Each request gets its own principal object: a resolver that changes it cannot affect others. */
function copyPrincipal(p: Principal): Principal {
  return { ...p, roles: [...p.roles], scopes: [...p.scopes], ...(p.regions ? { regions: [...p.regions] } : {}) };
}

/** The `exp` claim of a token whose signature was just verified. */
function expiryOf(token: string): number | undefined {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof payload.exp === 'number' && Number.isFinite(payload.exp) ? payload.exp : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Signs principals for subgraphs and reuses a token for half its life: signing on every
 * subgraph fetch would put an HMAC and JSON encoding on the gateway's hot path.
 */
export class PrincipalSigner {
  private readonly cache = new Map<string, { token: string; refreshAt: number }>();
  constructor(
    private readonly secret: string,
    private readonly ttlSeconds = 60,
    private readonly maxEntries = 10_000,
  ) {}

  async sign(principal: Principal, audience: string): Promise<string> {
    // Every claim the token carries is in the key: a changed role, scope, rep or region list signs anew.
    const key = JSON.stringify([audience, principal.kind, principal.subject, principal.roles, principal.scopes, principal.repId ?? null, principal.regions ?? null]);
    const now = Date.now();
    const hit = this.cache.get(key);
    if (hit && hit.refreshAt > now) return hit.token;
    const token = await signPrincipal(principal, this.secret, audience, this.ttlSeconds);
    if (this.cache.size >= this.maxEntries) this.cache.clear();
    this.cache.set(key, { token, refreshAt: now + (this.ttlSeconds * 1000) / 2 });
    return token;
  }
}
