// `npm run bench` / `node bench/dist/run.js [--smoke] [--scenario P1,P3] [--rounds N] [--duration S]
// [--connections N] [--customers N] [--orders N] [--api-orders N] [--profile] [--no-start]`
//
// Starts what it measures as separate processes (four subgraphs and the gateway from their dist
// entry points on PostgreSQL + NATS JetStream, an OTLP sink so every request is traced), seeds
// through the gateway, runs interleaved autocannon rounds with every response checked, prints a
// table of medians with min–max, ratios and goals, CPU-ms per request and peak RSS, and cleans up.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signPrincipal, SCOPES, type Principal } from '@salesgraph/auth';
import { databaseUrlFor, dropDatabase } from '@salesgraph/db';
import { NatsBus } from '@salesgraph/events';
import { accessDatabaseName } from '@salesgraph/gateway';
import { databaseNameFor, SUBGRAPHS, type SubgraphName } from '@salesgraph/service';
import {
  baseEnv,
  canonical,
  cpuMs,
  freePort,
  gql,
  isRunning,
  load,
  maxOf,
  median,
  minOf,
  peakRssMb,
  pool,
  referenceBody,
  ROOT,
  rssMb,
  sleep,
  spawnProc,
  stopAll,
  stopProc,
  waitReady,
  type LoadResult,
  type Proc,
  type Target,
} from './harness';
import { summarizeProfile } from './profile';
import { analysisForecast, analysisKpis, analysisLib, type AnalysisRow, type GatewayContext } from './analysis';
import { PEER_SUBGRAPHS, PEERS_QUERY, SDL as PEER_SDL } from './peers-workload/schema';

// ---------------------------------------------------------------------------------------------
// options

interface Options {
  smoke: boolean;
  scenarios: Set<string>;
  rounds: number;
  durationS: number;
  /** Smoke: a fixed number of requests per target and round instead of a duration. */
  amount?: number;
  warmupS: number;
  connections: number;
  /** `orders` in total; the first `apiOrders` are placed through the gateway, the rest cloned in SQL (see expandOrders). */
  volumes: { reps: number; products: number; customers: number; suppliers: number; orders: number; apiOrders: number };
  events: number;
  profile: boolean;
  profileSeconds: number;
  npmStart: boolean;
}

function parseArgs(argv: string[]): Options {
  const arg = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    if (i >= 0) return argv[i + 1];
    const eq = argv.find((a) => a.startsWith(`--${name}=`));
    return eq?.slice(name.length + 3);
  };
  const smoke = argv.includes('--smoke');
  const num = (name: string, full: number, small: number) => Number(arg(name) ?? (smoke ? small : full));
  // P4PEERS (P4's peers workload alone) is not in the default set: P4 runs it.
  const all = ['P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'A1', 'A2', 'A3'];
  const scenarios = new Set((arg('scenario') ?? all.join(',')).split(',').map((s) => s.trim().toUpperCase()).filter(Boolean));
  return {
    smoke,
    scenarios,
    rounds: num('rounds', 3, 1),
    durationS: num('duration', 10, 1),
    amount: smoke ? Number(arg('amount') ?? 6) : undefined,
    warmupS: num('warmup', 3, 0),
    connections: num('connections', 16, 2),
    volumes: {
      reps: num('reps', 200, 4),
      products: num('products', 2000, 10),
      customers: num('customers', 10_000, 30),
      suppliers: num('suppliers', 200, 3),
      orders: num('orders', 100_000, 40),
      apiOrders: num('api-orders', 10_000, 20),
    },
    events: num('events', 20_000, 100),
    profile: argv.includes('--profile'),
    profileSeconds: num('profile-seconds', 20, 2),
    npmStart: !argv.includes('--no-start'),
  };
}

// ---------------------------------------------------------------------------------------------
// the table

type Status = 'met' | 'NOT met' | 'pending' | 'info' | 'FAIL' | 'skipped';
interface Row {
  scenario: string;
  metric: string;
  value: string;
  range?: string;
  ratio?: string;
  goal?: string;
  status: Status;
}
const rows: Row[] = [];
const notes: string[] = [];
let failed = false;

