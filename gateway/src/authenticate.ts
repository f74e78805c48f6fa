// Who is calling: the bootstrap admin key, a partner API key, or a user JWT. Anything else is refused.
import { AuthenticationError, jwksVerifier, SCOPES, secretEquals, verifyUserJwt, type Principal, type UserTokenVerifier } from '@salesgraph/auth';
import type { ApiKeyStore } from './access';

export interface Caller {
  principal: Principal;
  /** An API key's own limit; the configured default otherwise. */
  rateLimitPerMinute?: number;
  keyPrefix?: string;
}

export interface Authenticator {
  authenticate(authorization: string | undefined): Promise<Caller>;
}

export function createAuthenticator(options: { adminKey?: string; jwtSecret: string; jwtIssuer?: string; jwksUrl?: string; jwtAudience?: string; keys: ApiKeyStore }): Authenticator {
  const admin: Principal = { subject: 'bootstrap-admin-key', kind: 'api_key', roles: ['admin'], scopes: [...SCOPES] };
  const verifyUser: UserTokenVerifier = options.jwksUrl
    ? jwksVerifier(options.jwksUrl, { issuer: options.jwtIssuer, audience: options.jwtAudience })
    : (token) => verifyUserJwt(token, options.jwtSecret, { issuer: options.jwtIssuer });
  return {
    async authenticate(authorization) {
      if (!authorization) throw new AuthenticationError('missing Authorization header: send "Authorization: Bearer <API key or token>"');
      const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
      if (!match) throw new AuthenticationError('Authorization must use the Bearer scheme');
      const token = match[1]!;
      if (options.adminKey && secretEquals(token, options.adminKey)) return { principal: admin, keyPrefix: 'bootstrap' };
      if (token.startsWith('sgk_')) return options.keys.verify(token);
      if (token.split('.').length === 3) return { principal: await verifyUser(token) };
      throw new AuthenticationError('unknown API key');
    },
  };
}
