// Graceful shutdown under load, with real processes: on SIGTERM a service fails readiness at
// once, keeps serving through SHUTDOWN_DELAY_MS (while Kubernetes removes it from the
// Service), then drains in-flight requests, flushes its outbox and exits 0. No request fails.
import autocannon from 'autocannon';
import { describe, expect, it } from 'vitest';
import { dropDatabase } from '@salesgraph/db';
import { NatsBus } from '@salesgraph/events';
import { accessDatabaseName } from '@salesgraph/gateway';
import { databaseNameFor } from '@salesgraph/service';
import { bearer, eventually, graphql, TEST_ADMIN_KEY, TEST_JWT_SECRET, TEST_SECRET, tempDir, testNamespace } from '@salesgraph/testing';
import { baseEnv, freePort, spawnService, stopChild, tcpReachable, waitReady, type Child } from './support/processes';

const NATS_URL = process.env.NATS_URL || 'nats://127.0.0.1:4222';
const DATABASE_URL = process.env.DATABASE_URL || undefined;
const DELAY_MS = 2_500;

interface Load {
  stop(): Promise<{ ok: number; failed: number; errors: number; bodiesWithErrors: number }>;
}

function startLoad(url: string, body: string): Load {
  let bodiesWithErrors = 0;
  let finish: (r: autocannon.Result) => void = () => undefined;
  const done = new Promise<autocannon.Result>((resolve) => (finish = resolve));
  const instance = autocannon(
    {
    url,
    connections: 8,
    duration: 60,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_ADMIN_KEY}` },
    requests: [
      {
        body,
        onResponse: (status: number, resBody: string) => {
          if (status === 200 && resBody.includes('"errors"')) bodiesWithErrors += 1;
        },
      },
    ],
    },
    (err, result) => {
      if (err) throw err;
      finish(result);
    },
  );
  return {
    async stop() {
      instance.stop();
      const r = await done;
      return { ok: r['2xx'], failed: r.non2xx, errors: r.errors + r.timeouts, bodiesWithErrors };
    },
  };
}

describe('graceful shutdown under load', () => {
  it('fails readiness, keeps serving through the delay, drains, flushes the outbox and exits 0', async (ctx) => {
    if (!(await tcpReachable(NATS_URL))) ctx.skip();
    const namespace = testNamespace();
    const dir = tempDir();
    const [customersPort, peoplePort, gatewayPort] = [await freePort(), await freePort(), await freePort()];
    const common = {
      ...baseEnv(),
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      NATS_URL,
      ...(DATABASE_URL ? { DATABASE_URL } : {}),
      SALESGRAPH_NAMESPACE: namespace,
      SALESGRAPH_DATA_DIR: dir.path,
      SALESGRAPH_INTERNAL_SECRET: TEST_SECRET,
      SALESGRAPH_JWT_SECRET: TEST_JWT_SECRET,
      SALESGRAPH_ADMIN_KEY: TEST_ADMIN_KEY,
      MIGRATE_ON_START: 'true',
      HOST: '127.0.0.1',
      SHUTDOWN_DELAY_MS: String(DELAY_MS),
      SHUTDOWN_GRACE_MS: '5000',
      RATE_LIMIT_PER_MINUTE: '1000000',
      APOLLO_TELEMETRY_DISABLED: 'true',
    };
    const children: Child[] = [];
    try {
      const customers = spawnService('customers', { ...common, PORT: String(customersPort) });
      const people = spawnService('people', { ...common, PORT: String(peoplePort) });
      children.push(customers, people);
      await waitReady(customers, `http://127.0.0.1:${customersPort}/readyz`);
      await waitReady(people, `http://127.0.0.1:${peoplePort}/readyz`);
      const gateway = spawnService('gateway', {
        ...common,
        PORT: String(gatewayPort),
        CUSTOMERS_URL: `http://127.0.0.1:${customersPort}/graphql`,
        PEOPLE_URL: `http://127.0.0.1:${peoplePort}/graphql`,
      });
      children.push(gateway);
      await waitReady(gateway, `http://127.0.0.1:${gatewayPort}/readyz`);
      const url = `http://127.0.0.1:${gatewayPort}/graphql`;

      const rep = await graphql<{ hireSalesRep: { id: string } }>(url, 'mutation($i: HireSalesRepInput!) { hireSalesRep(input: $i) { id } }', { i: { name: 'Drain Test', email: `drain.${namespace}@example.com`, regionCode: 'CN-EAST' } }, bearer(TEST_ADMIN_KEY));
      const repId = rep.body.data!.hireSalesRep.id;
      const query = JSON.stringify({ query: '{ customers(first: 5) { totalCount edges { node { id name } } } }' });

      // 1. SIGTERM to a subgraph under load through the gateway.
      let load = startLoad(url, query);
      await new Promise((r) => setTimeout(r, 500));
      // A change committed just before SIGTERM still reaches its consumer: the outbox is flushed.
      const created = await graphql(url, 'mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id } }', { i: { name: 'Last Before Shutdown', kind: 'COMPANY', regionCode: 'CN-EAST', ownerRepId: repId } }, bearer(TEST_ADMIN_KEY));
      expect(created.body.errors).toBeUndefined();
      customers.process.kill('SIGTERM');
      await eventually(async () => ((await fetch(`http://127.0.0.1:${customersPort}/readyz`)).status === 503 ? true : undefined), DELAY_MS);
      await new Promise((r) => setTimeout(r, DELAY_MS / 2));
      let result = await load.stop();
      expect(result, 'requests during the subgraph drain').toMatchObject({ failed: 0, errors: 0, bodiesWithErrors: 0 });
      expect(result.ok).toBeGreaterThan(20);
      expect(await customers.exited).toBe(0);
      const count = await eventually(async () => {
        const res = await graphql<{ salesRep: { customerCount: number } }>(url, 'query($id: ID!) { salesRep(id: $id) { customerCount } }', { id: repId }, bearer(TEST_ADMIN_KEY));
        return res.body.data?.salesRep.customerCount === 1 ? 1 : undefined;
      }, 10_000);
      expect(count).toBe(1);

      // 2. SIGTERM to the gateway under load.
      load = startLoad(url, JSON.stringify({ query: '{ salesReps(first: 5) { totalCount } }' }));
      await new Promise((r) => setTimeout(r, 500));
      gateway.process.kill('SIGTERM');
      await eventually(async () => ((await fetch(`http://127.0.0.1:${gatewayPort}/readyz`)).status === 503 ? true : undefined), DELAY_MS);
      await new Promise((r) => setTimeout(r, DELAY_MS / 2));
      result = await load.stop();
      expect(result, 'requests during the gateway drain').toMatchObject({ failed: 0, errors: 0, bodiesWithErrors: 0 });
      expect(result.ok).toBeGreaterThan(20);
      const started = Date.now();
      expect(await gateway.exited).toBe(0);
      expect(Date.now() - started).toBeLessThan(DELAY_MS + 5_000);
    } catch (e) {
      for (const c of children) process.stderr.write(`${c.output.slice(-40).join('\n')}\n`);
      throw e;
    } finally {
      await Promise.all(children.map((c) => stopChild(c)));
      const bus = await NatsBus.connect({ url: NATS_URL, namespace, name: 'shutdown-cleanup' });
      await bus.deleteNamespace();
      await bus.close();
      for (const name of ['customers', 'people'] as const) await dropDatabase({ databaseUrl: DATABASE_URL, databaseName: databaseNameFor(name, namespace), dataDir: dir.path });
      await dropDatabase({ databaseUrl: DATABASE_URL, databaseName: accessDatabaseName(namespace), dataDir: dir.path });
      dir.remove();
    }
  }, 90_000);
});
