// End to end: ONE trace id covers gateway → customers (HTTP, GraphQL, SQL, outbox) → NATS
// JetStream → the people consumer. The services run as real child processes from their built
// entry points, because OpenTelemetry auto-instrumentation patches modules at require time
// and cannot patch what the test runner has already loaded; they export OTLP/HTTP JSON to a
// receiver in this process.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dropDatabase } from '@salesgraph/db';
import { accessDatabaseName } from '@salesgraph/gateway';
import { CustomerCreatedV1, NatsBus, subjectFor } from '@salesgraph/events';
import { databaseNameFor, type SubgraphName } from '@salesgraph/service';
import { bearer, eventually, graphql, tempDir, testNamespace, TEST_ADMIN_KEY, TEST_JWT_SECRET, TEST_SECRET } from '@salesgraph/testing';
import { formatTrace, startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from './otlp-receiver';
import { baseEnv, ENTRIES, freePort, spawnService, stopChild, tcpReachable, waitReady, type Child } from './support/processes';

const NATS_URL = process.env.NATS_URL || 'nats://127.0.0.1:4222';
const DATABASE_URL = process.env.DATABASE_URL || undefined;

/** Walks parent links inside one trace; returns the chain from `span` up to its root. */
function ancestry(span: ReceivedSpan, trace: ReceivedSpan[]): ReceivedSpan[] {
  const byId = new Map(trace.map((s) => [s.spanId, s]));
  const chain = [span];
  let current = span;
  while (current.parentSpanId) {
    const parent = byId.get(current.parentSpanId);
    if (!parent || chain.includes(parent)) break;
    chain.push(parent);
    current = parent;
  }
  return chain;
}

interface TraceFindings {
  traceId: string;
  trace: ReceivedSpan[];
  root: ReceivedSpan;
  publish: ReceivedSpan;
  process: ReceivedSpan;
  customersServer: ReceivedSpan;
}

const HIRE = `mutation Hire($input: HireSalesRepInput!) { hireSalesRep(input: $input) { id } }`;
const PII = { name: 'Wanda Pii-Sentinel', email: 'wanda.sentinel@pii.example', phone: '+86 139 0000 4242' };
const CREATE_CUSTOMER = `mutation CreateCustomer($input: CreateCustomerInput!) { createCustomer(input: $input) { id code } }`;
const REP = `query Rep($id: ID!) { salesRep(id: $id) { id customerCount } }`;

describe('distributed tracing (child processes over NATS JetStream)', () => {
  it(`one trace id covers gateway → customers → event → people consumer (${DATABASE_URL ? 'postgresql' : 'sqlite'})`, async (ctx) => {
    if (!(await tcpReachable(NATS_URL))) {
      const why = `NATS is not reachable at ${NATS_URL}: skipping the trace e2e test (start nats-server -js, or set NATS_URL)`;
      process.stderr.write(`${why}\n`);
      ctx.skip(why);
    }
    const missing = Object.values(ENTRIES).filter((p) => !existsSync(p));
    if (missing.length) throw new Error(`built entry points missing: ${missing.join(', ')} — run \`npm run build\` (npx tsc -b tsconfig.build.json) first; \`npm test\` builds them`);

    const namespace = testNamespace('tr');
    const dataDir = tempDir('salesgraph-trace-e2e-');
    const children: Child[] = [];
    let receiver: OtlpReceiver | undefined;
    let findings: TraceFindings | undefined;
    let passed = false;
    const receivedTrace = () => {
      const publish = receiver?.spans.find((s) => s.kind === 'PRODUCER' && s.service === 'customers' && s.name === `${subjectFor(namespace, CustomerCreatedV1.type)} publish`);
      return publish ? receiver!.trace(publish.traceId) : [];
    };
    try {
      receiver = await startOtlpReceiver();
      const common: Record<string, string> = {
        ...baseEnv(),
        NODE_ENV: 'development',
        LOG_LEVEL: 'debug',
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
        // exporter-trace-otlp-http sends JSON regardless; this keeps any env-built exporter on JSON too.
        OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json',
        OTEL_BSP_SCHEDULE_DELAY: '100',
        OTEL_METRICS_EXPORTER: 'none',
        OTEL_LOGS_EXPORTER: 'none',
        SALESGRAPH_NAMESPACE: namespace,
        SALESGRAPH_INTERNAL_SECRET: TEST_SECRET,
        SHUTDOWN_GRACE_MS: '3000',
      };
      const ports = { customers: await freePort(), people: await freePort(), gateway: await freePort() };
      const subgraphEnv = (name: SubgraphName): Record<string, string> => ({
        ...common,
        HOST: '127.0.0.1',
        PORT: String(ports[name as 'customers' | 'people']),
        NATS_URL,
        ...(DATABASE_URL ? { DATABASE_URL } : {}),
        SALESGRAPH_DATA_DIR: dataDir.path,
        MIGRATE_ON_START: 'true',
        OUTBOX_POLL_MS: '200',
      });
      const customers = spawnService('customers', subgraphEnv('customers'));
      const people = spawnService('people', subgraphEnv('people'));
      children.push(customers, people);
      await Promise.all([
        waitReady(customers, `http://127.0.0.1:${ports.customers}/readyz`),
        waitReady(people, `http://127.0.0.1:${ports.people}/readyz`),
      ]);
      const gateway = spawnService('gateway', {
        ...common,
        HOST: '127.0.0.1',
        PORT: String(ports.gateway),
        SALESGRAPH_JWT_SECRET: TEST_JWT_SECRET,
        SALESGRAPH_ADMIN_KEY: TEST_ADMIN_KEY,
        CUSTOMERS_URL: `http://127.0.0.1:${ports.customers}/graphql`,
        PEOPLE_URL: `http://127.0.0.1:${ports.people}/graphql`,
        // Not started: this query plan never reaches them, and a call would fail fast.
        ORDERS_URL: 'http://127.0.0.1:9/graphql',
        SUPPLY_RISK_URL: 'http://127.0.0.1:9/graphql',
        // @apollo/gateway otherwise exports its own usage metrics to Apollo's servers.
        APOLLO_TELEMETRY_DISABLED: 'true',
      });
      children.push(gateway);
      await waitReady(gateway, `http://127.0.0.1:${ports.gateway}/readyz`);

      const url = `http://127.0.0.1:${ports.gateway}/graphql`;
      const auth = bearer(TEST_ADMIN_KEY);
      const hired = await graphql<{ hireSalesRep: { id: string } }>(
        url,
        HIRE,
        { input: { name: 'Trace Rep', email: `trace-${namespace}@example.com`, regionCode: 'CN-EAST' } },
        auth,
      );
      expect(hired.body.errors, JSON.stringify(hired.body)).toBeUndefined();
      const repId = hired.body.data!.hireSalesRep.id;
      const created = await graphql<{ createCustomer: { id: string; code: string } }>(
        url,
        CREATE_CUSTOMER,
        { input: { name: 'Trace Co', kind: 'COMPANY', regionCode: 'CN-EAST', ownerRepId: repId, contacts: [{ name: PII.name, email: PII.email, phone: PII.phone, primary: true }] } },
        auth,
      );
      expect(created.body.errors, JSON.stringify(created.body)).toBeUndefined();
      // Reading the contact back in clear (the admin key has pii:read) must not leak it either.
      const contact = await graphql<{ customer: { contacts: { email: string }[] } }>(url, 'query($id: ID!) { customer(id: $id) { contacts { name email phone } } }', { id: created.body.data!.createCustomer.id }, auth);
      expect(contact.body.data!.customer.contacts[0]!.email).toBe(PII.email);

      // The event crossed NATS and the people consumer applied it.
      await eventually(async () => {
        const r = await graphql<{ salesRep: { customerCount: number } | null }>(url, REP, { id: repId }, auth);
        return r.body.data?.salesRep?.customerCount === 1 ? true : undefined;
      }, 15_000, 100);

      // Spans are exported in batches every 100 ms; wait until the whole chain has arrived.
      findings = await eventually(async () => {
        const trace = receivedTrace();
        if (trace.length === 0) return undefined;
        const traceId = trace[0]!.traceId;
        const publish = trace.find((s) => s.kind === 'PRODUCER' && s.service === 'customers' && s.name.endsWith(' publish'));
        const consumer = trace.find((s) => s.kind === 'CONSUMER' && s.service === 'people' && s.name.endsWith(' process') && s.parentSpanId === publish?.spanId);
        const root = trace.find((s) => !s.parentSpanId);
        const customersServer = trace.find((s) => s.service === 'customers' && s.kind === 'SERVER');
        if (!publish || !consumer || !root || !customersServer) return undefined;
        // Everything must hang off the root: no span whose parent never arrived.
        if (trace.some((s) => ancestry(s, trace).at(-1) !== root)) return undefined;
        return { traceId, trace, root, publish, process: consumer, customersServer };
      }, 15_000, 100);

      const { trace, root, publish, process: consumed, customersServer } = findings;
      // One trace, rooted at the gateway's HTTP server span for the createCustomer request.
      expect(new Set(trace.map((s) => s.traceId)).size).toBe(1);
      expect(root.service).toBe('gateway');
      expect(root.kind).toBe('SERVER');
      expect(trace.filter((s) => !s.parentSpanId)).toHaveLength(1);
      expect(trace.some((s) => s.service === 'gateway' && s.attributes['graphql.operation.name'] === 'CreateCustomer')).toBe(true);
      // gateway → customers over HTTP: the customers server span's chain leads to the gateway root,
      // through the gateway's outgoing (CLIENT) request.
      const serverChain = ancestry(customersServer, trace);
      expect(serverChain.at(-1)).toBe(root);
      expect(serverChain[1]?.service).toBe('gateway');
      expect(serverChain[1]?.kind).toBe('CLIENT');
      // customers → outbox → publish: the publish span continues the request that wrote the row.
      const publishChain = ancestry(publish, trace);
      expect(publishChain).toContain(customersServer);
      expect(publish.attributes['messaging.destination.name']).toBe(subjectFor(namespace, CustomerCreatedV1.type));
      // publish → NATS → people: the consumer span is the publish span's child.
      expect(consumed.parentSpanId).toBe(publish.spanId);
      expect(consumed.attributes['messaging.consumer.group.name']).toBe('people.customer-created');
      expect(new Set(trace.map((s) => s.service))).toEqual(new Set(['gateway', 'customers', 'people']));
      if (DATABASE_URL) {
        // PostgreSQL queries are instrumented: the customers insert and the people projection
        // both appear in the trace, under their service's spans.
        const db = trace.filter((s) => s.attributes['db.system'] === 'postgresql' || s.attributes['db.system.name'] === 'postgresql');
        expect(db.some((s) => s.service === 'customers' && ancestry(s, trace).includes(customersServer))).toBe(true);
        expect(db.some((s) => s.service === 'people' && ancestry(s, trace).includes(consumed))).toBe(true);
      }
      expect(receiver.problems).toEqual([]);
      // Personal data never reaches logs (debug level), spans or audit variables.
      const audit = await graphql(url, '{ auditLog(first: 100) { edges { node { operation variables } } } }', {}, auth);
      expect(JSON.stringify(audit.body)).toContain('CreateCustomer');
      const haystacks = { logs: children.flatMap((c) => c.output).join('\n'), spans: JSON.stringify(receiver.spans, (_, v) => (typeof v === 'bigint' ? v.toString() : v)), audit: JSON.stringify(audit.body) };
      for (const [where, text] of Object.entries(haystacks)) for (const value of Object.values(PII)) expect(text.includes(value), `${value} in ${where}`).toBe(false);
      passed = true;
      process.stdout.write(`trace ${findings.traceId} (${trace.length} spans):\n${formatTrace(trace)}\n`);
    } finally {
      if (!passed) {
        const trace = findings?.trace ?? receivedTrace();
        const lines = [
          `--- trace e2e failed (namespace ${namespace}, ${DATABASE_URL ? 'postgresql' : 'sqlite'}) ---`,
          receiver ? `receiver: ${receiver.spans.length} spans; requests ${JSON.stringify([...receiver.requests])}; problems ${JSON.stringify(receiver.problems)}` : 'receiver not started',
          trace.length ? `span tree of trace ${trace[0]!.traceId}:\n${formatTrace(trace)}` : 'no trace with the customer.created publish span was received',
        ];
        if (!trace.length && receiver && receiver.spans.length) {
          // The expected trace is missing: show what did arrive (single-span startup traces such
          // as graphql.parseSchema only as a count).
          const traces = new Map<string, ReceivedSpan[]>();
          for (const s of receiver.spans) traces.set(s.traceId, [...(traces.get(s.traceId) ?? []), s]);
          const single = [...traces.values()].filter((t) => t.length === 1);
          lines.push(`received ${traces.size} traces (${single.length} with a single span: ${[...new Set(single.map((t) => `[${t[0]!.service}] ${t[0]!.name}`))].join(', ')})`);
          for (const [id, spans] of traces) if (spans.length > 1) lines.push(`trace ${id}:\n${formatTrace(spans)}`);
        }
        for (const c of children) lines.push(`--- ${c.name} output ---`, ...c.output.slice(-200));
        process.stderr.write(`${lines.join('\n')}\n`);
      }
      // Gateway first (no new calls into the subgraphs), then the subgraphs.
      const gw = children.filter((c) => c.name === 'gateway');
      await Promise.all(gw.map((c) => stopChild(c)));
      await Promise.all(children.filter((c) => c.name !== 'gateway').map((c) => stopChild(c)));
      await receiver?.close();
      const cleanups: Promise<unknown>[] = [];
      cleanups.push(
        (async () => {
          const bus = await NatsBus.connect({ url: NATS_URL, namespace, name: 'trace-e2e-cleanup' });
          try {
            await bus.deleteNamespace();
          } finally {
            await bus.close();
          }
        })(),
      );
      if (DATABASE_URL) {
        for (const service of ['customers', 'people'] as const) {
          cleanups.push(dropDatabase({ databaseUrl: DATABASE_URL, databaseName: databaseNameFor(service, namespace), dataDir: dataDir.path }));
        }
        cleanups.push(dropDatabase({ databaseUrl: DATABASE_URL, databaseName: accessDatabaseName(namespace), dataDir: dataDir.path }));
      }
      const results = await Promise.allSettled(cleanups);
      dataDir.remove();
      for (const r of results) if (r.status === 'rejected') process.stderr.write(`trace e2e cleanup failed: ${(r.reason as Error)?.message ?? r.reason}\n`);
    }
  }, 90_000);
});