const f = (x: number, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');
const fi = (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : 'n/a');
const rng = (xs: number[], digits = 1) => (xs.length > 1 ? `${f(minOf(xs), digits)}–${f(maxOf(xs), digits)}` : '');
/** Goal check of a ratio; a ratio that could not be computed is not a met goal. */
const goal = (x: number, pass: (x: number) => boolean): Status => (Number.isFinite(x) ? (pass(x) ? 'met' : 'NOT met') : 'FAIL');
const ok = (b: boolean): Status => (b ? 'met' : 'NOT met');

function log(msg: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
}

function printTable(): string {
  const head = ['scenario', 'figure', 'median', 'min–max', 'ratio', 'goal', 'status'];
  const body = rows.map((r) => [r.scenario, r.metric, r.value, r.range ?? '', r.ratio ?? '', r.goal ?? '', r.status]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

// ---------------------------------------------------------------------------------------------
// environment of a run

const NATS_URL = process.env.NATS_URL || 'nats://127.0.0.1:4222';
const DATABASE_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

const ns = `bench${randomBytes(4).toString('hex')}`;
const eventsNs = `${ns}ev`;
const secret = randomBytes(32).toString('hex');
const jwtSecret = randomBytes(32).toString('hex');
const adminKey = `bench_admin_${randomBytes(16).toString('hex')}`;
// Production requires a PII key (customers); the in-process platform of P3 reads process.env.
const piiKey = randomBytes(32).toString('base64');
process.env.SALESGRAPH_PII_KEY = piiKey;
const workDir = mkdtempSync(join(tmpdir(), 'salesgraph-bench-'));
const ADMIN: Principal = { subject: 'bootstrap-admin-key', kind: 'api_key', roles: ['admin'], scopes: [...SCOPES] };
const auth = { authorization: `Bearer ${adminKey}` };
const BENCH_DIST = join(ROOT, 'bench', 'dist');

interface Services {
  sink: Proc;
  otlp: string;
  subgraphs: Record<SubgraphName, { proc: Proc; url: string }>;
  gateway: { proc: Proc; url: string };
  /**
   * The same gateway with in-flight merging off (GATEWAY_MERGE_INFLIGHT=false,
   * GATEWAY_DEDUPE_SUBGRAPH_FETCHES=false): every request of the bench's single principal is then
   * executed on its own, the per-request cost a crowd of different callers would see.
   */
  gatewayNoMerge: { proc: Proc; url: string };
}

/** Env of a gateway that executes every request on its own. */
const NO_MERGE = { GATEWAY_MERGE_INFLIGHT: 'false', GATEWAY_DEDUPE_SUBGRAPH_FETCHES: 'false' };
const MERGE_OFF = 'merge off';

function serviceEnv(otlp: string): Record<string, string> {
  return {
    ...baseEnv(),
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    DATABASE_URL,
    NATS_URL,
    SALESGRAPH_NAMESPACE: ns,
    SALESGRAPH_DATA_DIR: join(workDir, 'data'),
    SALESGRAPH_INTERNAL_SECRET: secret,
    SALESGRAPH_PII_KEY: piiKey,
    OTEL_EXPORTER_OTLP_ENDPOINT: otlp,
    APOLLO_TELEMETRY_DISABLED: 'true',
    MIGRATE_ON_START: 'true',
    SHUTDOWN_GRACE_MS: '2000',
  };
}

/**
 * Our services run with the Node flags their Kubernetes base manifest deploys them with (the
 * NODE_OPTIONS env of k8s/base/<service>.yaml, e.g. --max-old-space-size=384), as in production:
 * V8 sizes its heap growth by that limit, not by this machine's 24 GiB. The peers run with Node's
 * defaults. BENCH_DEPLOYED_FLAGS=false runs ours on Node's defaults too; BENCH_GATEWAY_FLAGS
 * replaces the gateway's flags (to try V8 settings).
 */
function deployedNodeFlags(service: string): string[] {
  if (process.env.BENCH_DEPLOYED_FLAGS === 'false') return [];
  const manifest = readFileSync(join(ROOT, 'k8s', 'base', `${service}.yaml`), 'utf8');
  const m = /- name: NODE_OPTIONS\s*\n\s*value:\s*"?([^"\n]+)"?/.exec(manifest);
  return m ? m[1]!.trim().split(/\s+/) : [];
}
const gatewayFlags = process.env.BENCH_GATEWAY_FLAGS !== undefined ? process.env.BENCH_GATEWAY_FLAGS.split(/\s+/).filter(Boolean) : deployedNodeFlags('gateway');

async function startGateway(name: string, otlp: string, subgraphUrls: Record<string, string>, extra: Record<string, string> = {}, execArgv: string[] = gatewayFlags): Promise<{ proc: Proc; url: string }> {
  const port = await freePort();
  const proc = spawnProc(
    name,
    [join(ROOT, 'gateway', 'dist', 'index.js')],
    {
      ...serviceEnv(otlp),
      HOST: '127.0.0.1',
      PORT: String(port),
      SALESGRAPH_JWT_SECRET: jwtSecret,
      SALESGRAPH_ADMIN_KEY: adminKey,
      REDIS_URL,
      // Load, not rate limiting, is measured: the per-principal budget is set out of reach.
      RATE_LIMIT_PER_MINUTE: '100000000',
      CUSTOMERS_URL: subgraphUrls.customers ?? '',
      ORDERS_URL: subgraphUrls.orders ?? '',
      PEOPLE_URL: subgraphUrls.people ?? '',
      SUPPLY_RISK_URL: subgraphUrls['supply-risk'] ?? '',
      ...extra,
    },
    { execArgv },
  );
  await waitReady(proc, `http://127.0.0.1:${port}/readyz`);
  return { proc, url: `http://127.0.0.1:${port}/graphql` };
}

async function startServices(): Promise<Services> {
  const sink = spawnProc('otlp-sink', [join(BENCH_DIST, 'otlp-sink.js')], baseEnv());
  const sinkPort = await new Promise<number>((resolve, reject) => {
    sink.onLine((l) => {
      const m = /listening (\d+)/.exec(l);
      if (m) resolve(Number(m[1]));
    });
    void sink.exited.then(() => reject(new Error(`otlp sink exited:\n${sink.output.join('\n')}`)));
  });
  const otlp = `http://127.0.0.1:${sinkPort}`;
  const subgraphs = {} as Services['subgraphs'];
  await Promise.all(
    SUBGRAPHS.map(async (name) => {
      const port = await freePort();
      const proc = spawnProc(name, [join(ROOT, 'subgraphs', name, 'dist', 'index.js')], { ...serviceEnv(otlp), HOST: '127.0.0.1', PORT: String(port) }, { execArgv: deployedNodeFlags(name) });
      await waitReady(proc, `http://127.0.0.1:${port}/readyz`);
      subgraphs[name] = { proc, url: `http://127.0.0.1:${port}/graphql` };
    }),
  );
  const urls = Object.fromEntries(SUBGRAPHS.map((n) => [n, subgraphs[n].url]));
  // One after the other: both use the access database, and the first one migrates it.
  const gateway = await startGateway('gateway', otlp, urls);
  const gatewayNoMerge = await startGateway('gateway-nomerge', otlp, urls, NO_MERGE);
  return { sink, otlp, subgraphs, gateway, gatewayNoMerge };
}

// ---------------------------------------------------------------------------------------------
// seeding through the gateway with the admin key

let schemaFields: { query: Set<string>; mutation: Set<string>; types: Map<string, Set<string>> } | undefined;

async function probeSchema(): Promise<NonNullable<typeof schemaFields>> {
  const text = readFileSync(join(ROOT, 'gateway', 'supergraph.graphql'), 'utf8');
  const types = new Map<string, Set<string>>();
  const re = /^type (\w+)[^{]*\{([\s\S]*?)^\}/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const fields = new Set<string>();
    for (const line of m[2]!.split('\n')) {
      const fm = /^\s{2}(\w+)\s*[(:]/.exec(line);
      if (fm) fields.add(fm[1]!);
    }
    types.set(m[1]!, fields);
  }
  return { query: types.get('Query') ?? new Set(), mutation: types.get('Mutation') ?? new Set(), types };
}

const hasField = (type: string, field: string) => schemaFields?.types.get(type)?.has(field) ?? false;

let retryLogs = 0;
async function retrying<T>(fn: () => Promise<T>, attempts = 20, delayMs = 250): Promise<T> {
  let last: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      return await fn();
    } catch (e) {
      last = e;
      if (retryLogs++ < 10) log(`retrying after: ${(e as Error).message.slice(0, 300)}`);
      await sleep(delayMs * Math.min(8, i + 1));
    }
  }
  throw last;
}

interface Seeded {
  repIds: string[];
  skus: string[];
  customerIds: string[];
  orders: number;
  /** Orders added by expandOrders (SQL copies of the gateway-placed ones). */
  cloned: number;
  suppliers: number;
  seconds: number;
}

/**
 * Brings the orders table to the issue's volume (100,000) without 100,000 gateway mutations (at the
 * 25–150 placements/s this machine manages, that alone would take 10–60 minutes): copies of the
 * orders placed through the gateway, in the orders database, each with a new id and number and the
 * source's customer, rep, region, lines and totals, so every customer gets proportionally more
 * orders and the reads see the full table and index sizes. Only the orders subgraph holds the copies
 * (no events: stock reservations, customer lifecycle and people's figures reflect the placed orders
 * only) — the scenarios read orders, lines and products, which the copies have in full.
 */
async function expandOrders(count: number): Promise<number> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: databaseUrlFor(DATABASE_URL, databaseNameFor('orders', ns)) });
  await client.connect();
  try {
    const columns = (
      await client.query<{ column_name: string }>(
        `select column_name from information_schema.columns where table_schema = 'public' and table_name = 'sales_order' and column_name not in ('id', 'number') order by ordinal_position`,
      )
    ).rows.map((r) => `"${r.column_name}"`);
    const list = columns.join(', ');
    // Numbers in a year no real placement uses (SO-1999-…), ids random v4 UUIDs (the API accepts any UUID).
    const res = await client.query(
      `with src as (select ${list}, row_number() over (order by id) - 1 as rn, count(*) over () as n from sales_order)
       insert into sales_order (id, number, ${list})
       select gen_random_uuid()::text, 'SO-1999-' || lpad(g::text, 8, '0'), ${columns.map((c) => `src.${c}`).join(', ')}
       from generate_series(1, $1::int) g join src on src.rn = g % src.n`,
      [count],
    );
    await client.query('analyze sales_order');
    return res.rowCount ?? 0;
  } finally {
    await client.end();
  }
}

