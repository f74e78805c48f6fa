import { afterEach, describe, expect, it, vi } from 'vitest';
import { createServer } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT, type KeyLike } from 'jose';
import { AuthenticationError, jwksVerifier, PrincipalSigner, PrincipalVerifier, signPrincipal, signUserJwt, verifyPrincipal, verifyUserJwt } from './tokens';
import type { Principal } from './principal';

const secret = 's'.repeat(40);
const principal: Principal = { subject: 'u1', kind: 'user', roles: ['sales_rep'], scopes: ['customers:read'], repId: 'r1' };

describe('user JWT', () => {
  it('maps roles to scopes', async () => {
    const p = await verifyUserJwt(await signUserJwt({ sub: 'u1', roles: ['analyst'] }, secret), secret);
    expect(p).toMatchObject({ subject: 'u1', kind: 'user', roles: ['analyst'] });
    expect(p.scopes).toContain('customers:read');
    expect(p.scopes).not.toContain('customers:write');
  });

  it('refuses expired, alg none, wrong secret and role-less tokens', async () => {
    const expired = await signUserJwt({ sub: 'u1', roles: ['admin'] }, secret, { expiresIn: Math.floor(Date.now() / 1000) - 10 });
    await expect(verifyUserJwt(expired, secret)).rejects.toThrow('token expired');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'u1', roles: ['admin'], exp: 9999999999 })).toString('base64url')}.`;
    await expect(verifyUserJwt(none, secret)).rejects.toBeInstanceOf(AuthenticationError);
    const other = await signUserJwt({ sub: 'u1', roles: ['admin'] }, 'o'.repeat(40));
    await expect(verifyUserJwt(other, secret)).rejects.toThrow('token signature invalid');
    const noRoles = await new SignJWT({ roles: ['wizard'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('u1').setExpirationTime('1h').sign(new TextEncoder().encode(secret));
    await expect(verifyUserJwt(noRoles, secret)).rejects.toThrow('no known role');
  });
});

describe('gateway-signed principal', () => {
  it('round-trips for the right audience only', async () => {
    const token = await signPrincipal(principal, secret, 'customers');
    expect(await verifyPrincipal(token, secret, 'customers')).toEqual(principal);
    await expect(verifyPrincipal(token, secret, 'orders')).rejects.toThrow(/claim "aud"/);
    await expect(verifyPrincipal(token, 'x'.repeat(40), 'customers')).rejects.toThrow(/signature/);
  });

  it('refuses an expired signature', async () => {
    const token = await signPrincipal(principal, secret, 'customers', -5);
    await expect(verifyPrincipal(token, secret, 'customers')).rejects.toThrow('token expired');
  });

  it('reuses a cached token per principal and audience', async () => {
    const signer = new PrincipalSigner(secret);
    const a = await signer.sign(principal, 'customers');
    expect(await signer.sign({ ...principal }, 'customers')).toBe(a);
    expect(await signer.sign(principal, 'people')).not.toBe(a);
    expect(await signer.sign({ ...principal, scopes: ['admin'] }, 'customers')).not.toBe(a);
  });

  it('signs anew when any claim changes: roles, rep or regions', async () => {
    const signer = new PrincipalSigner(secret);
    const a = await signer.sign(principal, 'customers');
    for (const changed of [{ ...principal, roles: ['admin' as const] }, { ...principal, repId: 'r-2' }, { ...principal, regions: ['CN-EAST'] }]) {
      const token = await signer.sign(changed, 'customers');
      expect(token).not.toBe(a);
      expect(await verifyPrincipal(token, secret, 'customers')).toEqual(changed);
    }
  });
});

describe('PrincipalVerifier (verified tokens remembered until they expire)', () => {
  afterEach(() => vi.useRealTimers());

  it('answers a repeated token like verifyPrincipal, with its own copy of the principal', async () => {
    const verifier = new PrincipalVerifier(secret, 'customers');
    const token = await signPrincipal({ ...principal, regions: ['CN-E'] }, secret, 'customers');
    const first = await verifier.verify(token);
    expect(first).toEqual({ ...principal, regions: ['CN-E'] });
    first.scopes.push('admin');
    first.regions!.length = 0;
    expect(await verifier.verify(token)).toEqual({ ...principal, regions: ['CN-E'] });
  });

  it('refuses what verifyPrincipal refuses, cached or not', async () => {
    const verifier = new PrincipalVerifier(secret, 'customers');
    await expect(verifier.verify(await signPrincipal(principal, secret, 'orders'))).rejects.toThrow(/claim "aud"/);
    await expect(verifier.verify(await signPrincipal(principal, 'x'.repeat(40), 'customers'))).rejects.toThrow(/signature/);
    await expect(verifier.verify(await signPrincipal(principal, secret, 'customers', -5))).rejects.toThrow('token expired');
    const token = await signPrincipal(principal, secret, 'customers');
    await verifier.verify(token);
    // One character changed in the signature: a different string, verified afresh and refused.
    const tampered = token.slice(0, -2) + (token.at(-2) === 'A' ? 'B' : 'A') + token.at(-1);
    await expect(verifier.verify(tampered)).rejects.toThrow(AuthenticationError);
  });

  it('refuses a cached token once its exp has passed, with the usual error', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-28T00:00:00Z'));
    const verifier = new PrincipalVerifier(secret, 'customers');
    const token = await signPrincipal(principal, secret, 'customers', 60);
    expect(await verifier.verify(token)).toEqual(principal);
    vi.setSystemTime(new Date('2026-11-28T00:00:59Z'));
    expect(await verifier.verify(token)).toEqual(principal);
    vi.setSystemTime(new Date('2026-11-28T00:01:00Z'));
    await expect(verifier.verify(token)).rejects.toThrow('gateway signature rejected: token expired');
  });

  it('stays bounded', async () => {
    const verifier = new PrincipalVerifier(secret, 'customers', 2);
    const tokens = await Promise.all(['a', 'b', 'c'].map((s) => signPrincipal({ ...principal, subject: s }, secret, 'customers')));
    for (const t of tokens) await verifier.verify(t);
    expect((verifier as unknown as { cache: Map<string, unknown> }).cache.size).toBeLessThanOrEqual(2);
    expect((await verifier.verify(tokens[0]!)).subject).toBe('a');
  });
});

describe('RS256 user tokens from a JWKS URL', () => {
  it('accepts tokens signed by a published key and refuses others, HS256 and alg none included', async () => {
    const idp = await generateKeyPair('RS256');
    const stranger = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(idp.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    const server = createServer((_, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const { port } = server.address() as { port: number };
    try {
      const verify = jwksVerifier(`http://127.0.0.1:${port}/.well-known/jwks.json`, { issuer: 'https://idp.example', audience: 'salesgraph' });
      const sign = (key: KeyLike | Uint8Array, alg: string, claims: Record<string, unknown> = {}) =>
        new SignJWT({ roles: ['sales_manager'], ...claims }).setProtectedHeader({ alg, kid: 'k1' }).setSubject('u-42').setIssuer('https://idp.example').setAudience('salesgraph').setExpirationTime('5m').sign(key);
      const p = await verify(await sign(idp.privateKey, 'RS256'));
      expect(p).toMatchObject({ subject: 'u-42', kind: 'user', roles: ['sales_manager'] });
      expect(p.scopes).toContain('orders:write');
      await expect(verify(await sign(stranger.privateKey, 'RS256'))).rejects.toThrow('token signature invalid');
      await expect(verify(await sign(new TextEncoder().encode(secret), 'HS256'))).rejects.toThrow(AuthenticationError);
      const none = `${Buffer.from(JSON.stringify({ alg: 'none', kid: 'k1' })).toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'u', roles: ['admin'], exp: 9999999999, iss: 'https://idp.example', aud: 'salesgraph' })).toString('base64url')}.`;
      await expect(verify(none)).rejects.toThrow(AuthenticationError);
      const wrongAudience = await new SignJWT({ roles: ['admin'] }).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setSubject('u').setIssuer('https://idp.example').setAudience('other').setExpirationTime('5m').sign(idp.privateKey);
      await expect(verify(wrongAudience)).rejects.toThrow(/claim "aud"/);
    } finally {
      server.close();
    }
  });
});
