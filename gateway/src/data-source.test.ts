import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GraphQLError } from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PRINCIPAL_HEADER, PrincipalSigner, verifyPrincipal, type Principal } from '@salesgraph/auth';
import { dedupeRepresentations, expandEntities, SignedSubgraphDataSource, WriteEpoch, type SubgraphDataSourceOptions } from './data-source';
import { SubgraphHttpClient } from './subgraph-client';

describe('entity representation de-duplication', () => {
  it('keeps each distinct representation once and maps every position to it', () => {
    const reps = [{ __typename: 'SalesRep', id: 'a' }, { __typename: 'SalesRep', id: 'b' }, { __typename: 'SalesRep', id: 'a' }, { __typename: 'SalesRep', id: 'a' }];
    const { unique, indexOf } = dedupeRepresentations(reps);
    expect(unique).toEqual([{ __typename: 'SalesRep', id: 'a' }, { __typename: 'SalesRep', id: 'b' }]);
    expect(indexOf).toEqual([0, 1, 0, 0]);
  });

  it('tells representations apart by every field, not only __typename and id', () => {
    const reps = [{ __typename: 'Product', id: 'p1' }, { __typename: 'Product', id: 'p1', sku: 'x' }, { __typename: 'Product', id: 'p1' }, { id: 'p1', __typename: 'Product' }, { __typename: 'Supplier', id: 'p1' }];
    expect(dedupeRepresentations(reps).indexOf).toEqual([0, 1, 0, 0, 2]);
  });

  it('re-expands answers and errors in the original order', () => {
    const response = {
      data: { _entities: [{ name: 'A' }, null] },
      errors: [{ message: 'b is hidden', path: ['_entities', 1, 'name'] }, { message: 'other' }],
    };
    const expanded = expandEntities(response as never, [0, 1, 0, 1]) as typeof response;
    expect(expanded.data._entities).toEqual([{ name: 'A' }, null, { name: 'A' }, null]);
    expect(expanded.errors).toEqual([
      { message: 'b is hidden', path: ['_entities', 1, 'name'] },
      { message: 'b is hidden', path: ['_entities', 3, 'name'] },
      { message: 'other' },
    ]);
  });
});

