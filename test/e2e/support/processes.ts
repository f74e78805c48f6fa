// Running the built services as child processes, for tests that need real processes
// (OpenTelemetry patching, signals, process lifecycles).
import { spawn, type ChildProcess } from 'node:child_process';
import { connect as tcpConnect, createServer as createTcpServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..', '..');

export const ENTRIES = {
  customers: join(ROOT, 'subgraphs', 'customers', 'dist', 'index.js'),
  orders: join(ROOT, 'subgraphs', 'orders', 'dist', 'index.js'),
  people: join(ROOT, 'subgraphs', 'people', 'dist', 'index.js'),
  'supply-risk': join(ROOT, 'subgraphs', 'supply-risk', 'dist', 'index.js'),
  gateway: join(ROOT, 'gateway', 'dist', 'index.js'),
} as const;
export type ProcessName = keyof typeof ENTRIES;

/** Is a TCP listener at the first server of a NATS URL list? */
export async function tcpReachable(url: string, timeoutMs = 1_500): Promise<boolean> {
  const first = url.split(',')[0]!.trim();
  let host = '127.0.0.1';
  let port = 4222;
  try {
    const u = new URL(first.includes('://') ? first : `nats://${first}`);
    host = u.hostname || host;
    port = Number(u.port || 4222);
  } catch {
    return false;
  }
  return new Promise((resolve) => {
    const socket = tcpConnect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export async function freePort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface Child {
  name: ProcessName;
  process: ChildProcess;
  output: string[];
  exited: Promise<number | null>;
}

/** The parent's environment minus anything that would change how the children behave. */
export function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined) continue;
    if (/^(OTEL_|VITEST|NODE_OPTIONS$|DATABASE_|NATS_|SALESGRAPH_|PORT$|HOST$|MIGRATE_ON_START$|OUTBOX_POLL_MS$|LOG_LEVEL$|NODE_ENV$|[A-Z_]+_URL$)/.test(k)) continue;
    env[k] = v;
  }
  return env;
}

export function spawnService(name: ProcessName, env: Record<string, string>): Child {
  const child = spawn(process.execPath, [ENTRIES[name]], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const capture = (stream: 'out' | 'err') => (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) output.push(`${name} ${stream}: ${line}`);
    if (output.length > 2_000) output.splice(0, output.length - 2_000);
  };
  child.stdout!.on('data', capture('out'));
  child.stderr!.on('data', capture('err'));
  const exited = new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    child.once('exit', (code, signal) => {
      output.push(`${name}: exited (code ${code}, signal ${signal})`);
      resolve(code);
    });
  });
  return { name, process: child, output, exited };
}

export async function waitReady(child: Child, url: string, timeoutMs = 25_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (child.process.exitCode !== null || child.process.signalCode !== null) throw new Error(`${child.name} exited before it was ready (code ${child.process.exitCode})`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return;
      last = `${res.status} ${await res.text()}`;
    } catch (e) {
      last = (e as Error).message;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${child.name}: ${url} not ready after ${timeoutMs} ms (last: ${last})`);
}

export async function stopChild(child: Child, timeoutMs = 10_000): Promise<void> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return;
  child.process.kill('SIGTERM');
  const timer = setTimeout(() => child.process.kill('SIGKILL'), timeoutMs);
  await child.exited;
  clearTimeout(timer);
}

