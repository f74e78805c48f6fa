// Partner API keys (shown once, hashed, scoped, expiring, revocable, rotatable, rate-limited)
// and the audit log, through the gateway on both adapter setups.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropDatabase } from '@salesgraph/db';
import { accessDatabaseName, ApiKeyRecord } from '@salesgraph/gateway';
import { NatsBus } from '@salesgraph/events';
import { startPlatform, type RunningPlatform } from '@salesgraph/platform';
import { databaseNameFor } from '@salesgraph/service';
import { adapterMatrix, bearer, eventually, graphql, TEST_ADMIN_KEY, TEST_JWT_SECRET, TEST_SECRET, tempDir, testNamespace } from '@salesgraph/testing';

const admin = bearer(TEST_ADMIN_KEY);
const CREATE_KEY = 'mutation CreateKey($input: CreateApiKeyInput!) { createApiKey(input: $input) { key apiKey { id prefix scopes allowedRegions rateLimitPerMinute expiresAt revokedAt } } }';
const COUNT = '{ customers(first: 0) { totalCount } }';

describe.each(adapterMatrix())('API keys and audit log ($label)', (setup) => {
  let platform: RunningPlatform;
  let url: string;
  const namespace = testNamespace();
  const dir = tempDir();

  beforeAll(async () => {
    platform = await startPlatform({
      env: 'test',
      databaseUrl: setup.databaseUrl,
      natsUrl: setup.natsUrl,
      redisUrl: setup.redisUrl,
      dataDir: dir.path,
      namespace,
      internalSecret: TEST_SECRET,
      jwtSecret: TEST_JWT_SECRET,
      adminKey: TEST_ADMIN_KEY,
      gatewayPort: 0,
      subgraphPorts: 'random',
      logLevel: 'silent',
      only: ['customers', 'people'],
      rateLimitPerMinute: 100_000,
    });
    url = platform.gatewayUrl;
  });

  afterAll(async () => {
    await platform?.close();
    for (const name of ['customers', 'people'] as const) await dropDatabase({ databaseUrl: setup.databaseUrl, databaseName: databaseNameFor(name, namespace), dataDir: dir.path });
    await dropDatabase({ databaseUrl: setup.databaseUrl, databaseName: accessDatabaseName(namespace), dataDir: dir.path });
    if (setup.natsUrl) {
      const bus = await NatsBus.connect({ url: setup.natsUrl, namespace, name: 'cleanup' });
      await bus.deleteNamespace();
      await bus.close();
    }
    dir.remove();
  });

  async function createKey(input: Record<string, unknown>): Promise<{ key: string; apiKey: { id: string; prefix: string } }> {
    const res = await graphql<{ createApiKey: { key: string; apiKey: { id: string; prefix: string } } }>(url, CREATE_KEY, { input }, admin);
    expect(res.body.errors).toBeUndefined();
    return res.body.data!.createApiKey;
  }

  it('shows a key once, stores only its hash, and lists it by prefix', async () => {
    const created = await createKey({ name: 'ERP connector', scopes: ['customers:read'], allowedRegions: ['cn-east'] });
    expect(created.key).toMatch(/^sgk_[0-9A-Za-z]{38}$/);
    expect(created.apiKey).toMatchObject({ prefix: created.key.slice(0, 12), scopes: ['customers:read'], allowedRegions: ['CN-EAST'] });
    const list = await graphql<{ apiKeys: { edges: { node: Record<string, unknown> }[] } }>(url, '{ apiKeys(first: 50) { edges { node { id name prefix scopes } } } }', {}, admin);
    const listed = list.body.data!.apiKeys.edges.map((e) => e.node).find((n) => n.id === created.apiKey.id);
    expect(listed).toEqual({ id: created.apiKey.id, name: 'ERP connector', prefix: created.key.slice(0, 12), scopes: ['customers:read'] });
    expect(JSON.stringify(list.body)).not.toContain(created.key);
    // The database holds no plaintext key.
    const rows = await platform.gateway.orm.em.fork().find(ApiKeyRecord, {});
    const dump = JSON.stringify(rows);
    expect(dump).toContain(created.key.slice(0, 12));
    expect(dump).not.toContain(created.key);
    expect(dump).not.toContain(created.key.slice(12, 30));
    if (!setup.databaseUrl) {
      const files = readdirSync(dir.path).filter((f) => f.startsWith(accessDatabaseName(namespace)));
      await platform.gateway.orm.em.getConnection().execute('pragma wal_checkpoint(truncate)');
      for (const f of files) expect(readFileSync(join(dir.path, f)).includes(Buffer.from(created.key.slice(12, 30)))).toBe(false);
    }
  });

  it('limits a key to its scopes', async () => {
    const { key } = await createKey({ name: 'read only', scopes: ['customers:read'] });
    const read = await graphql(url, COUNT, {}, bearer(key));
    expect(read.status).toBe(200);
    expect(read.body.errors).toBeUndefined();
    const write = await graphql(url, 'mutation { createCustomer(input: { name: "X", kind: COMPANY, regionCode: "CN-EAST", ownerRepId: "01900000-0000-7000-8000-000000000001" }) { id } }', {}, bearer(key));
    expect(write.body.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const manage = await graphql(url, '{ apiKeys { totalCount } }', {}, bearer(key));
    expect(manage.body.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const mint = await graphql(url, CREATE_KEY, { input: { name: 'escalate', scopes: ['admin'] } }, bearer(key));
    expect(mint.body.errors![0]!.extensions!.code).toBe('FORBIDDEN');
  });

  it('refuses a revoked key within 5 seconds, and malformed or unknown keys at once', async () => {
    const { key, apiKey } = await createKey({ name: 'to revoke', scopes: ['customers:read'] });
    expect((await graphql(url, COUNT, {}, bearer(key))).status).toBe(200);
    const revoked = await graphql<{ revokeApiKey: { revokedAt: string } }>(url, 'mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }', { id: apiKey.id }, admin);
    expect(revoked.body.data!.revokeApiKey.revokedAt).toBeTruthy();
    const started = Date.now();
    const refusal = await eventually(async () => {
      const res = await graphql(url, COUNT, {}, bearer(key));
      return res.status === 401 ? res : undefined;
    }, 5_000);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(refusal.body.errors![0]!.message).toBe('API key revoked');
    const typo = `${key.slice(0, 20)}${key[20] === 'a' ? 'b' : 'a'}${key.slice(21)}`;
    expect((await graphql(url, COUNT, {}, bearer(typo))).status).toBe(401);
    expect((await graphql(url, COUNT, {}, bearer('sgk_0123456789'))).body.errors![0]!.message).toBe('unknown API key');
  });

  it('rotates a key with an overlap, and expires keys', async () => {
    const { key: oldKey, apiKey } = await createKey({ name: 'rotating', scopes: ['customers:read'], rateLimitPerMinute: 1000 });
    const rotated = await graphql<{ rotateApiKey: { key: string; apiKey: { rotatedFrom: string; rateLimitPerMinute: number } } }>(
      url,
      'mutation($id: ID!, $until: DateTime) { rotateApiKey(id: $id, overlapUntil: $until) { key apiKey { rotatedFrom rateLimitPerMinute } } }',
      { id: apiKey.id, until: new Date(Date.now() + 1_500).toISOString() },
      admin,
    );
    const successor = rotated.body.data!.rotateApiKey;
    expect(successor.apiKey).toEqual({ rotatedFrom: apiKey.id, rateLimitPerMinute: 1000 });
    expect((await graphql(url, COUNT, {}, bearer(oldKey))).status).toBe(200);
    expect((await graphql(url, COUNT, {}, bearer(successor.key))).status).toBe(200);
    const expired = await eventually(async () => {
      const res = await graphql(url, COUNT, {}, bearer(oldKey));
      return res.status === 401 ? res : undefined;
    }, 8_000);
    expect(expired.body.errors![0]!.message).toBe('API key expired');
    expect((await graphql(url, COUNT, {}, bearer(successor.key))).status).toBe(200);
  });

  it("applies a key's own rate limit", async () => {
    const { key } = await createKey({ name: 'slow partner', scopes: ['customers:read'], rateLimitPerMinute: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await graphql(url, COUNT, {}, bearer(key))).status);
    expect(statuses).toEqual([200, 200, 429]);
  });

  it('refuses bad key input naming the field and writes nothing', async () => {
    const before = await graphql<{ apiKeys: { totalCount: number } }>(url, '{ apiKeys(includeRevoked: true) { totalCount } }', {}, admin);
    for (const [input, field] of [
      [{ name: 'x', scopes: ['customers:fly'] }, 'scopes'],
      [{ name: 'x', scopes: [] }, 'scopes'],
      [{ name: ' ', scopes: ['admin'] }, 'name'],
      [{ name: 'x', scopes: ['admin'], expiresAt: '2001-01-01T00:00:00Z' }, 'expiresAt'],
      [{ name: 'x', scopes: ['admin'], allowedRegions: ['east!'] }, 'allowedRegions'],
      [{ name: 'x', scopes: ['admin'], rateLimitPerMinute: 0 }, 'rateLimitPerMinute'],
    ] as const) {
      const res = await graphql(url, CREATE_KEY, { input }, admin);
      expect(res.body.errors?.[0]?.extensions, JSON.stringify(input)).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    const after = await graphql<{ apiKeys: { totalCount: number } }>(url, '{ apiKeys(includeRevoked: true) { totalCount } }', {}, admin);
    expect(after.body.data!.apiKeys.totalCount).toBe(before.body.data!.apiKeys.totalCount);
    const missing = await graphql(url, 'mutation { revokeApiKey(id: "01900000-0000-7000-8000-000000000009") { id } }', {}, admin);
    expect(missing.body.errors![0]!.extensions!.code).toBe('NOT_FOUND');
  });

  it('audits every mutation and every refusal, with secrets and personal data redacted', async () => {
    const hire = await graphql(url, 'mutation HireForAudit($input: HireSalesRepInput!) { hireSalesRep(input: $input) { id } }', { input: { name: 'Audit Me', email: `audit.${namespace}@example.com`, regionCode: 'CN-EAST' } }, admin);
    expect(hire.body.errors).toBeUndefined();
    expect((await graphql(url, COUNT)).status).toBe(401);
    const { key } = await createKey({ name: 'denied', scopes: ['customers:read'] });
    await graphql(url, 'mutation Sneak { createCustomer(input: { name: "X", kind: COMPANY, regionCode: "CN-EAST", ownerRepId: "01900000-0000-7000-8000-000000000001" }) { id } }', {}, bearer(key));
    type Rec = { operation: string | null; outcome: string; principal: string; principalKind: string; keyPrefix: string | null; variables: string | null; errorCodes: string[] };
    const records = await eventually(async () => {
      const res = await graphql<{ auditLog: { edges: { node: Rec }[] } }>(
        url,
        '{ auditLog(first: 100) { edges { node { operation operationType outcome principal principalKind keyPrefix variables errorCodes at } } } }',
        {},
        admin,
      );
      const nodes = res.body.data?.auditLog.edges.map((e) => e.node) ?? [];
      return nodes.some((n) => n.operation === 'Sneak') && nodes.some((n) => n.operation === 'HireForAudit') ? nodes : undefined;
    });
    const hired = records.find((r) => r.operation === 'HireForAudit')!;
    expect(hired).toMatchObject({ outcome: 'SUCCESS', principal: 'bootstrap-admin-key', principalKind: 'api_key' });
    expect(JSON.parse(hired.variables!)).toEqual({ input: { name: 'Audit Me', email: '[redacted]', regionCode: 'CN-EAST' } });
    expect(records.find((r) => r.operation === 'Sneak')).toMatchObject({ outcome: 'DENIED', principalKind: 'api_key', keyPrefix: key.slice(0, 12), errorCodes: ['FORBIDDEN'] });
    expect(records.some((r) => r.principal === 'anonymous' && r.outcome === 'DENIED' && r.errorCodes.includes('UNAUTHENTICATED'))).toBe(true);
    const filtered = await graphql<{ auditLog: { edges: { node: Rec }[] } }>(url, '{ auditLog(filter: { outcome: DENIED, principal: "anonymous" }) { edges { node { principal outcome } } } }', {}, admin);
    expect(filtered.body.data!.auditLog.edges.length).toBeGreaterThan(0);
    for (const e of filtered.body.data!.auditLog.edges) expect(e.node).toEqual({ principal: 'anonymous', outcome: 'DENIED' });
    // Only admins read it.
    expect((await graphql(url, '{ auditLog { totalCount } }', {}, bearer(key))).body.errors![0]!.extensions!.code).toBe('FORBIDDEN');
  });
});