describe('SignedSubgraphDataSource', () => {
  const secret = 's'.repeat(32);
  const admin: Principal = { subject: 'admin', kind: 'api_key', roles: ['admin'], scopes: ['admin'] };
  const reader: Principal = { subject: 'reader', kind: 'api_key', roles: [], scopes: ['customers:read'] };
  let server: Server;
  let url: string;
  const received: { headers: IncomingHttpHeaders; body: { query: string; variables?: Record<string, unknown> } }[] = [];
  /** What the fake subgraph answers next (status, content type, body), after holdMs. */
  let reply: { status: number; type?: string; body: string; cacheControl?: string; holdMs?: number } = { status: 200, body: '{"data":{"ok":true}}' };
  let client: SubgraphHttpClient;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
        const { status, type = 'application/json; charset=utf-8', body, cacheControl, holdMs = 0 } = reply;
        setTimeout(() => {
          res.writeHead(status, { 'content-type': type, ...(cacheControl ? { 'cache-control': cacheControl } : {}) });
          res.end(body);
        }, holdMs);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterAll(async () => {
    await client?.close();
    server?.close();
  });
  beforeEach(() => {
    received.length = 0;
    reply = { status: 200, body: '{"data":{"ok":true}}' };
  });

  function source(options: Partial<SubgraphDataSourceOptions> = {}) {
    client ??= new SubgraphHttpClient({ timeoutMs: 300, connections: 4 });
    return new SignedSubgraphDataSource({ subgraphName: 'customers', url, signer: new PrincipalSigner(secret), client, epoch: new WriteEpoch(), dedupeInflight: true, ...options });
  }

  function fetchOptions(principal: Principal, query = '{ ok }', extra: { operation?: string; variables?: Record<string, unknown>; clientName?: string; policy?: unknown } = {}) {
    return {
      kind: 'incoming operation',
      request: { query, variables: extra.variables ?? {}, operationName: undefined },
      context: { principal, clientName: extra.clientName, clientVersion: extra.clientName ? '1.2.3' : undefined },
      incomingRequestContext: { operation: { operation: extra.operation ?? 'query' }, overallCachePolicy: extra.policy },
    } as never;
  }

  it('signs the principal for the subgraph and forwards the client name and version', async () => {
    const res = await source().process(fetchOptions(reader, '{ ok }', { clientName: 'erp' }));
    expect(res).toEqual({ data: { ok: true } });
    const { headers, body } = received[0]!;
    expect(await verifyPrincipal(headers[PRINCIPAL_HEADER] as string, secret, 'customers')).toMatchObject({ subject: 'reader', scopes: ['customers:read'] });
    expect(headers).toMatchObject({ 'content-type': 'application/json', 'apollographql-client-name': 'erp', 'apollographql-client-version': '1.2.3' });
    expect(body.query).toBe('{ ok }');
  });

  it('shares one fetch between identical in-flight queries of one principal, never across principals, mutations or writes', async () => {
    reply = { status: 200, body: '{"data":{"ok":true}}', holdMs: 100 };
    const epoch = new WriteEpoch();
    let shared = 0;
    const ds = source({ epoch, onShared: () => (shared += 1) });
    const same = await Promise.all([ds.process(fetchOptions(admin)), ds.process(fetchOptions(admin))]);
    expect(received).toHaveLength(1);
    expect(same[0]).toEqual(same[1]);
    expect(same[0]).not.toBe(same[1]); // each caller gets its own objects (the gateway mutates them)
    expect(shared).toBe(1);

    received.length = 0;
    await Promise.all([ds.process(fetchOptions(admin)), ds.process(fetchOptions(reader))]);
    expect(received).toHaveLength(2);

    received.length = 0;
    await Promise.all([ds.process(fetchOptions(admin, 'mutation { ok }', { operation: 'mutation' })), ds.process(fetchOptions(admin, 'mutation { ok }', { operation: 'mutation' }))]);
    expect(received).toHaveLength(2);

    received.length = 0;
    // Entity fetches that follow a mutation read its write: not shared either.
    await Promise.all([ds.process(fetchOptions(admin, '{ ok }', { operation: 'mutation' })), ds.process(fetchOptions(admin))]);
    expect(received).toHaveLength(2);

    received.length = 0;
    const early = ds.process(fetchOptions(admin));
    while (received.length === 0) await new Promise((r) => setTimeout(r, 5)); // the early fetch is at the subgraph
    epoch.bump();
    await Promise.all([early, ds.process(fetchOptions(admin))]);
    expect(received).toHaveLength(2);

    received.length = 0;
    await Promise.all([source({ dedupeInflight: false }).process(fetchOptions(admin)), ds.process(fetchOptions(admin))]);
    expect(received).toHaveLength(2);
  });

  it('sends each distinct representation once and re-expands the answer', async () => {
    reply = { status: 200, body: '{"data":{"_entities":[{"name":"A"},{"name":"B"}]}}' };
    const reps = [{ __typename: 'SalesRep', id: 'a' }, { __typename: 'SalesRep', id: 'b' }, { __typename: 'SalesRep', id: 'a' }];
    const res = await source().process(fetchOptions(admin, 'query($representations:[_Any!]!){_entities(representations:$representations){...on SalesRep{name}}}', { variables: { representations: reps } }));
    expect(received[0]!.body.variables!.representations).toEqual(reps.slice(0, 2));
    expect(res.data).toEqual({ _entities: [{ name: 'A' }, { name: 'B' }, { name: 'A' }] });
  });

  it('maps failures: the subgraph’s own error, 401/403 codes, and SUBGRAPH_UNAVAILABLE for the rest', async () => {
    const failure = (p: Promise<unknown>) => p.then(() => expect.fail('should fail'), (e: GraphQLError) => e);
    const unavailable: string[] = [];
    const ds = source({ onUnavailable: (s) => unavailable.push(s) });

    reply = { status: 400, body: '{"errors":[{"message":"bad money","extensions":{"code":"BAD_USER_INPUT"}}]}' };
    const own = await failure(ds.process(fetchOptions(admin)));
    expect(own.message).toBe('bad money');
    expect(own.extensions).toEqual({ code: 'BAD_USER_INPUT', serviceName: 'customers' });

    reply = { status: 401, body: 'no' , type: 'text/plain' };
    expect((await failure(ds.process(fetchOptions(admin)))).extensions.code).toBe('UNAUTHENTICATED');
    reply = { status: 403, body: '{}' };
    expect((await failure(ds.process(fetchOptions(admin)))).extensions.code).toBe('FORBIDDEN');

    for (const r of [{ status: 502, body: 'bad gateway', type: 'text/plain' }, { status: 200, body: 'not json', type: 'text/plain' }, { status: 200, body: '{broken', type: 'application/json' }, { status: 200, body: '{}', holdMs: 1_000 }]) {
      reply = r;
      const e = await failure(ds.process(fetchOptions(admin)));
      expect(e.message).toBe('the customers service is unavailable');
      expect(e.extensions).toEqual({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'customers' });
    }
    const refused = await failure(source({ url: 'http://127.0.0.1:1/graphql' }).process(fetchOptions(admin)));
    expect(refused.extensions.code).toBe('SUBGRAPH_UNAVAILABLE');
    expect(unavailable.length).toBeGreaterThanOrEqual(4);
  });

  it('narrows the operation’s cache policy by the subgraph’s Cache-Control', async () => {
    const hints: unknown[] = [];
    const policy = { restrict: (h: unknown) => hints.push(h) };
    reply = { status: 200, body: '{"data":{"ok":true}}', cacheControl: 'max-age=30, private' };
    await source().process(fetchOptions(admin, '{ ok }', { policy }));
    reply = { status: 200, body: '{"data":{"ok":true}}' };
    await source().process(fetchOptions(admin, '{ ok }', { policy }));
    expect(hints).toEqual([{ maxAge: 30, scope: 'PRIVATE' }, { maxAge: 0 }]);
  });
});