async function seed(url: string, o: Options): Promise<Seeded> {
  const started = Date.now();
  const v = o.volumes;
  const call = <T>(q: string, vars: Record<string, unknown>) => retrying(() => gql<T>(url, q, vars, auth));
  const C = 16;
  const regions = ['CN-EAST', 'CN-NORTH', 'CN-SOUTH', 'CN-WEST'];
  const repIds = await pool(Array.from({ length: v.reps }, (_, i) => i), C, async (i) => {
    const r = await call<{ hireSalesRep: { id: string } }>('mutation Hire($input: HireSalesRepInput!) { hireSalesRep(input: $input) { id } }', {
      input: { name: `Rep ${i}`, email: `rep${i}@bench.example`, regionCode: regions[i % regions.length], level: 'SENIOR' },
    });
    return r.hireSalesRep.id;
  });
  log(`seeded ${repIds.length} reps`);
  const skus = await pool(Array.from({ length: v.products }, (_, i) => i), C, async (i) => {
    const sku = `BENCH-${String(i).padStart(5, '0')}`;
    await call('mutation P($input: CreateProductInput!) { createProduct(input: $input) { sku } }', {
      input: { sku, name: `Bench product ${i}`, productLine: `Line ${i % 12}`, unitPrice: { amount: `${100 + (i % 900)}.00` }, unitCost: { amount: `${60 + (i % 500)}.00` } },
    });
    return sku;
  });
  log(`seeded ${skus.length} products`);
  let suppliers = 0;
  if (schemaFields!.mutation.has('registerSupplier') && v.suppliers > 0) {
    // Every product has two suppliers (60 % and 40 %): supplier k is primary for skus i ≡ k and secondary for i ≡ k-1.
    // One at a time: registrations sharing skus concurrently failed with INTERNAL_SERVER_ERROR (see notes).
    const S = v.suppliers;
    await pool(Array.from({ length: S }, (_, k) => k), 1, async (k) => {
      const supplies = skus.flatMap((sku, i) => (i % S === k ? [{ sku, sharePercent: '60', leadTimeDays: 14 }] : i % S === (k + S - 1) % S && S > 1 ? [{ sku, sharePercent: '40', leadTimeDays: 21 }] : []));
      await call('mutation S($input: RegisterSupplierInput!) { registerSupplier(input: $input) { id } }', { input: { name: `Bench supplier ${k}`, country: k % 3 ? 'CN' : 'DE', supplies } });
    });
    suppliers = S;
    log(`seeded ${S} suppliers`);
  } else notes.push('suppliers: registerSupplier is not in the supergraph; none seeded.');
  const customerIds = await pool(Array.from({ length: v.customers }, (_, i) => i), C, async (i) => {
    const r = await call<{ createCustomer: { id: string } }>('mutation C($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }', {
      input: { name: `Bench customer ${i}`, kind: i % 7 ? 'COMPANY' : 'PERSON', regionCode: regions[i % regions.length], ownerRepId: repIds[i % repIds.length], creditLimit: { amount: '100000000.00' } },
    });
    return r.createCustomer.id;
  });
  log(`seeded ${customerIds.length} customers`);
  let orders = 0;
  let cloned = 0;
  if (schemaFields!.mutation.has('placeOrder') && v.orders > 0) {
    // Orders are spread evenly over the customers, 1–3 lines each.
    await pool(Array.from({ length: Math.min(v.apiOrders, v.orders) }, (_, i) => i), C, async (i) => {
      const lines = Array.from({ length: 1 + (i % 3) }, (_, k) => ({ sku: skus[(i * 7 + k * 13) % skus.length], quantity: 1 + ((i + k) % 5) }));
      await call('mutation O($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }', {
        input: { customerId: customerIds[i % customerIds.length], repId: repIds[i % repIds.length], lines },
      });
      orders += 1;
      if (orders % 2000 === 0) log(`  ${orders} orders`);
    });
    log(`seeded ${orders} orders through the gateway`);
    if (v.orders > orders) {
      cloned = await expandOrders(v.orders - orders);
      log(`cloned ${cloned} orders in SQL`);
    }
  } else notes.push('orders: placeOrder is not in the supergraph; none seeded.');
  return { repIds, skus, customerIds, orders, cloned, suppliers, seconds: (Date.now() - started) / 1000 };
}

/**
 * Waits until the seed's events are consumed: every JetStream consumer of the bench namespace has
 * nothing pending or unacknowledged, twice in a row a second apart (relays publish within ~1 s).
 */
async function eventsDrained(timeoutMs: number): Promise<number> {
  const { connect } = await import('nats');
  const nc = await connect({ servers: NATS_URL, name: 'bench-drain' });
  const jsm = await nc.jetstreamManager();
  const deadline = Date.now() + timeoutMs;
  let quiet = 0;
  try {
    for (;;) {
      let pending = 0;
      for await (const si of jsm.streams.list()) {
        if (!si.config.name.startsWith(`${ns.toUpperCase()}_`)) continue;
        for await (const ci of jsm.consumers.list(si.config.name)) pending += ci.num_pending + ci.num_ack_pending;
      }
      quiet = pending === 0 ? quiet + 1 : 0;
      if (quiet >= 2 || Date.now() > deadline) return pending;
      await sleep(1_000);
    }
  } finally {
    await nc.close();
  }
}

/** Waits until a query's answer stops changing (events still flowing after the seed). */
async function settled(t: Target, timeoutMs = 120_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let prev = canonical(await referenceBody(t));
  for (;;) {
    await sleep(1_000);
    const body = await referenceBody(t);
    if (canonical(body) === prev || Date.now() > deadline) return body;
    prev = canonical(body);
  }
}

// ---------------------------------------------------------------------------------------------
// interleaved rounds

async function rounds(scenario: string, targets: Target[], o: Options): Promise<Map<string, LoadResult[]>> {
  const expected = new Map<string, string>();
  for (const t of targets) expected.set(t.label, await referenceBody(t));
  if (o.warmupS > 0) for (const t of targets) await load(t, expected.get(t.label)!, { durationS: o.warmupS, connections: o.connections });
  else for (const t of targets) await referenceBody(t); // at least a second, unloaded request (plans warm)
  const out = new Map<string, LoadResult[]>(targets.map((t) => [t.label, []]));
  for (let r = 0; r < o.rounds; r++) {
    for (const t of targets) {
      const res = await load(t, expected.get(t.label)!, { durationS: o.durationS, connections: o.connections, amount: o.amount });
      out.get(t.label)!.push(res);
      if (res.requests === 0) {
        failed = true;
        rows.push({ scenario, metric: `${t.label}: correctness`, value: 'no request completed in the round', status: 'FAIL' });
      }
      log(`${scenario} round ${r + 1} ${t.label}: ${f(res.rps)} rps p50 ${res.p50} ms p95 ${res.p95} ms, ${f(res.cpuMsPerReqTotal, 2)} CPU-ms/req, errors ${res.errors}, non2xx ${res.non2xx}, mismatches ${res.mismatches}`);
      if (res.errors || res.mismatches || res.non2xx) {
        failed = true;
        rows.push({ scenario, metric: `${t.label}: correctness`, value: `${res.mismatches} mismatches, ${res.non2xx} non-2xx, ${res.errors} errors`, status: 'FAIL' });
        if (res.firstMismatch) notes.push(`${scenario} ${t.label} first mismatching body: ${res.firstMismatch}`);
      }
    }
  }
  return out;
}

const med = (rs: LoadResult[], k: (r: LoadResult) => number) => median(rs.map(k));
const all = (rs: LoadResult[], k: (r: LoadResult) => number) => rs.map(k);
const pidsOf = (s: Services, names: SubgraphName[]) => names.map((n) => ({ name: n, pid: s.subgraphs[n].proc.pid }));

function rpsRows(scenario: string, res: Map<string, LoadResult[]>, labels: string[]): void {
  for (const l of labels) {
    const rs = res.get(l)!;
    rows.push({ scenario, metric: `${l}: RPS`, value: f(med(rs, (r) => r.rps)), range: rng(all(rs, (r) => r.rps)), status: 'info' });
    rows.push({ scenario, metric: `${l}: p50 / p95 ms`, value: `${f(med(rs, (r) => r.p50), 0)} / ${f(med(rs, (r) => r.p95), 0)}`, status: 'info' });
    const cpu = Object.keys(rs[0]!.cpuMsPerReq);
    rows.push({
      scenario,
      metric: `${l}: CPU-ms/req`,
      value: f(med(rs, (r) => r.cpuMsPerReqTotal), 2),
      range: rng(all(rs, (r) => r.cpuMsPerReqTotal), 2),
      ratio: cpu.map((n) => `${n} ${f(med(rs, (r) => r.cpuMsPerReq[n]!), 2)}`).join(', '),
      status: 'info',
    });
  }
}

