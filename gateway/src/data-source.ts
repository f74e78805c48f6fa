// How the gateway calls a subgraph: a keep-alive pool, a timeout per fetch, the caller's
// principal signed for that subgraph (audience = subgraph name), each distinct entity
// representation sent once, and identical in-flight fetches of one caller shared.
import { GraphQLError } from 'graphql';
import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { PRINCIPAL_HEADER, PrincipalSigner, type Principal } from '@salesgraph/auth';
import type { Caller } from './authenticate';
import type { SubgraphHttpClient, SubgraphHttpResponse } from './subgraph-client';

export interface GatewayContext {
  principal: Principal;
  /** principalKey(principal), computed once per request. */
  principalKey?: string;
  /** How the principal authenticated (key prefix, own rate limit); for the audit log. */
  caller?: Caller;
  /** Forwarded as-is so subgraph metrics can tell client apps apart. */
  clientName?: string;
  clientVersion?: string;
  /**
   * Filled by the observability plugin: what the operation was and how it ended. A holder,
   * because Apollo Server runs the operation on a shallow copy of this context.
   */
  observed?: { outcome?: OperationOutcome };
  /** Start-up warming: plan and validate only; no subgraph is called, nothing is recorded. */
  warming?: boolean;
}

export interface OperationOutcome {
  operation: string;
  type: string;
  codes: string[];
}

/** Everything about a principal that a subgraph's answer may depend on. */
export function principalKey(p: Principal): string {
  return JSON.stringify([p.kind, p.subject, p.roles, p.scopes, p.repId ?? null, p.regions ?? null]);
}

/**
 * Bumped whenever a mutation (or any operation that is not known to be a query) finishes. Part
 * of every sharing key, so a request never joins an execution or fetch that started before a
 * write that finished before the request arrived (read-your-writes; stricter than per caller).
 */
export class WriteEpoch {
  private current = 0;
  get value(): number {
    return this.current;
  }
  bump(): void {
    this.current += 1;
  }
}

type SubgraphResponse = Awaited<ReturnType<GraphQLDataSource['process']>>;

export interface SubgraphDataSourceOptions {
  subgraphName: string;
  url: string;
  signer: PrincipalSigner;
  client: SubgraphHttpClient;
  epoch: WriteEpoch;
  /** Share one answer between identical in-flight query fetches of the same caller. */
  dedupeInflight: boolean;
  onUnavailable?: (subgraph: string, error: unknown) => void;
  /** Called once per fetch that joined an identical one already in flight. */
  onShared?: (subgraph: string) => void;
}

export class SignedSubgraphDataSource implements GraphQLDataSource<GatewayContext> {
  readonly url: string;
  private readonly target: URL;
  private readonly inflight = new Map<string, Promise<SubgraphHttpResponse>>();

  constructor(private readonly options: SubgraphDataSourceOptions) {
    this.url = options.url;
    this.target = new URL(options.url);
  }

  async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<SubgraphResponse> {
    // @apollo/gateway sends one representation per occurrence (20 customers of 2 reps → 20
    // SalesRep representations); send each distinct one once and re-expand the answer.
    const representations = options.request.variables?.representations;
    const deduped = Array.isArray(representations) ? dedupeRepresentations(representations) : undefined;
    if (deduped && deduped.unique.length < deduped.indexOf.length) {
      const response = await this.processOnce(options, { ...options.request.variables, representations: deduped.unique });
      return expandEntities(response, deduped.indexOf);
    }
    return this.processOnce(options, options.request.variables);
  }

  private async processOnce(options: GraphQLDataSourceProcessOptions<GatewayContext>, variables: Record<string, unknown> | undefined): Promise<SubgraphResponse> {
    const { request } = options;
    if (!request.query) throw new Error('Missing query');
    const ctx = (options.context ?? {}) as Partial<GatewayContext>;
    const headers: Record<string, string> = {};
    // Headers the gateway itself asks for (e.g. federated tracing) pass through.
    if (request.http?.headers) for (const [name, value] of request.http.headers) headers[name.toLowerCase()] = value;
    headers['content-type'] = 'application/json';
    if (ctx.principal) {
      headers[PRINCIPAL_HEADER] = await this.options.signer.sign(ctx.principal, this.options.subgraphName);
      if (ctx.clientName) headers['apollographql-client-name'] = ctx.clientName;
      if (ctx.clientVersion) headers['apollographql-client-version'] = ctx.clientVersion;
    }
    const body = JSON.stringify({ query: request.query, variables, operationName: request.operationName, extensions: request.extensions });

    let answer: SubgraphHttpResponse;
    try {
      answer = await this.send(headers, body, ctx, shareable(options));
    } catch (e) {
      throw this.unavailable(e);
    }
    let parsed: unknown;
    try {
      parsed = parseBody(answer);
    } catch (e) {
      throw this.unavailable(e);
    }
    if (answer.status < 200 || answer.status > 299) throw this.fromStatus(answer, parsed);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw this.unavailable(new Error(`Expected JSON response body, but received: ${String(parsed).slice(0, 200)}`));
    if (options.kind === 'incoming operation') restrictCachePolicy(options.incomingRequestContext.overallCachePolicy, answer.headers['cache-control']);
    return parsed as SubgraphResponse;
  }

