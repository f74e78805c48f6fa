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
    // @apollo/gateway sends one representation per occurrence (20 customers of 2 reps → 20
    // SalesRep representations); send each distinct one once and re-expand the answer.
    const representations = options.request.variables?.representations;
    const deduped = Array.isArray(representations) ? dedupeRepresentations(representations) : undefined;
    if (deduped && deduped.unique.length < deduped.indexOf.length) {
      options.request.variables = { ...options.request.variables, representations: deduped.unique };
      const response = await this.processOnce(options);
      return expandEntities(response, deduped.indexOf);
    }
    return this.processOnce(options);
  }

  private async processOnce(options: GraphQLDataSourceProcessOptions<GatewayContext>) {
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

/** Distinct representations (by value) and, for each original position, its index among them. */
export function dedupeRepresentations(representations: unknown[]): { unique: unknown[]; indexOf: number[] } {
  const seen = new Map<string, number>();
  const unique: unknown[] = [];
  const indexOf = representations.map((r) => {
    const key = JSON.stringify(r);
    let i = seen.get(key);
    if (i === undefined) {
      i = unique.length;
      unique.push(r);
      seen.set(key, i);
    }
    return i;
  });
  return { unique, indexOf };
}

type SubgraphResponse = Awaited<ReturnType<RemoteGraphQLDataSource['process']>>;

/** Puts the answers for the distinct representations back at every original position. */
export function expandEntities<R extends SubgraphResponse>(response: R, indexOf: number[]): R {
  const data = response.data as { _entities?: unknown[] } | null | undefined;
  const entities = data?._entities;
  const out = { ...response } as R;
  if (data && Array.isArray(entities)) (out as { data: unknown }).data = { ...data, _entities: indexOf.map((i) => entities[i] ?? null) };
  if (response.errors?.length) {
    const errors = [];
    for (const error of response.errors) {
      const path = error.path;
      if (path && path[0] === '_entities' && typeof path[1] === 'number') {
        // The error belongs to every position that shared the representation.
        indexOf.forEach((u, original) => {
          if (u === path[1]) errors.push({ ...error, path: ['_entities', original, ...path.slice(2)] });
        });
      } else errors.push(error);
    }
    (out as { errors: unknown }).errors = errors;
  }
  return out;
}