/** Ratio of medians and the min–max of per-round ratios (rounds are paired A B A B …). */
function ratio(a: LoadResult[], b: LoadResult[], k: (r: LoadResult) => number): { med: number; range: string } {
  const per = a.map((x, i) => k(x) / k(b[i]!));
  return { med: med(a, k) / med(b, k), range: rng(per, 2) };
}

// ---------------------------------------------------------------------------------------------
// queries

const Q_P1 = 'query P1 { customers(first: 20) { totalCount edges { node { id code name kind regionCode createdAt } } } }';
const Q_PAGE = (n: number) => `query P3 { customers(first: ${n}) { edges { node { id name owner { name customerCount } } } } }`;
function p2Query(): string | undefined {
  const needed: [string, string][] = [
    ['Customer', 'orders'],
    ['Order', 'lines'],
    ['OrderLine', 'product'],
    ['Product', 'supplyRisk'],
    ['Customer', 'owner'],
  ];
  if (!needed.every(([t, fld]) => hasField(t, fld))) return undefined;
  return 'query P2 { customers(first: 10) { edges { node { code name owner { name customerCount } orders(first: 5) { edges { node { number status lines { sku quantity product { name supplyRisk { level supplierCount singleSource } } } } } } } } } }';
}

const body = (query: string) => JSON.stringify({ query });

// ---------------------------------------------------------------------------------------------
// scenarios

async function p1(s: Services, o: Options): Promise<{ directRps: number }> {
  const token = await signPrincipal(ADMIN, secret, 'customers', 24 * 3600);
  const gw: Target = { label: 'gateway', url: s.gateway.url, headers: auth, body: body(Q_P1), pids: [{ name: 'gateway', pid: s.gateway.proc.pid }, ...pidsOf(s, ['customers'])] };
  const gwOff: Target = { label: `gateway, ${MERGE_OFF}`, url: s.gatewayNoMerge.url, headers: auth, body: body(Q_P1), pids: [{ name: 'gateway', pid: s.gatewayNoMerge.proc.pid }, ...pidsOf(s, ['customers'])] };
  const direct: Target = { label: 'direct customers', url: s.subgraphs.customers.url, headers: { 'x-salesgraph-principal': token }, body: body(Q_P1), pids: pidsOf(s, ['customers']) };
  const a = JSON.parse(await referenceBody(gw)) as { data: unknown };
  const b = JSON.parse(await referenceBody(direct)) as { data: unknown };
  if (JSON.stringify(a.data) !== JSON.stringify(b.data)) notes.push('P1: the gateway and the direct subgraph answers differ (compared each against its own unloaded answer).');
  const res = await rounds('P1', [gw, gwOff, direct], o);
  rpsRows('P1', res, ['gateway', gwOff.label, 'direct customers']);
  const r = ratio(res.get('gateway')!, res.get('direct customers')!, (x) => x.rps);
  rows.push({ scenario: 'P1', metric: 'pass-through RPS gateway / direct', value: `${f(r.med, 2)}×`, range: r.range, goal: '≥ 0.7×', status: goal(r.med, (x) => x >= 0.7) });
  const rOff = ratio(res.get(gwOff.label)!, res.get('direct customers')!, (x) => x.rps);
  rows.push({ scenario: 'P1', metric: `pass-through RPS gateway (${MERGE_OFF}) / direct`, value: `${f(rOff.med, 2)}×`, range: rOff.range, goal: '≥ 0.7×', status: goal(rOff.med, (x) => x >= 0.7) });
  return { directRps: med(res.get('direct customers')!, (x) => x.rps) };
}

async function p2(s: Services, o: Options, directRps: number | undefined): Promise<void> {
  const q = p2Query();
  if (!q) {
    rows.push({ scenario: 'P2', metric: 'joined RPS / P1 direct', value: 'pending', goal: '≥ 0.5×', status: 'pending' });
    notes.push('P2: Customer.orders / Order.lines / OrderLine.product / Product.supplyRisk are not all in the supergraph yet.');
    return;
  }
  const t: Target = { label: 'gateway joined', url: s.gateway.url, headers: auth, body: body(q), pids: [{ name: 'gateway', pid: s.gateway.proc.pid }, ...pidsOf(s, [...SUBGRAPHS])] };
  const tOff: Target = { ...t, label: `gateway joined, ${MERGE_OFF}`, url: s.gatewayNoMerge.url, pids: [{ name: 'gateway', pid: s.gatewayNoMerge.proc.pid }, ...pidsOf(s, [...SUBGRAPHS])] };
  await settled(t);
  const res = await rounds('P2', [t, tOff], o);
  rpsRows('P2', res, ['gateway joined', tOff.label]);
  const rps = med(res.get('gateway joined')!, (x) => x.rps);
  if (directRps === undefined) {
    rows.push({ scenario: 'P2', metric: 'joined RPS / P1 direct', value: 'n/a (run P1 too)', goal: '≥ 0.5×', status: 'info' });
    return;
  }
  const r = rps / directRps;
  rows.push({ scenario: 'P2', metric: 'joined RPS / P1 direct', value: `${f(r, 2)}×`, range: rng(all(res.get('gateway joined')!, (x) => x.rps / directRps), 2), goal: '≥ 0.5×', status: goal(r, (x) => x >= 0.5) });
  const rOff = med(res.get(tOff.label)!, (x) => x.rps) / directRps;
  rows.push({ scenario: 'P2', metric: `joined RPS (${MERGE_OFF}) / P1 direct`, value: `${f(rOff, 2)}×`, range: rng(all(res.get(tOff.label)!, (x) => x.rps / directRps), 2), goal: '≥ 0.5×', status: goal(rOff, (x) => x >= 0.5) });
}

async function p3Counts(): Promise<{ small: Record<string, number>; large: Record<string, number> }> {
  // In-process platform on the same databases (statements counted with onQuery on every ORM).
  // Its bus is in-process and its relays are stopped: joining the NATS durable consumers would
  // count the statements of event backlog processing (e.g. the seed's order events) as the request's.
  const { startPlatform } = await import('@salesgraph/platform');
  const { onQuery } = await import('@salesgraph/db');
  const platform = await startPlatform({
    env: 'production',
    databaseUrl: DATABASE_URL,
    dataDir: join(workDir, 'p3'),
    namespace: ns,
    internalSecret: secret,
    jwtSecret,
    adminKey,
    logLevel: 'warn',
    gatewayPort: 0,
    subgraphPorts: 'random',
    migrateOnStart: false,
    rateLimitPerMinute: 100_000_000,
    overrides: Object.fromEntries(SUBGRAPHS.map((n) => [n, { startRelay: false }])),
  });
  try {
    const counts: Record<string, number> = {};
    const off = [
      ...SUBGRAPHS.map((n) => onQuery(platform.subgraphs[n]!.orm, () => (counts[n] = (counts[n] ?? 0) + 1))),
      onQuery(platform.gateway.orm, () => (counts.gateway = (counts.gateway ?? 0) + 1)),
    ];
    const measure = async (n: number) => {
      await gql(platform.gatewayUrl, Q_PAGE(n), {}, auth); // warm: plans, caches
      for (const k of Object.keys(counts)) delete counts[k];
      await gql(platform.gatewayUrl, Q_PAGE(n), {}, auth);
      await sleep(200);
      return { ...counts };
    };
    const small = await measure(1);
    const large = await measure(100);
    off.forEach((x) => x());
    return { small, large };
  } finally {
    await platform.close();
  }
}