  private send(headers: Record<string, string>, body: string, ctx: Partial<GatewayContext>, query: boolean): Promise<SubgraphHttpResponse> {
    if (!this.options.dedupeInflight || !query) return this.options.client.post(this.target, headers, body);
    // The signed principal header is refreshed over time; the key uses the identity it encodes.
    const who = ctx.principal ? (ctx.principalKey ?? principalKey(ctx.principal)) : '';
    const key = `${this.options.epoch.value}\n${who}\n${headers['apollographql-client-name'] ?? ''}\n${headers['apollographql-client-version'] ?? ''}\n${headers['apollo-federation-include-trace'] ?? ''}\n${body}`;
    const running = this.inflight.get(key);
    if (running) {
      this.options.onShared?.(this.options.subgraphName);
      return running;
    }
    const started = this.options.client.post(this.target, headers, body);
    this.inflight.set(key, started);
    const forget = () => {
      if (this.inflight.get(key) === started) this.inflight.delete(key);
    };
    started.then(forget, forget);
    return started;
  }

  /** A non-2xx answer: the subgraph's own first GraphQL error when it sent one (code included). */
  private fromStatus(answer: SubgraphHttpResponse, parsed: unknown): GraphQLError {
    const first = (parsed as { errors?: { message: string; extensions?: Record<string, unknown> }[] } | undefined)?.errors?.[0];
    if (first && typeof first.message === 'string') return new GraphQLError(first.message, { extensions: { ...first.extensions, serviceName: this.options.subgraphName } });
    const extensions: Record<string, unknown> = { response: { url: this.url, status: answer.status, statusText: answer.statusText, body: parsed } };
    if (answer.status === 401) extensions.code = 'UNAUTHENTICATED';
    else if (answer.status === 403) extensions.code = 'FORBIDDEN';
    else return this.unavailable(new Error(`${answer.status}: ${answer.statusText}`));
    return new GraphQLError(`${answer.status}: ${answer.statusText}`, { extensions });
  }

  /** Network failures, timeouts, unreadable answers: say which service, not its address. */
  private unavailable(e: unknown): GraphQLError {
    this.options.onUnavailable?.(this.options.subgraphName, e);
    return new GraphQLError(`the ${this.options.subgraphName} service is unavailable`, {
      extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: this.options.subgraphName },
      originalError: e instanceof Error ? e : new Error(String(e)),
    });
  }
}

function parseBody(answer: SubgraphHttpResponse): unknown {
  const type = answer.headers['content-type'];
  if (typeof type === 'string' && (type.startsWith('application/json') || type.startsWith('application/graphql-response+json'))) return JSON.parse(answer.body);
  return answer.body;
}

/**
 * Only query fetches of query operations are shared: never a mutation's fetch, and not the
 * entity fetches that follow a mutation either (they must read the mutation's own write).
 */
function shareable(options: GraphQLDataSourceProcessOptions<GatewayContext>): boolean {
  if (options.kind !== 'incoming operation' || options.incomingRequestContext.operation?.operation !== 'query') return false;
  const head = options.request.query!.trimStart();
  return head.startsWith('{') || /^query\b/.test(head);
}

/** A subgraph's Cache-Control header narrows the operation's cache policy (as RemoteGraphQLDataSource does). */
function restrictCachePolicy(policy: unknown, header: string | string[] | undefined): void {
  if (!policy || typeof (policy as { restrict?: unknown }).restrict !== 'function') return;
  const value = Array.isArray(header) ? header.join(', ') : header;
  const hint: { maxAge: number; scope?: 'PRIVATE' | 'PUBLIC' } = { maxAge: 0 };
  if (value) {
    for (const part of value.trim().split(/\s*,\s*/)) {
      const [k, v] = part.split(/\s*=\s*/, 2) as [string, string | undefined];
      const val = v?.replace(/^"|"$/g, '');
      if (k === 'max-age' && val !== undefined && /^[0-9]+$/.test(val)) hint.maxAge = Number(val);
      else if (k === 'private' && v === undefined) hint.scope = 'PRIVATE';
      else if (k === 'public' && v === undefined) hint.scope = 'PUBLIC';
    }
  }
  (policy as { restrict(h: typeof hint): void }).restrict(hint);
}

/**
 * Identity of a representation: `{ __typename, id }` (the common case) without serialising it;
 * anything else as JSON. The two forms cannot collide: JSON text never holds a raw NUL.
 */
function representationKey(r: unknown): string {
  if (r !== null && typeof r === 'object' && !Array.isArray(r)) {
    const o = r as Record<string, unknown>;
    if (typeof o.__typename === 'string' && typeof o.id === 'string' && Object.keys(o).length === 2) return `${o.__typename}\u0000${o.id}`;
  }
  return JSON.stringify(r);
}

/** Distinct representations (by value) and, for each original position, its index among them. */
export function dedupeRepresentations(representations: unknown[]): { unique: unknown[]; indexOf: number[] } {
  const seen = new Map<string, number>();
  const unique: unknown[] = [];
  const indexOf = representations.map((r) => {
    const key = representationKey(r);
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
