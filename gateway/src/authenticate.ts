// Who is calling: the bootstrap admin key or a user JWT. Anything else is refused.
import { AuthenticationError, SCOPES, secretEquals, verifyUserJwt, type Principal } from '@salesgraph/auth';

export interface Authenticator {
  authenticate(authorization: string | undefined): Promise<Principal>;
}

export function createAuthenticator(options: { adminKey?: string; jwtSecret: string; jwtIssuer?: string }): Authenticator {
  const admin: Principal = { subject: 'bootstrap-admin-key', kind: 'api_key', roles: ['admin'], scopes: [...SCOPES] };
  return {
    async authenticate(authorization) {
      if (!authorization) throw new AuthenticationError('missing Authorization header: send "Authorization: Bearer <API key or token>"');
      const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
      if (!match) throw new AuthenticationError('Authorization must use the Bearer scheme');
      const token = match[1]!;
      if (options.adminKey && secretEquals(token, options.adminKey)) return admin;
      if (token.split('.').length === 3) return verifyUserJwt(token, options.jwtSecret, { issuer: options.jwtIssuer });
      throw new AuthenticationError('unknown API key');
    },
  };
}