async function p3(s: Services, o: Options): Promise<void> {
  const counts = await p3Counts();
  const total = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0);
  const show = (c: Record<string, number>) => Object.entries(c).map(([k, v]) => `${k} ${v}`).join(', ') || 'none';
  const same = total(counts.small) === total(counts.large);
  rows.push({ scenario: 'P3', metric: 'SQL statements/request, page 1', value: String(total(counts.small)), ratio: show(counts.small), status: 'info' });
  rows.push({ scenario: 'P3', metric: 'SQL statements/request, page 100', value: String(total(counts.large)), ratio: show(counts.large), goal: 'identical', status: ok(same) });
  const pids = [{ name: 'gateway', pid: s.gateway.proc.pid }, ...pidsOf(s, ['customers', 'people'])];
  const t1: Target = { label: 'page 1', url: s.gateway.url, headers: auth, body: body(Q_PAGE(1)), pids };
  const t100: Target = { label: 'page 100', url: s.gateway.url, headers: auth, body: body(Q_PAGE(100)), pids };
  const res = await rounds('P3', [t1, t100], o);
  rpsRows('P3', res, ['page 1', 'page 100']);
  const r = ratio(res.get('page 100')!, res.get('page 1')!, (x) => x.p95);
  rows.push({ scenario: 'P3', metric: 'p95 page 100 / page 1', value: `${f(r.med, 2)}×`, range: r.range, goal: '≤ 2', status: goal(r.med, (x) => x <= 2) });
}

function rewriteSupergraphUrls(sdl: string, urls: Record<string, string>): string {
  return sdl.replace(/@join__graph\(name: "([^"]+)", url: "([^"]*)"\)/g, (all, name: string) => (urls[name] ? `@join__graph(name: "${name}", url: "${urls[name]}")` : all));
}

async function startPeers(label: string, supergraphPath: string, otlp: string, tokens: Record<string, string>, subgraphUrls: Record<string, string>, gatewayExtra: Record<string, string> = {}) {
  const ours = await startGateway(`${label}-ours`, otlp, subgraphUrls, gatewayExtra);
  const oursOff = await startGateway(`${label}-ours-nomerge`, otlp, subgraphUrls, { ...gatewayExtra, ...NO_MERGE });
  const refPort = await freePort();
  const env = { ...baseEnv(), APOLLO_TELEMETRY_DISABLED: 'true', BENCH_PRINCIPAL_TOKENS: JSON.stringify(tokens), SUPERGRAPH_PATH: supergraphPath, PORT: String(refPort), NODE_ENV: 'production' };
  const ref = spawnProc(`${label}-reference`, [join(BENCH_DIST, 'reference-gateway.js')], env);
  const hivePort = await freePort();
  const hive = spawnProc(`${label}-hive`, [join(ROOT, 'node_modules', '@graphql-hive', 'gateway', 'dist', 'bin.js'), 'supergraph', supergraphPath, '--port', String(hivePort), '--host', '127.0.0.1', '-c', join(BENCH_DIST, 'hive-gateway.config.js')], env, { cwd: workDir });
  const probe = (_port: number) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
  await waitReady(ref, `http://127.0.0.1:${refPort}/`, 60_000, probe(refPort));
  await waitReady(hive, `http://127.0.0.1:${hivePort}/graphql`, 60_000, probe(hivePort));
  return {
    ours,
    oursOff,
    ref: { proc: ref, url: `http://127.0.0.1:${refPort}/` },
    hive: { proc: hive, url: `http://127.0.0.1:${hivePort}/graphql` },
    stop: () => Promise.all([stopProc(ours.proc), stopProc(oursOff.proc), stopProc(ref), stopProc(hive)]),
  };
}

function peerRows(scenario: string, res: Map<string, LoadResult[]>, procs: { ours: Proc; oursOff: Proc; ref: Proc; hive: Proc }): void {
  rpsRows(scenario, res, ['ours', `ours, ${MERGE_OFF}`, 'reference', 'hive']);
  const ref = res.get('reference')!;
  const hive = res.get('hive')!;
  const cpu = (rs: LoadResult[], name: string) => med(rs, (x) => x.cpuMsPerReq[name]!);
  const hwm = (p: Proc) => peakRssMb(p.pid);
  const cRef = cpu(ref, 'gateway');
  const cHive = cpu(hive, 'gateway');
  const [rRef, rHive] = [hwm(procs.ref), hwm(procs.hive)];
  for (const [label, proc] of [['ours', procs.ours], [`ours, ${MERGE_OFF}`, procs.oursOff]] as const) {
    const ours = res.get(label)!;
    const tag = label === 'ours' ? '' : ` (${MERGE_OFF})`;
    const vsRef = ratio(ours, ref, (x) => x.rps);
    const vsHive = ratio(ours, hive, (x) => x.rps);
    rows.push({ scenario, metric: `RPS ours${tag} / reference @apollo/gateway`, value: `${f(vsRef.med, 2)}×`, range: vsRef.range, goal: '≥ 2.0×', status: goal(vsRef.med, (x) => x >= 2) });
    rows.push({ scenario, metric: `RPS ours${tag} / Hive Gateway`, value: `${f(vsHive.med, 2)}×`, range: vsHive.range, goal: '≥ 1.4×', status: goal(vsHive.med, (x) => x >= 1.4) });
    const cOurs = cpu(ours, 'gateway');
    rows.push({ scenario, metric: `gateway CPU-ms/req ours${tag} / reference / hive`, value: `${f(cOurs, 2)} / ${f(cRef, 2)} / ${f(cHive, 2)}`, ratio: `${f(cOurs / cRef, 2)}× ref`, goal: '≤ 0.5× ref', status: goal(cOurs / cRef, (x) => x <= 0.5) });
    const rOurs = hwm(proc);
    rows.push({ scenario, metric: `gateway peak RSS MB ours${tag} / reference / hive`, value: `${f(rOurs, 0)} / ${f(rRef, 0)} / ${f(rHive, 0)}`, ratio: `${f(rOurs / rRef, 2)}× ref`, goal: '≤ ref', status: goal(rOurs / rRef, (x) => x <= 1) });
  }
  rows.push({ scenario, metric: 'RPS Hive / reference (context)', value: `${f(ratio(hive, ref, (x) => x.rps).med, 2)}×`, status: 'info' });
}

async function p4(s: Services, o: Options): Promise<void> {
  // (1) Our supergraph and query, served by the three gateways over the same subgraph processes.
  const urls = Object.fromEntries(SUBGRAPHS.map((n) => [n, s.subgraphs[n].url]));
  const path = join(workDir, 'supergraph.graphql');
  writeFileSync(path, rewriteSupergraphUrls(readFileSync(join(ROOT, 'gateway', 'supergraph.graphql'), 'utf8'), urls));
  const tokens: Record<string, string> = {};
  for (const n of SUBGRAPHS) tokens[n] = await signPrincipal(ADMIN, secret, n, 24 * 3600);
  const q = p2Query() ?? Q_PAGE(20);
  if (!p2Query()) notes.push('P4 (our graph): the P2 fields are missing, so the P3 page-20 query is used.');
  const peers = await startPeers('p4', path, s.otlp, tokens, urls);
  try {
    const sub = pidsOf(s, [...SUBGRAPHS]);
    const targets: Target[] = [
      { label: 'ours', url: peers.ours.url, headers: auth, body: body(q), pids: [{ name: 'gateway', pid: peers.ours.proc.pid }, ...sub] },
      { label: `ours, ${MERGE_OFF}`, url: peers.oursOff.url, headers: auth, body: body(q), pids: [{ name: 'gateway', pid: peers.oursOff.proc.pid }, ...sub] },
      { label: 'reference', url: peers.ref.url, headers: {}, body: body(q), pids: [{ name: 'gateway', pid: peers.ref.proc.pid }, ...sub] },
      { label: 'hive', url: peers.hive.url, headers: {}, body: body(q), pids: [{ name: 'gateway', pid: peers.hive.proc.pid }, ...sub] },
    ];
    const bodies = await Promise.all(targets.map((t) => referenceBody(t).then((b) => JSON.stringify((JSON.parse(b) as { data: unknown }).data))));
    if (new Set(bodies).size !== 1) notes.push('P4 (our graph): the three gateways answer the query with different data (each is checked against its own unloaded answer).');
    const res = await rounds('P4', targets, o);
    peerRows('P4 ours', res, { ours: peers.ours.proc, oursOff: peers.oursOff.proc, ref: peers.ref.proc, hive: peers.hive.proc });
  } finally {
    await peers.stop();
  }
  await p4Peers(s, o);
}

