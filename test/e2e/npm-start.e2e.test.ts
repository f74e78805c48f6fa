// `npm start` brings the whole graph up on the embedded defaults, answers a query with the
// key it prints, keeps its data across restarts, and stops cleanly on Ctrl-C (SIGINT).
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bearer, graphql, tempDir } from '@salesgraph/testing';

const ROOT = join(__dirname, '..', '..');

/** npm re-raises Ctrl-C on itself after its script exits; our process must have stopped cleanly. */
function expectCleanStop(result: { code: number | null; signal: NodeJS.Signals | null }, output: string): void {
  expect(result.code === 0 || result.signal === 'SIGINT', JSON.stringify(result)).toBe(true);
  expect(output).toMatch(/SIGINT: stopping Salesgraph\.\.\.\nstopped\./);
}

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

interface Started {
  url: string;
  key: string;
  output: () => string;
  seconds: number;
  /** Sends Ctrl-C to the process group; resolves with how npm ended. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

async function npmStart(dataDir: string, port: number): Promise<Started> {
  const started = Date.now();
  const child = spawn('npm', ['start'], {
    cwd: ROOT,
    // A process group of its own, so SIGINT reaches npm and node as Ctrl-C would.
    detached: true,
    env: { ...process.env, PORT: String(port), SALESGRAPH_DATA_DIR: dataDir, NATS_URL: '', DATABASE_URL: '', LOG_LEVEL: 'warn', NODE_ENV: 'development' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const ready = await new Promise<{ url: string; key: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not print its URL in time:\n${out}`)), 120_000);
    const check = () => {
      const url = /GraphQL:\s+(\S+)/.exec(out)?.[1];
      const key = /API key:\s+(\S+)/.exec(out)?.[1];
      if (url && key) {
        clearTimeout(timer);
        resolve({ url, key });
      }
    };
    child.stdout.on('data', check);
    void exited.then(({ code }) => reject(new Error(`npm start exited with ${code}:\n${out}`)));
  });
  return {
    ...ready,
    output: () => out,
    seconds: (Date.now() - started) / 1000,
    async stop() {
      process.kill(-child.pid!, 'SIGINT');
      return exited;
    },
  };
}

const CUSTOMERS = '{ customers(first: 10) { totalCount edges { node { name owner { name customerCount } } } } }';

describe('npm start', () => {
  const dir = tempDir('salesgraph-npm-start-');
  afterAll(() => dir.remove());

  it('starts the platform on the embedded defaults, answers with the printed key, and stops on Ctrl-C', async () => {
    const port = await freePort();
    const first = await npmStart(dir.path, port);
    try {
      expect(first.url).toBe(`http://localhost:${port}/graphql`);
      expect(first.output()).toMatch(/SQLite in .*in-process event bus.*demo data seeded/s);
      const t0 = Date.now();
      const res = await graphql<{ customers: { totalCount: number; edges: { node: { name: string; owner: { name: string; customerCount: number } } }[] } }>(
        first.url.replace('localhost', '127.0.0.1'),
        CUSTOMERS,
        {},
        bearer(first.key),
      );
      expect(res.status).toBe(200);
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data!.customers.totalCount).toBe(6);
      for (const e of res.body.data!.customers.edges) expect(e.node.owner.customerCount).toBeGreaterThan(0);
      // eslint-disable-next-line no-console
      console.log(`npm start: first answer ${(first.seconds + (Date.now() - t0) / 1000).toFixed(1)} s after launch (install and build already done)`);
    } finally {
      expectCleanStop(await first.stop(), first.output());
    }
    expect(await portIsFree(port)).toBe(true);

    // Second start on the same data: no reseeding, the data is still there.
    const second = await npmStart(dir.path, port);
    try {
      expect(second.output()).not.toMatch(/demo data seeded/);
      expect(second.key).toBe(first.key);
      const res = await graphql<{ customers: { totalCount: number } }>(second.url.replace('localhost', '127.0.0.1'), CUSTOMERS, {}, bearer(second.key));
      expect(res.body.data!.customers.totalCount).toBe(6);
      const anon = await graphql(second.url.replace('localhost', '127.0.0.1'), CUSTOMERS);
      expect(anon.status).toBe(401);
    } finally {
      expectCleanStop(await second.stop(), second.output());
    }
    expect(await portIsFree(port)).toBe(true);
  }, 240_000);
});
