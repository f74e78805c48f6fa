// How the gateway calls a subgraph: a keep-alive pool, a timeout per fetch, and the
// caller's principal signed for that subgraph (audience = subgraph name).
import { GraphQLError } from 'graphql';
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { Agent, fetch as undiciFetch } from 'undici';
import { PRINCIPAL_HEADER, PrincipalSigner, type Principal } from '@salesgraph/auth';
import type { Caller } from './authenticate';

export interface GatewayContext {
  principal: Principal;
  /** How the principal authenticated (key prefix, own rate limit); for the audit log. */
  caller?: Caller;
  /** Forwarded as-is so subgraph metrics can tell client apps apart. */
  clientName?: string;
  clientVersion?: string;
}

type Fetcher = NonNullable<ConstructorParameters<typeof RemoteGraphQLDataSource>[0]>['fetcher'];

export function createSubgraphFetcher(options: { timeoutMs: number; connections: number }): { fetcher: Fetcher; close(): Promise<void> } {
  const agent = new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 120_000, connections: options.connections });
  const fetcher = ((url: string, init: Record<string, unknown>) =>
    undiciFetch(url, { ...(init as object), dispatcher: agent, signal: AbortSignal.timeout(options.timeoutMs) })) as unknown as Fetcher;
  return { fetcher, close: () => agent.close() };
}

export class SignedSubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    private readonly subgraphName: string,
    url: string,
    private readonly signer: PrincipalSigner,
    fetcher: Fetcher,
    private readonly onUnavailable?: (subgraph: string, error: unknown) => void,
  ) {
    super({ url, fetcher });
  }

  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    const ctx = context as Partial<GatewayContext>;
    if (!ctx.principal || !request.http) return;
    request.http.headers.set(PRINCIPAL_HEADER, await this.signer.sign(ctx.principal, this.subgraphName));
    if (ctx.clientName) request.http.headers.set('apollographql-client-name', ctx.clientName);
    if (ctx.clientVersion) request.http.headers.set('apollographql-client-version', ctx.clientVersion);
  }

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>) {
    try {
      return await super.process(options);
    } catch (e) {
      // A non-2xx answer that carries GraphQL errors (e.g. 400 for a variable the subgraph's
      // scalar refused) is the subgraph speaking: pass its first error on, code included.
      const answered = (e as GraphQLError).extensions?.response as { body?: { errors?: { message: string; extensions?: Record<string, unknown> }[] } } | undefined;
      const first = answered?.body?.errors?.[0];
      if (first) throw new GraphQLError(first.message, { extensions: { ...first.extensions, serviceName: this.subgraphName } });
      if (e instanceof GraphQLError && e.extensions?.code && e.extensions.code !== 'INTERNAL_SERVER_ERROR') throw e;
      // Network failures and timeouts: say which service, not its address.
      this.onUnavailable?.(this.subgraphName, e);
      throw new GraphQLError(`the ${this.subgraphName} service is unavailable`, {
        extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: this.subgraphName },
        originalError: e as Error,
      });
    }
  }
}