/** P4's second half alone (`--scenario P4PEERS`): needs no seeded data, so it starts in seconds. */
async function p4Peers(s: Services, o: Options): Promise<void> {
  // (2) The peers' public workload shape: four small subgraphs, its own composed supergraph.
  const ports = await Promise.all(PEER_SUBGRAPHS.map(() => freePort()));
  const subProc = spawnProc('peer-subgraphs', [join(BENCH_DIST, 'peers-workload', 'subgraphs.js')], { ...baseEnv(), PEER_PORTS: ports.join(','), NODE_ENV: 'production' });
  await new Promise<void>((resolve, reject) => {
    subProc.onLine((l) => l.includes('ready') && resolve());
    void subProc.exited.then(() => reject(new Error(`peer subgraphs exited:\n${subProc.output.join('\n')}`)));
  });
  const { composeServices } = await import('@apollo/composition');
  const { parse } = await import('graphql');
  const composed = composeServices(PEER_SUBGRAPHS.map((name, i) => ({ name, typeDefs: parse(PEER_SDL[name]!), url: `http://127.0.0.1:${ports[i]}/` })));
  if (composed.errors?.length) throw new Error(`peers composition failed: ${composed.errors.map((e) => e.message).join('; ')}`);
  const peerPath = join(workDir, 'peers-supergraph.graphql');
  writeFileSync(peerPath, composed.supergraphSdl!);
  // The peers' query is far over our production cost limit (list fields weighted by page size);
  // this gateway instance gets limits that admit it — configuration only, nothing else differs.
  const peers2 = await startPeers('peers', peerPath, s.otlp, {}, {}, { SUPERGRAPH_PATH: peerPath, QUERY_MAX_COST: '100000000', QUERY_MAX_DEPTH: '20', QUERY_MAX_TOKENS: '100000' });
  notes.push('P4 peers: our gateway runs with QUERY_MAX_COST=100000000, QUERY_MAX_DEPTH=20, QUERY_MAX_TOKENS=100000 for this workload (its query costs ~1.5 M under the production limit of 50,000).');
  try {
    const sub = [{ name: 'subgraphs', pid: subProc.pid }];
    const b = JSON.stringify({ query: PEERS_QUERY, operationName: 'TestQuery' });
    const targets: Target[] = [
      { label: 'ours', url: peers2.ours.url, headers: auth, body: b, pids: [{ name: 'gateway', pid: peers2.ours.proc.pid }, ...sub] },
      { label: `ours, ${MERGE_OFF}`, url: peers2.oursOff.url, headers: auth, body: b, pids: [{ name: 'gateway', pid: peers2.oursOff.proc.pid }, ...sub] },
      { label: 'reference', url: peers2.ref.url, headers: {}, body: b, pids: [{ name: 'gateway', pid: peers2.ref.proc.pid }, ...sub] },
      { label: 'hive', url: peers2.hive.url, headers: {}, body: b, pids: [{ name: 'gateway', pid: peers2.hive.proc.pid }, ...sub] },
    ];
    const res = await rounds('P4 peers', targets, o);
    peerRows('P4 peers', res, { ours: peers2.ours.proc, oursOff: peers2.oursOff.proc, ref: peers2.ref.proc, hive: peers2.hive.proc });
  } finally {
    await peers2.stop();
    await stopProc(subProc);
  }
}

