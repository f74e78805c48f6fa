// The container image's file layout, without Docker: runs the Dockerfile's own staging script
// (the build stage's RUN that copies dist/, package.json and *.graphql per workspace and writes
// main.js) into a temporary directory, links the dependencies the way `npm ci` lays them out,
// and starts the staged service: `node main.js migrate` (the Kubernetes migration Job), then
// `node main.js` with /healthz, /readyz and /metrics answering, then SIGTERM exits cleanly.
// Needs the built dist/ folders (`npm test` builds them first).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from './lib/render';

const dockerfile = readFileSync(join(ROOT, 'deploy', 'Dockerfile'), 'utf8');
const SECRETS = { SALESGRAPH_INTERNAL_SECRET: 'i'.repeat(40), SALESGRAPH_JWT_SECRET: 'j'.repeat(40) };
const built = existsSync(join(ROOT, 'gateway', 'dist', 'index.js')) && existsSync(join(ROOT, 'subgraphs', 'customers', 'dist', 'index.js'));
if (!built) process.stderr.write('dist/ is not built: skipping the image layout test (npm run build; npm test builds first)\n');

/** The build stage's staging RUN instruction (the one that picks the entry by $SERVICE), as one shell script. */
function stagingScript(): string {
  const lines = dockerfile.split('\n');
  const runs: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]!.startsWith('RUN ')) continue;
    const body: string[] = [];
    for (let j = i; j < lines.length; j++) {
      body.push(lines[j]!.replace(/\\$/, ''));
      if (!lines[j]!.endsWith('\\')) break;
    }
    runs.push(body.join('\n').replace(/^RUN /, ''));
  }
  const staging = runs.filter((r) => r.includes('case "$SERVICE"') && r.includes('main.js'));
  expect(staging, 'exactly one staging RUN in deploy/Dockerfile').toHaveLength(1);
  return staging[0]!;
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function stage(service: string): string {
  const dir = mkdtempSync(join(tmpdir(), `salesgraph-image-${service}-`));
  dirs.push(dir);
  const out = join(dir, 'app');
  const script = stagingScript().replaceAll('/out', out);
  const r = spawnSync('sh', ['-c', script], { cwd: ROOT, env: { ...process.env, SERVICE: service }, encoding: 'utf8' });
  expect(r.status, `staging script failed:\n${r.stderr}`).toBe(0);
  // node_modules as `npm ci` lays it out: third-party packages, and the workspaces as links
  // to the staged copies (never to the sources).
  const staged = new Map<string, string>();
  for (const p of readdirSync(out, { recursive: true }) as string[]) {
    if (String(p).endsWith('package.json') && !String(p).includes('dist')) staged.set(JSON.parse(readFileSync(join(out, p), 'utf8')).name as string, join(out, String(p), '..'));
  }
  const nm = join(out, 'node_modules');
  mkdirSync(join(nm, '@salesgraph'), { recursive: true });
  for (const entry of readdirSync(join(ROOT, 'node_modules'))) {
    if (entry === '@salesgraph' || entry.startsWith('.')) continue;
    symlinkSync(join(ROOT, 'node_modules', entry), join(nm, entry));
  }
  for (const [name, dir] of staged) if (name.startsWith('@salesgraph/')) symlinkSync(dir, join(nm, name));
  return out;
}

async function serve(app: string, env: Record<string, string>): Promise<void> {
  const child = spawn(process.execPath, ['main.js'], { cwd: app, env: { PATH: process.env.PATH ?? '', ...env, PORT: '0', HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    let port: number | undefined;
    const deadline = Date.now() + 30_000;
    while (!port && Date.now() < deadline && child.exitCode === null) {
      port = Number(/"port":(\d+)/.exec(output)?.[1]) || undefined;
      if (!port) await new Promise((r) => setTimeout(r, 100));
    }
    expect(port, `the service did not start:\n${output}`).toBeDefined();
    for (const path of ['/healthz', '/readyz']) {
      const res = await fetch(`http://127.0.0.1:${port}${path}`);
      expect(res.status, `${path}: ${await res.text()}`).toBe(200);
    }
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toContain('http_server_request_duration_seconds');
    expect(metrics).toContain('nodejs_eventloop_lag_p99_seconds');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    expect(await exited, `exit after SIGTERM:\n${output}`).toBe(0);
    clearTimeout(timer);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}

describe.skipIf(!built)('the container image layout (deploy/Dockerfile staging, run without Docker)', () => {
  it.each([
    ['customers', { SALESGRAPH_PII_KEY: Buffer.alloc(32, 3).toString('base64') }],
    ['gateway', { SALESGRAPH_JWT_SECRET: SECRETS.SALESGRAPH_JWT_SECRET }],
  ] as const)('%s: migrate, serve /healthz /readyz /metrics, exit 0 on SIGTERM', async (service, extra) => {
    const app = stage(service);
    expect(readFileSync(join(app, 'main.js'), 'utf8')).toContain(service === 'gateway' ? './gateway/dist/index.js' : `./subgraphs/${service}/dist/index.js`);
    const files = readdirSync(app, { recursive: true }).map(String).filter((p) => !p.startsWith('node_modules'));
    expect(files.filter((p) => p.endsWith('.ts') && !p.endsWith('.d.ts')), 'no TypeScript sources in the image').toEqual([]);
    expect(files.filter((p) => /(^|\/)(src|test)(\/|$)/.test(p)), 'no src/ or test/ folders in the image').toEqual([]);
    const env = {
      NODE_ENV: 'production',
      SALESGRAPH_INTERNAL_SECRET: SECRETS.SALESGRAPH_INTERNAL_SECRET,
      SALESGRAPH_DATA_DIR: join(app, '..', 'data'),
      SALESGRAPH_NAMESPACE: `img${process.pid}`,
      SHUTDOWN_DELAY_MS: '200',
      SHUTDOWN_GRACE_MS: '2000',
      LOG_LEVEL: 'info',
      ...extra,
    };
    const migrate = spawnSync(process.execPath, ['main.js', 'migrate'], { cwd: app, env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 60_000 });
    expect(migrate.status, migrate.stdout + migrate.stderr).toBe(0);
    expect(migrate.stdout).toMatch(/applied|up to date/);
    // After the Job, the service starts without migrating (MIGRATE_ON_START=false, as in Kubernetes).
    await serve(app, { ...env, MIGRATE_ON_START: 'false' });
  }, 120_000);
});
