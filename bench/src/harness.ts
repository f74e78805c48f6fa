// Bench harness: processes (spawn, readiness, /proc accounting, stop), HTTP helpers,
// autocannon load with per-response correctness checks, and small statistics.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (opts: Record<string, unknown>, cb?: (err: Error | null, result: AutocannonResult) => void) => unknown;

export const ROOT = join(__dirname, '..', '..');

export interface AutocannonResult {
  requests: { total: number; average: number; mean: number };
  latency: { p50: number; p90: number; p95?: number; p97_5: number; p99: number; average: number; mean: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  mismatches: number;
  duration: number;
  '2xx': number;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The parent's environment minus anything that would change how the children behave. */
export function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined) continue;
    if (/^(OTEL_|VITEST|NODE_OPTIONS$|DATABASE_|NATS_|SALESGRAPH_|PORT$|HOST$|MIGRATE_ON_START$|OUTBOX_POLL_MS$|LOG_LEVEL$|NODE_ENV$|REDIS_URL$|[A-Z_]+_URL$|[A-Z0-9_]+_FILE$)/.test(k)) continue; // X_FILE: libs/config reads it as a secret file
    env[k] = v;
  }
  return env;
}

export interface Proc {
  name: string;
  child: ChildProcess;
  pid: number;
  output: string[];
  exited: Promise<number | null>;
  /** Lines printed on stdout, for handshakes. */
  onLine(fn: (line: string) => void): void;
}

const live = new Set<Proc>();

export function spawnProc(name: string, args: string[], env: Record<string, string>, options: { cwd?: string; execArgv?: string[]; command?: string } = {}): Proc {
  const child = spawn(options.command ?? process.execPath, [...(options.execArgv ?? []), ...args], { cwd: options.cwd ?? ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const listeners: ((line: string) => void)[] = [];
  let partial = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    const text = partial + chunk.toString('utf8');
    const lines = text.split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.trim()) continue;
      output.push(`${name}: ${line}`);
      for (const l of listeners) l(line);
    }
    if (output.length > 400) output.splice(0, output.length - 400);
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) output.push(`${name} err: ${line}`);
    if (output.length > 400) output.splice(0, output.length - 400);
  });
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code, signal) => {
      output.push(`${name}: exited (code ${code}, signal ${signal})`);
      live.delete(proc);
      resolve(code);
    });
  });
  const proc: Proc = { name, child, pid: child.pid!, output, exited, onLine: (fn) => listeners.push(fn) };
  live.add(proc);
  return proc;
}

export function isRunning(p: Proc): boolean {
  return p.child.exitCode === null && p.child.signalCode === null;
}

export async function waitReady(p: Proc, url: string, timeoutMs = 60_000, init?: RequestInit): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (!isRunning(p)) throw new Error(`${p.name} exited before it was ready:\n${p.output.slice(-30).join('\n')}`);
    try {
      const res = await fetch(url, { ...init, signal: AbortSignal.timeout(2_000) });
      if (res.ok) return;
      last = `${res.status} ${(await res.text()).slice(0, 200)}`;
    } catch (e) {
      last = (e as Error).message;
    }
    await sleep(100);
  }
  throw new Error(`${p.name}: ${url} not ready after ${timeoutMs} ms (last: ${last})\n${p.output.slice(-30).join('\n')}`);
}

export async function stopProc(p: Proc, signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 10_000): Promise<void> {
  if (!isRunning(p)) return;
  p.child.kill(signal);
  const timer = setTimeout(() => p.child.kill('SIGKILL'), timeoutMs);
  await p.exited;
  clearTimeout(timer);
}

/** Stops every process this harness started (by pid, each one). */
export async function stopAll(): Promise<void> {
  await Promise.allSettled([...live].map((p) => stopProc(p)));
}

// ---- /proc accounting ----

const CLK_TCK = 100; // getconf CLK_TCK on Linux x86_64/arm64

/** utime + stime of a process in milliseconds. */
export function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is state (field 3); utime is field 14, stime field 15 → indices 11, 12.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
  } catch {
    return NaN;
  }
}

function statusKb(pid: number, key: 'VmHWM' | 'VmRSS'): number {
  try {
    const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : NaN;
  } catch {
    return NaN;
  }
}
export const peakRssMb = (pid: number) => statusKb(pid, 'VmHWM') / 1024;
export const rssMb = (pid: number) => statusKb(pid, 'VmRSS') / 1024;

// ---- GraphQL over HTTP ----