async function p5(s: Services, o: Options): Promise<void> {
  const prodDb = `salesgraph_${ns}_p5producer`;
  const consDb = `salesgraph_${ns}_p5consumer`;
  dbsToDrop.push(prodDb, consDb);
  // Both phases use --events: the drain (pre-committed backlog, the event path alone) and the steady state.
  const drainEvents = o.events;
  const steadyEvents = o.events;
  const mutRounds = Math.max(o.rounds, 1);
  const mutPerRound = o.smoke ? 20 : 300;
  const env = {
    ...baseEnv(),
    DATABASE_URL,
    NATS_URL,
    EVENTS_NAMESPACE: eventsNs,
    PRODUCER_DB: prodDb,
    CONSUMER_DB: consDb,
    OTEL_EXPORTER_OTLP_ENDPOINT: s.otlp,
    NODE_ENV: 'production',
    EVENTS: String(steadyEvents),
    DRAIN_EVENTS: String(drainEvents),
    STEADY_ON_SIGNAL: '1',
    CONCURRENCY: '32',
    MUT_ROUNDS: String(mutRounds),
    MUT_PER_ROUND: String(mutPerRound),
  };
  const consumer = spawnProc('p5-consumer', [join(BENCH_DIST, 'events-worker.js'), 'consumer'], env);
  await new Promise<void>((resolve, reject) => {
    consumer.onLine((l) => l.includes('"ready"') && resolve());
    void consumer.exited.then(() => reject(new Error(`p5 consumer exited:\n${consumer.output.join('\n')}`)));
  });
  const producer = spawnProc('p5-producer', [join(BENCH_DIST, 'events-worker.js'), 'producer'], env);
  let mutation: { withOutbox: number[]; withoutOutbox: number[]; insertOnly: number[] } | undefined;
  let mutationCpu: { withOutbox: number[]; withoutOutbox: number[]; insertOnly: number[] } | undefined;
  let drain: { events: number; startMs: number; relayedMs: number } | undefined;
  let produced: { produced: number; commitMs: number; relayedMs: number } | undefined;
  producer.onLine((l) => {
    if (l.startsWith('{"mutationP50"')) ({ mutationP50: mutation, mutationCpuMs: mutationCpu } = JSON.parse(l) as { mutationP50: typeof mutation; mutationCpuMs: typeof mutationCpu });
    if (l.startsWith('{"drain"')) drain = (JSON.parse(l) as { drain: typeof drain }).drain;
    if (l.startsWith('{"produced"')) produced = JSON.parse(l) as typeof produced;
  });
  const { Client } = await import('pg');
  const client = new Client({ connectionString: DATABASE_URL.replace(/\/[^/]*$/, `/${consDb}`) });
  const deadline = Date.now() + (o.smoke ? 90_000 : 600_000);
  const until = async <T>(what: string, get: () => T | undefined): Promise<T> => {
    while (Date.now() < deadline) {
      const v = get();
      if (v !== undefined) return v;
      if (!isRunning(producer)) throw new Error(`p5 producer exited before ${what}:\n${producer.output.slice(-30).join('\n')}`);
      await sleep(100);
    }
    throw new Error(`p5: no ${what} before the deadline`);
  };
  const effects = async (phase: string): Promise<number> => {
    const r = await client.query('select count(*)::int as n from bench_effect where phase = $1', [phase]);
    return (r.rows[0] as { n: number }).n;
  };
  const applied = async (phase: string, n: number): Promise<number> => {
    let got = 0;
    while (Date.now() < deadline && (got = await effects(phase)) < n) await sleep(100);
    return got;
  };
  const stats = async (phase: string) => {
    const r = await client.query(
      `select count(*)::int as n, min(committed_ms)::float8 as first, max(applied_ms)::float8 as last,
        percentile_cont(0.5) within group (order by applied_ms - committed_ms)::float8 as p50,
        percentile_cont(0.99) within group (order by applied_ms - committed_ms)::float8 as p99
       from bench_effect where phase = $1`,
      [phase],
    );
    return r.rows[0] as { n: number; first: number; last: number; p50: number; p99: number };
  };
  const short = (phase: string, n: number, wanted: number) => {
    if (n >= wanted) return false;
    if (n === 0 || o.smoke) failed = true;
    notes.push(`P5 ${phase}: only ${n} of ${wanted} events reached the consumer before the deadline; the rate is over those.`);
    return true;
  };
  try {
    await until('mutation latencies', () => mutation);
    await client.connect();
    // The latency rounds' events (with the relay kicked, and the INSERT-only ones, warm-up included) are consumed first.
    await applied('latency', (mutRounds * mutPerRound + Math.min(50, mutPerRound)) * 2);
    const cpu0 = { c: cpuMs(consumer.pid), p: cpuMs(producer.pid) };
    const d = await until('drain start', () => drain);
    const drainN = await applied('drain', drainEvents);
    const cpu1 = { c: cpuMs(consumer.pid), p: cpuMs(producer.pid) };
    producer.child.kill('SIGUSR2');
    const ds = await stats('drain');
    const drainRate = ds.n / ((ds.last - d.startMs) / 1000);
    const drainShort = short('drain', ds.n, drainEvents);
    rows.push({
      scenario: 'P5',
      metric: `event path alone: drain of ${fi(drainEvents)} pre-committed events, events/s`,
      value: fi(drainRate),
      ratio: `${drainN}/${drainEvents} effects in ${f((ds.last - d.startMs) / 1000, 2)} s (relay done at ${f(d.relayedMs / 1000, 2)} s)`,
      goal: '≥ 5,000/s',
      status: ds.n === 0 || (o.smoke && drainShort) ? 'FAIL' : goal(drainRate, (x) => x >= 5000),
    });
    rows.push({ scenario: 'P5', metric: 'drain: CPU-ms/event consumer / producer (relay)', value: `${f((cpu1.c - cpu0.c) / Math.max(1, ds.n), 3)} / ${f((cpu1.p - cpu0.p) / Math.max(1, ds.n), 3)}`, status: 'info' });

    const p = await until('steady-state results', () => produced);
    const steadyN = await applied('throughput', steadyEvents);
    const cpu2 = { c: cpuMs(consumer.pid), p: cpuMs(producer.pid) };
    const ss = await stats('throughput');
    const steadyRate = ss.n / ((ss.last - ss.first) / 1000);
    short('steady state', steadyN, steadyEvents);
    rows.push({
      scenario: 'P5',
      metric: 'steady state: 32 producers committing, 1 event/commit, events/s',
      value: fi(steadyRate),
      ratio: `${ss.n}/${steadyEvents} effects; commits ${fi(p.produced / (p.commitMs / 1000))}/s`,
      status: ss.n === 0 ? 'FAIL' : 'info',
    });
    rows.push({ scenario: 'P5', metric: 'steady state: lag commit → effect p50 / p99 ms', value: `${f(ss.p50, 0)} / ${f(ss.p99, 0)}`, status: 'info' });
    rows.push({ scenario: 'P5', metric: 'steady state: CPU-ms/event consumer / producer (mutations + relay)', value: `${f((cpu2.c - cpu1.c) / Math.max(1, ss.n), 3)} / ${f((cpu2.p - cpu1.p) / Math.max(1, ss.n), 3)}`, status: 'info' });
    const w = median(mutation!.withOutbox);
    const wo = median(mutation!.withoutOutbox);
    const ins = median(mutation!.insertOnly);
    rows.push({ scenario: 'P5', metric: 'mutation p50 ms with / without outbox', value: `${f(w, 2)} / ${f(wo, 2)}`, range: mutation!.withOutbox.length > 1 ? `${rng(mutation!.withOutbox, 2)} / ${rng(mutation!.withoutOutbox, 2)}` : '', ratio: `${f(w / wo, 2)}×`, goal: '≤ 1.1×', status: goal(w / wo, (x) => x <= 1.1) });
    rows.push({ scenario: 'P5', metric: 'mutation p50 ms: outbox row, relay stopped (INSERT only)', value: f(ins, 2), range: rng(mutation!.insertOnly, 2), ratio: `${f(ins / wo, 2)}× without; relay share ${f(w - ins, 2)} ms`, status: 'info' });
    if (mutationCpu) {
      const [cw, cwo, cins] = [median(mutationCpu.withOutbox), median(mutationCpu.withoutOutbox), median(mutationCpu.insertOnly)];
      rows.push({ scenario: 'P5', metric: 'mutation producer CPU-ms with / INSERT only / without', value: `${f(cw, 3)} / ${f(cins, 3)} / ${f(cwo, 3)}`, ratio: `relay ${f(cw - cins, 3)} ms/mutation`, status: 'info' });
    }
    rows.push({ scenario: 'P5', metric: 'peak RSS MB producer / consumer', value: `${f(peakRssMb(producer.pid), 0)} / ${f(peakRssMb(consumer.pid), 0)}`, status: 'info' });
  } finally {
    await client.end().catch(() => undefined);
    await Promise.all([stopProc(producer), stopProc(consumer)]);
  }
}

