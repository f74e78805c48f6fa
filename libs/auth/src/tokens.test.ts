import { describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { AuthenticationError, PrincipalSigner, signPrincipal, signUserJwt, verifyPrincipal, verifyUserJwt } from './tokens';
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
});
