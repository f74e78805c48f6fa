// `npm start`: the whole platform on the embedded defaults (one process, SQLite under .data/,
// in-process bus), or — with NATS_URL set — each service as its own process, as in Kubernetes.
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { commonEnv, parseConfig, port, z, ConfigError } from '@salesgraph/config';
import { DEFAULT_PORTS, SUBGRAPHS } from '@salesgraph/service';
import { loadDevSecrets, type DevSecrets } from './dev-secrets';
import { startPlatform } from './platform';
import { seedDemoData } from './seed';

const ROOT = join(__dirname, '..', '..');

const envSchema = commonEnv.omit({ SALESGRAPH_INTERNAL_SECRET: true }).extend({
  PORT: port(4000),
  SUBGRAPH_PORT_BASE: z.coerce.number().int().min(1).max(65000).optional(),
  SALESGRAPH_SEED: z.enum(['true', 'false']).default('true'),
});

async function waitReady(url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: process exited with code ${child.exitCode}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms`);
}

/** NATS mode: five processes, supervised; one failing stops all. */
async function startProcesses(config: z.output<typeof envSchema>, secrets: DevSecrets): Promise<{ url: string; stop(): Promise<void> }> {
  const base = config.SUBGRAPH_PORT_BASE ?? DEFAULT_PORTS.customers;
  const children: ChildProcess[] = [];
  const env = {
    ...process.env,
    SALESGRAPH_INTERNAL_SECRET: secrets.internalSecret,
    SALESGRAPH_JWT_SECRET: secrets.jwtSecret,
    SALESGRAPH_ADMIN_KEY: secrets.adminKey,
    MIGRATE_ON_START: 'true',
  };
  let stopping = false;
  const stop = async () => {
    stopping = true;
    await Promise.all(
      children.map(
        (c) =>
          new Promise<void>((done) => {
            if (c.exitCode !== null) return done();
            c.once('exit', () => done());
            c.kill('SIGTERM');
          }),
      ),
    );
  };
  const launch = (name: string, script: string, extra: Record<string, string>) => {
    const child = spawn(process.execPath, [script], { env: { ...env, ...extra }, stdio: ['ignore', 'inherit', 'inherit'] });
    child.once('exit', (code) => {
      if (stopping) return;
      process.stderr.write(`${name} exited unexpectedly (code ${code}); stopping the platform\n`);
      void stop().then(() => process.exit(1));
    });
    children.push(child);
    return child;
  };
  const urls: Record<string, string> = {};
  await Promise.all(
    SUBGRAPHS.map((name, i) => {
      const p = base + i;
      urls[name] = `http://127.0.0.1:${p}/graphql`;
      const child = launch(name, join(ROOT, 'subgraphs', name, 'dist', 'index.js'), { PORT: String(p), HOST: '127.0.0.1' });
      return waitReady(`http://127.0.0.1:${p}/readyz`, child);
    }),
  );
  const gw = launch('gateway', join(ROOT, 'gateway', 'dist', 'index.js'), {
    PORT: String(config.PORT),
    CUSTOMERS_URL: urls.customers!,
    ORDERS_URL: urls.orders!,
    PEOPLE_URL: urls.people!,
    SUPPLY_RISK_URL: urls['supply-risk']!,
  });
  await waitReady(`http://127.0.0.1:${config.PORT}/readyz`, gw);
  return { url: `http://localhost:${config.PORT}/graphql`, stop };
}

async function main(): Promise<void> {
  let config;
  try {
    config = parseConfig(envSchema, process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
  const dataDir = resolve(config.SALESGRAPH_DATA_DIR);
  const secrets = loadDevSecrets(dataDir);
  const started = Date.now();
  let url: string;
  let stop: () => Promise<void>;
  if (config.NATS_URL) {
    ({ url, stop } = await startProcesses(config, secrets));
  } else {
    const base = config.SUBGRAPH_PORT_BASE;
    const platform = await startPlatform({
      env: config.NODE_ENV,
      databaseUrl: config.DATABASE_URL,
      dataDir,
      namespace: config.SALESGRAPH_NAMESPACE,
      currency: config.SALESGRAPH_CURRENCY,
      logLevel: config.LOG_LEVEL,
      internalSecret: secrets.internalSecret,
      jwtSecret: secrets.jwtSecret,
      adminKey: secrets.adminKey,
      gatewayPort: config.PORT,
      host: '127.0.0.1',
      subgraphPorts: base ? Object.fromEntries(SUBGRAPHS.map((n, i) => [n, base + i])) : 'random',
      redisUrl: process.env.REDIS_URL || undefined,
    });
    url = `http://localhost:${platform.gateway.port}/graphql`;
    stop = platform.close;
  }
  const seeded = config.SALESGRAPH_SEED === 'true' ? await seedDemoData(url, secrets.adminKey) : false;
  const mode = config.NATS_URL ? 'five processes over NATS JetStream' : `one process, ${config.DATABASE_URL ? 'PostgreSQL' : `SQLite in ${dataDir}`}, in-process event bus`;
  process.stdout.write(
    [
      '',
      `Salesgraph is running (${mode}); ready in ${((Date.now() - started) / 1000).toFixed(1)} s${seeded ? ', demo data seeded' : ''}.`,
      `  GraphQL:  ${url}   (open it in a browser for the explorer)`,
      `  API key:  ${secrets.adminKey}   (admin, development only: send "Authorization: Bearer <key>")`,
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping Salesgraph...\n`);
    stop().then(
      () => {
        process.stdout.write('stopped.\n');
        process.exit(0);
      },
      (e) => {
        process.stderr.write(`error while stopping: ${(e as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((e) => {
  process.stderr.write(`Salesgraph failed to start: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