async function npmStart(): Promise<number> {
  const port = await freePort();
  const dataDir = join(workDir, 'npm-start');
  const started = Date.now();
  const child = spawnProc('npm-start', [join(ROOT, 'scripts', 'start.mjs')], { ...baseEnv(), PORT: String(port), SALESGRAPH_DATA_DIR: dataDir, SUBGRAPH_PORT_BASE: String(await freePort()) });
  let url: string | undefined;
  let key: string | undefined;
  child.onLine((l) => {
    const u = /GraphQL:\s+(\S+)/.exec(l);
    if (u) url = u[1];
    const k = /API key:\s+(\S+)/.exec(l);
    if (k) key = k[1];
  });
  try {
    const deadline = Date.now() + 180_000;
    while (Date.now() < deadline) {
      if (!isRunning(child)) throw new Error(`npm start exited:\n${child.output.slice(-20).join('\n')}`);
      if (url && key) {
        try {
          await gql(url, '{ customers(first: 1) { totalCount } }', {}, { authorization: `Bearer ${key}` });
          return (Date.now() - started) / 1000;
        } catch {
          /* not answering yet */
        }
      }
      await sleep(100);
    }
    throw new Error('npm start did not answer within 180 s');
  } finally {
    await stopProc(child, 'SIGINT', 15_000);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function p6(s: Services, idle: Record<string, number>, o: Options): Promise<void> {
  for (const [name, mb] of Object.entries(idle)) rows.push({ scenario: 'P6', metric: `idle RSS MB ${name}`, value: f(mb, 0), goal: '≤ 120 MB', status: ok(mb <= 120) });
  const peak = [s.gateway.proc, ...SUBGRAPHS.map((n) => s.subgraphs[n].proc)].map((p) => `${p.name} ${f(peakRssMb(p.pid), 0)}`).join(', ');
  rows.push({ scenario: 'P6', metric: 'peak RSS MB after the load (VmHWM)', value: '', ratio: peak, status: 'info' });
  if (!o.npmStart) return;
  try {
    const seconds = await npmStart();
    rows.push({ scenario: 'P6', metric: '`npm start` to first answer, s', value: f(seconds, 1), goal: '≤ 15 s', status: ok(seconds <= 15) });
  } catch (e) {
    rows.push({ scenario: 'P6', metric: '`npm start` to first answer, s', value: 'failed', goal: '≤ 15 s', status: 'NOT met' });
    notes.push(`P6 npm start: ${(e as Error).message.slice(0, 1500)}`);
  }
}

async function profileGateway(s: Services, o: Options): Promise<void> {
  const dir = join(workDir, 'cpu-prof');
  const q = p2Query() ?? Q_PAGE(100);
  const gw = await startGateway('gateway-profiled', s.otlp, Object.fromEntries(SUBGRAPHS.map((n) => [n, s.subgraphs[n].url])), {}, ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
  const t: Target = { label: 'profiled', url: gw.url, headers: auth, body: body(q), pids: [{ name: 'gateway', pid: gw.proc.pid }] };
  const expected = await referenceBody(t);
  const loadStart = Date.now();
  await load(t, expected, { durationS: o.profileSeconds, connections: o.connections });
  const loadEnd = Date.now();
  await stopProc(gw.proc);
  const exitAt = Date.now();
  const file = readdirSync(dir).find((x) => x.endsWith('.cpuprofile'));
  if (!file) {
    notes.push('profile: no .cpuprofile written');
    return;
  }
  // Only the samples taken under load (start-up and shutdown cut off).
  const top = summarizeProfile(JSON.parse(readFileSync(join(dir, file), 'utf8')), 15, { fromEndMs: exitAt - loadStart, toEndMs: exitAt - loadEnd });
  profileText = `Gateway CPU profile under load (${o.profileSeconds} s of \`${q.slice(0, 60)}…\`, ${o.connections} connections), top 15 self time (share of busy time):\n${top}`;
  notes.push(`profile written to ${join(dir, file)}`);
}

// ---------------------------------------------------------------------------------------------

const dbsToDrop: string[] = [];
let profileText: string | undefined;

async function cleanup(): Promise<void> {
  await stopAll();
  const names = [...SUBGRAPHS.map((n) => databaseNameFor(n, ns)), accessDatabaseName(ns), ...dbsToDrop];
  await Promise.allSettled(names.map((databaseName) => dropDatabase({ databaseUrl: DATABASE_URL, databaseName, dataDir: workDir })));
  for (const namespace of [ns, eventsNs]) {
    try {
      const bus = await NatsBus.connect({ url: NATS_URL, namespace, name: 'bench-cleanup' });
      await bus.deleteNamespace();
      await bus.close();
    } catch (e) {
      log(`NATS clean-up of ${namespace} failed: ${(e as Error).message}`);
    }
  }
  if (!process.env.BENCH_KEEP_WORKDIR) rmSync(workDir, { recursive: true, force: true });
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const loadStart = (await import('node:os')).loadavg();
  schemaFields = await probeSchema();
  log(`namespace ${ns}, ${o.smoke ? 'smoke' : 'full'} run, scenarios ${[...o.scenarios].join(',')}, ${o.rounds} round(s) × ${o.durationS} s, ${o.connections} connections`);
  const s = await startServices();
  await sleep(o.smoke ? 500 : 3_000);
  const idle: Record<string, number> = {};
  for (const p of [s.gateway.proc, ...SUBGRAPHS.map((n) => s.subgraphs[n].proc)]) idle[p.name] = rssMb(p.pid);
  log(`services up; idle RSS ${Object.entries(idle).map(([k, v]) => `${k} ${f(v, 0)} MB`).join(', ')}`);
  const needsData = ['P1', 'P2', 'P3', 'P4'].some((x) => o.scenarios.has(x));
  if (needsData) {
    const seeded = await seed(s.gateway.url, o);
    log(`seeded in ${f(seeded.seconds)} s`);
    notes.push(`seed: ${seeded.repIds.length} reps, ${seeded.skus.length} products, ${seeded.suppliers} suppliers, ${seeded.customerIds.length} customers, ${seeded.orders} orders through the gateway${seeded.cloned ? ` + ${seeded.cloned} cloned in SQL` : ''}, in ${f(seeded.seconds)} s.`);
    // Let the events of the seed (customer counts, known customers/products) settle.
    const left = await eventsDrained(o.smoke ? 60_000 : 900_000);
    log(`seed events drained${left ? ` — NOT all: ${left} still pending at the deadline` : ''}`);
    await settled({ label: 'settle', url: s.gateway.url, headers: auth, body: body(Q_PAGE(100)), pids: [] });
  }
  let directRps: number | undefined;
  const step = async (name: string, fn: () => Promise<void>) => {
    if (!o.scenarios.has(name)) return;
    log(`${name} …`);
    try {
      await fn();
    } catch (e) {
      failed = true;
      rows.push({ scenario: name, metric: 'error', value: (e as Error).message.split('\n')[0]!.slice(0, 120), status: 'FAIL' });
      notes.push(`${name} failed: ${(e as Error).stack?.slice(0, 2000)}`);
    }
  };
  await step('P1', async () => {
    directRps = (await p1(s, o)).directRps;
  });
  await step('P2', () => p2(s, o, directRps));
  await step('P3', () => p3(s, o));
  await step('P4', () => p4(s, o));
  if (!o.scenarios.has('P4')) await step('P4PEERS', () => p4Peers(s, o));
  await step('P5', () => p5(s, o));
  await step('P6', () => p6(s, idle, o));
  // Analysis (issue 9): the forecast library alone, salesForecast and the KPI overview through the gateway.
  const analysis = (fn: () => Promise<{ rows: AnalysisRow[]; notes: string[] }>) => async () => {
    const r = await fn();
    rows.push(...r.rows);
    notes.push(...r.notes);
  };
  const analysisGateway: GatewayContext = {
    gatewayUrl: s.gateway.url,
    headers: auth,
    pids: [{ name: 'gateway', pid: s.gateway.proc.pid }, ...pidsOf(s, [...SUBGRAPHS])],
    ordersDatabaseUrl: DATABASE_URL.replace(/\/[^/]*$/, `/${databaseNameFor('orders', ns)}`),
    smoke: o.smoke,
    // One request at a time: the latency of a forecast, not a queue behind 16 connections.
    rounds: (scenario, targets) => rounds(scenario, targets, { ...o, connections: 1 }),
  };
  await step('A1', analysis(() => analysisLib({ smoke: o.smoke })));
  await step('A2', analysis(() => analysisForecast(analysisGateway)));
  await step('A3', analysis(() => analysisKpis(analysisGateway)));
  if (o.profile) await profileGateway(s, o).catch((e) => notes.push(`profile failed: ${(e as Error).message}`));
  const { cpus, totalmem, loadavg } = await import('node:os');
  notes.push(`Node flags: our gateway ${gatewayFlags.join(' ') || '(defaults)'}, subgraphs ${[...new Set(SUBGRAPHS.map((n) => deployedNodeFlags(n).join(' ') || '(defaults)'))].join(', ')} (their k8s/base manifests' NODE_OPTIONS); reference and Hive Gateway on Node's defaults.`);
  process.stdout.write(`\nMachine: ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), ${f(totalmem() / 2 ** 30, 1)} GiB, Node ${process.version}; load average at start ${loadStart.map((x) => f(x, 1)).join(' ')}, at end ${loadavg().map((x) => f(x, 1)).join(' ')}\n`);
  process.stdout.write(`\nSalesgraph bench — ${o.smoke ? 'SMOKE (tiny volumes, timings not meaningful)' : 'full'} run, ${o.rounds} round(s) × ${o.durationS} s, ${o.connections} connections, ${new Date().toISOString()}\n\n`);
  process.stdout.write(`${printTable()}\n`);
  if (profileText) process.stdout.write(`\n${profileText}\n`);
  if (notes.length) process.stdout.write(`\nNotes:\n${notes.map((n) => `- ${n}`).join('\n')}\n`);
  process.stdout.write(`\nTotal ${f((Date.now() - started) / 1000)} s; correctness ${failed ? 'FAILED' : 'ok'}.\n`);
}

let cleaning: Promise<void> | undefined;
const finish = (code: number) => {
  cleaning ??= cleanup().catch((e) => log(`clean-up failed: ${(e as Error).message}`));
  void cleaning.then(() => process.exit(code));
};
process.on('SIGINT', () => finish(130));
process.on('SIGTERM', () => finish(143));
main().then(
  () => finish(failed ? 1 : 0),
  (e) => {
    process.stderr.write(`bench failed: ${(e as Error).stack}\n`);
    finish(1);
  },
);