export interface GqlBody {
  data?: unknown;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

export async function gql<T = unknown>(url: string, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<T> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  const text = await res.text();
  let body: GqlBody;
  try {
    body = JSON.parse(text) as GqlBody;
  } catch {
    throw new Error(`${url}: HTTP ${res.status} ${text.slice(0, 300)}`);
  }
  if (body.errors?.length) throw new Error(`${url}: ${body.errors.map((e) => `${e.message} (${String(e.extensions?.code ?? '')})`).join('; ')}`);
  return body.data as T;
}

/** Raw POST of a request body; returns status and text. */
export async function post(url: string, body: string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: res.status, text: await res.text() };
}

/** Runs `fn` over items with at most `concurrency` in flight. */
export async function pool<T, R>(items: readonly T[], concurrency: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!, i);
      }
    }),
  );
  return out;
}

// ---- load ----

export interface Target {
  label: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  /** Server processes whose CPU counts against this target. */
  pids: { name: string; pid: number }[];
}

export interface LoadResult {
  label: string;
  rps: number;
  requests: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  mismatches: number;
  non2xx: number;
  /** CPU-ms per request per process, and summed. */
  cpuMsPerReq: Record<string, number>;
  cpuMsPerReqTotal: number;
  firstMismatch?: string;
}

/** Canonical form of a response body for comparison: data and errors, extensions dropped. */
export function canonical(text: string): string {
  try {
    const b = JSON.parse(text) as GqlBody;
    return JSON.stringify({ data: b.data ?? null, errors: b.errors ?? null });
  } catch {
    return `unparseable: ${text.slice(0, 200)}`;
  }
}

/** The unloaded reference answer of a target; refuses one with GraphQL errors. */
export async function referenceBody(t: Target): Promise<string> {
  const r = await post(t.url, t.body, t.headers);
  const b = JSON.parse(r.text) as GqlBody;
  if (r.status !== 200 || b.errors?.length) throw new Error(`${t.label}: unloaded run failed: HTTP ${r.status} ${r.text.slice(0, 500)}`);
  return r.text;
}

/** Load for `durationS` seconds, or (smoke) for `amount` requests so that every target answers some. */
export async function load(t: Target, expected: string, options: { durationS: number; connections: number; amount?: number }): Promise<LoadResult> {
  const expectedCanonical = canonical(expected);
  let mismatches = 0;
  let firstMismatch: string | undefined;
  const verify = (body: string): boolean => {
    if (body === expected) return true;
    const c = canonical(body);
    if (c === expectedCanonical) return true;
    mismatches += 1;
    firstMismatch ??= body.slice(0, 400);
    return false;
  };
  const latencies: number[] = [];
  const before = t.pids.map((p) => cpuMs(p.pid));
  const t0 = Date.now();
  const result = await new Promise<AutocannonResult>((resolve, reject) => {
    autocannon(
      {
        url: t.url,
        method: 'POST',
        headers: { 'content-type': 'application/json', ...t.headers },
        body: t.body,
        connections: options.connections,
        ...(options.amount ? { amount: options.amount } : { duration: options.durationS }),
        timeout: 30,
        verifyBody: verify,
        setupClient: (client: { on(e: 'response', f: (status: number, bytes: number, responseTime: number) => void): void }) => {
          client.on('response', (_status, _bytes, rt) => latencies.push(rt));
        },
      },
      (err, res) => (err ? reject(err) : resolve(res)),
    );
  });
  const elapsedS = (Date.now() - t0) / 1000;
  const after = t.pids.map((p) => cpuMs(p.pid));
  const requests = result.requests.total;
  const cpuMsPerReq: Record<string, number> = {};
  let total = 0;
  t.pids.forEach((p, i) => {
    const v = requests ? (after[i]! - before[i]!) / requests : NaN;
    cpuMsPerReq[p.name] = v;
    total += v;
  });
  return {
    label: t.label,
    rps: requests / elapsedS,
    requests,
    p50: result.latency.p50,
    p95: percentile(latencies, 95),
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    mismatches: Math.max(mismatches, result.mismatches ?? 0),
    non2xx: result.non2xx,
    cpuMsPerReq,
    cpuMsPerReqTotal: total,
    firstMismatch,
  };
}

// ---- statistics ----

export function median(xs: number[]): number {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
export const minOf = (xs: number[]) => Math.min(...xs.filter((x) => Number.isFinite(x)));
export const maxOf = (xs: number[]) => Math.max(...xs.filter((x) => Number.isFinite(x)));

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}
