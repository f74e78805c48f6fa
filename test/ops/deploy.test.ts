// deploy/: the container build, the OpenTelemetry collector config, the Prometheus rules and
// the Grafana dashboards, checked against what the code really exports (metric and label names
// from libs/telemetry's registry) and against the Kubernetes manifests that run them.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { ServiceMetrics } from '../../libs/telemetry/src/metrics';
import { SUBGRAPHS } from '../../libs/service/src/config';
import { selectors } from './lib/promql';
import { ROOT } from './lib/render';

const DEPLOY = join(ROOT, 'deploy');
const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');

/**
 * Metrics the dashboards and alerts use that the services do not export yet; each is in the
 * report to the lead. A panel or alert on them stays empty (never fires) until they exist.
 */
const REQUESTED_METRICS: Record<string, string[]> = {};
/** JetStream metrics of the NATS exporter sidecar (prometheus-nats-exporter -jsz=all). */
const EXPORTER_LABELS = ['server_id', 'server_name', 'cluster', 'domain', 'meta_leader', 'is_meta_leader', 'account', 'account_id', 'stream_name', 'stream_leader', 'is_stream_leader', 'stream_raft_group'];
const EXPORTER_METRICS: Record<string, string[]> = {
  jetstream_consumer_num_pending: [...EXPORTER_LABELS, 'consumer_name', 'consumer_leader', 'is_consumer_leader', 'consumer_desc'],
  jetstream_consumer_num_redelivered: [...EXPORTER_LABELS, 'consumer_name', 'consumer_leader', 'is_consumer_leader', 'consumer_desc'],
  jetstream_stream_total_messages: EXPORTER_LABELS,
};
/** Labels Prometheus adds at scrape time. */
const TARGET_LABELS = ['job', 'instance', 'namespace', 'pod'];

let known: Map<string, Set<string>>;
beforeAll(async () => {
  const m = new ServiceMetrics('customers');
  void m.events; // event and business metrics are created on first use
  void m.sales;
  known = new Map();
  const types = new Map((await m.registry.getMetricsAsJSON()).map((x) => [x.name, String(x.type)]));
  for (const metric of m.registry.getMetricsAsArray() as unknown as { name: string; labelNames?: string[] }[]) {
    const labels = new Set([...(metric.labelNames ?? []), 'service', ...TARGET_LABELS]);
    if (types.get(metric.name) === 'histogram') {
      known.set(`${metric.name}_bucket`, new Set([...labels, 'le']));
      known.set(`${metric.name}_sum`, labels);
      known.set(`${metric.name}_count`, labels);
    } else known.set(metric.name, labels);
  }
  known.set('up', new Set(TARGET_LABELS));
  for (const [name, labels] of Object.entries({ ...REQUESTED_METRICS, ...EXPORTER_METRICS })) known.set(name, new Set([...labels, ...TARGET_LABELS, 'app']));
  const recording = parse(read('deploy/prometheus/recording-rules.yml')) as { groups: { rules: { record: string }[] }[] };
  for (const g of recording.groups) for (const r of g.rules) known.set(r.record, new Set(['service', ...TARGET_LABELS]));
});

function unknownIn(expr: string): string[] {
  const problems: string[] = [];
  for (const s of selectors(expr)) {
    const labels = known.get(s.metric);
    if (!labels) problems.push(`unknown metric ${s.metric}`);
    else for (const l of s.labels) if (!labels.has(l)) problems.push(`${s.metric} has no label ${l}`);
  }
  return problems;
}

function findTool(name: string): string | undefined {
  for (const dir of [...(process.env.PATH ?? '').split(delimiter), join(ROOT, '.tools', 'prometheus')]) if (dir && existsSync(join(dir, name))) return join(dir, name);
  return undefined;
}

describe('the PromQL analysis used below', () => {
  it('finds metric and label names, ignoring functions, keywords, grouping labels and Grafana variables', () => {
    const s = selectors('sum by (service, le) (rate(http_server_request_duration_seconds_bucket{route="/graphql",service=~"$service"}[$__rate_interval])) / on (service) group_left up and foo_total offset 5m > bool 0.1');
    expect(s).toEqual([
      { metric: 'http_server_request_duration_seconds_bucket', labels: ['route', 'service'] },
      { metric: 'up', labels: [] },
      { metric: 'foo_total', labels: [] },
    ]);
  });
});

describe('container image (deploy/Dockerfile)', () => {
  const dockerfile = read('deploy/Dockerfile');
  const lines = dockerfile.split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));
  const stages = lines.filter((l) => /^FROM\s/i.test(l));
  const finalStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));

  it('is multi-stage on the Node 24 LTS image, pinned to a version', () => {
    expect(stages.length).toBeGreaterThanOrEqual(3);
    const version = /ARG NODE_VERSION=(\S+)/.exec(dockerfile)?.[1];
    expect(version, 'ARG NODE_VERSION').toMatch(/^24\.\d+\.\d+$/);
    for (const s of stages) {
      expect(s).toMatch(/^FROM node:\$\{NODE_VERSION\}-\$\{DEBIAN_RELEASE\}(-slim)? AS \w+$/);
      expect(s).not.toMatch(/latest/);
    }
    expect(stages.at(-1)).toMatch(/-slim AS runtime$/);
  });

  it('builds any service by the SERVICE argument, and only the five services', () => {
    const cases = /case "\$SERVICE" in([\s\S]*?)esac/.exec(dockerfile)![1]!;
    const accepted = [...cases.matchAll(/^\s*([a-z|-]+)\)/gm)].flatMap((m) => m[1]!.split('|'));
    expect(accepted.sort()).toEqual(['gateway', ...SUBGRAPHS].sort());
    expect(dockerfile).toMatch(/entry="subgraphs\/\$SERVICE\/dist\/index\.js"/);
    expect(dockerfile).toMatch(/entry=gateway\/dist\/index\.js/);
    for (const s of SUBGRAPHS) expect(existsSync(join(ROOT, 'subgraphs', s, 'src', 'index.ts')), `subgraphs/${s}/src/index.ts`).toBe(true);
  });

  it('installs production dependencies only into the runtime image', () => {
    expect(dockerfile).toMatch(/AS deps[\s\S]*npm ci --omit=dev/);
    expect(finalStage).toMatch(/COPY --from=deps\b.*node_modules/);
    expect(finalStage, 'the runtime image must not copy node_modules from the build stage (dev dependencies)').not.toMatch(/COPY --from=build\b.*node_modules/);
    expect(finalStage).not.toMatch(/npm (ci|install)/);
  });

  it('takes the workspace list from package.json (a new workspace needs no Dockerfile change)', () => {
    // npm ci needs every workspace's package.json; the build needs every workspace's dist.
    const loops = [...dockerfile.matchAll(/for ws in \$\(node -p "require\('\.\/package\.json'\)\.workspaces\.join\(' '\)"\)/g)];
    expect(loops.length, 'the manifests stage and the staging step both loop over package.json workspaces').toBe(2);
    expect(dockerfile).toMatch(/AS deps[\s\S]*COPY --from=manifests \/manifests\/ \.\//);
    expect(dockerfile, 'no hand-written list of workspaces').not.toMatch(/COPY (libs|subgraphs)\/\w+\/package\.json/);
    // The glob patterns the loop expands are the workspaces npm knows.
    const pkg = JSON.parse(read('package.json')) as { workspaces: string[] };
    for (const w of pkg.workspaces) expect(w, 'a workspace pattern the shell expands the same way as npm').toMatch(/^[\w-]+(\/\*)?$/);
  });

  it('runs as a non-root user with NODE_ENV=production and Node as PID 1 handling SIGTERM', () => {
    const user = /^USER\s+(\S+)/m.exec(finalStage)?.[1];
    expect(user, 'USER in the runtime stage').toBeDefined();
    expect(user).toMatch(/^[1-9]\d*(:[1-9]\d*)?$/);
    expect(finalStage).toMatch(/NODE_ENV=production/);
    expect(finalStage).toMatch(/CMD \["node", "main\.js"\]/);
    // The runtime image writes only /tmp (readOnlyRootFilesystem in Kubernetes).
    expect(finalStage).toMatch(/SALESGRAPH_DATA_DIR=\/tmp\//);
  });

  it('has a .dockerignore next to it that keeps local state out of the context', () => {
    const ignore = read('deploy/Dockerfile.dockerignore');
    for (const p of ['**/node_modules', '**/dist', '.data', '.git', '.tools']) expect(ignore.split('\n')).toContain(p);
  });
});

describe('OpenTelemetry collector (deploy/otel-collector/config.yaml)', () => {
  const text = read('deploy/otel-collector/config.yaml');
  const config = parse(text) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

  it('is the file the Kubernetes ConfigMap is generated from', () => {
    expect(read('k8s/base/otel-collector/config.yaml')).toBe(text);
  });

  it('every pipeline component is defined, and every defined component is used', () => {
    const pipelines = config.service.pipelines as Record<string, Record<string, string[]>>;
    expect(Object.keys(pipelines)).toContain('traces');
    for (const section of ['receivers', 'processors', 'exporters'] as const) {
      const used = new Set(Object.values(pipelines).flatMap((p) => p[section] ?? []));
      expect([...used].filter((c) => !(c in (config[section] ?? {}))), `undefined ${section}`).toEqual([]);
      expect(Object.keys(config[section] ?? {}).filter((c) => !used.has(c)), `unused ${section}`).toEqual([]);
    }
    for (const e of config.service.extensions) expect(config.extensions, e).toHaveProperty(e);
    // memory_limiter first, batch last: the collector's own recommendation.
    const p = pipelines.traces!.processors!;
    expect(p[0]).toBe('memory_limiter');
    expect(p.at(-1)).toBe('batch');
  });

  it('listens where the services send (OTLP/HTTP 4318) and the probes and Prometheus look', () => {
    expect(config.receivers.otlp.protocols.http.endpoint).toBe('0.0.0.0:4318');
    expect(config.receivers.otlp.protocols.grpc.endpoint).toBe('0.0.0.0:4317');
    expect(config.extensions.health_check.endpoint).toBe('0.0.0.0:13133');
    expect(config.service.telemetry.metrics.address).toBe('0.0.0.0:8888');
    const manifest = read('k8s/base/otel-collector/otel-collector.yaml');
    for (const port of [4317, 4318, 8888, 13133]) expect(manifest).toContain(`containerPort: ${port}`);
    // Every ${env:X} the config reads is set on the collector container.
    for (const m of text.matchAll(/\$\{env:(\w+)\}/g)) expect(manifest, `env ${m[1]}`).toContain(`name: ${m[1]}`);
  });
});

describe('Prometheus rules (deploy/prometheus)', () => {
  type Rule = { alert?: string; record?: string; expr: string; for?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  const files = readdirSync(join(DEPLOY, 'prometheus')).filter((f) => f.endsWith('.yml') && f !== 'prometheus.yml');
  const rules = (f: string) => (parse(read(`deploy/prometheus/${f}`)) as { groups: { name: string; rules: Rule[] }[] }).groups.flatMap((g) => g.rules);
  const alerts = () => files.flatMap(rules).filter((r) => r.alert);

  it('has recording rules and alert rules, loaded by the example Prometheus config', () => {
    expect(files.sort()).toEqual(['alerts.yml', 'recording-rules.yml']);
    // (Not `promtool check config`: Debian's promtool is built without Kubernetes discovery.)
    const config = parse(read('deploy/prometheus/prometheus.yml')) as { rule_files: string[]; scrape_configs: { job_name: string; kubernetes_sd_configs: { role: string }[] }[] };
    expect(config.rule_files.sort()).toEqual(files.sort());
    for (const j of config.scrape_configs) {
      // SalesgraphTargetDown selects job=~"salesgraph.*".
      expect(j.job_name).toMatch(/^salesgraph/);
      expect(j.kubernetes_sd_configs[0]!.role).toBe('pod');
    }
  });

  it('every expression uses metrics and labels the services export (libs/telemetry) or that the rules record', () => {
    const problems = files.flatMap((f) => rules(f).flatMap((r) => unknownIn(r.expr).map((p) => `${f} ${r.alert ?? r.record}: ${p}`)));
    expect(problems).toEqual([]);
  });

  it('every alert has a severity (page or ticket), a summary and a runbook, and links a dashboard that exists', () => {
    const uids = readdirSync(join(DEPLOY, 'grafana')).map((f) => (JSON.parse(read(`deploy/grafana/${f}`)) as { uid: string }).uid);
    for (const a of alerts()) {
      if (a.annotations?.dashboard) expect(uids, `${a.alert} dashboard`).toContain(a.annotations.dashboard);
      expect(['page', 'ticket'], `${a.alert} severity`).toContain(a.labels?.severity);
      expect(a.annotations?.summary, `${a.alert} summary`).toBeTruthy();
      expect(a.annotations?.runbook_url, `${a.alert} runbook_url`).toMatch(/^https?:\/\//);
    }
  });

  it('covers the issue: multi-window burn rates for availability and latency, consumer lag, outbox age, dead letters', () => {
    const byName = new Map(alerts().map((a) => [a.alert!, a]));
    for (const slo of ['Availability', 'Latency']) {
      const fast = byName.get(`Salesgraph${slo}BudgetBurnFast`)!;
      expect(fast.labels?.severity).toBe('page');
      // Two window pairs, each a long AND a short window at the same burn factor.
      for (const [long, short, factor] of [['1h', '5m', '14.4'], ['6h', '30m', '6']] as const) {
        expect(fast.expr).toMatch(new RegExp(`rate${long}\\{service="gateway"\\} > \\(${factor.replace('.', '\\.')} \\* [\\d.]+\\)\\s*and\\s*\\S+rate${short}\\{service="gateway"\\} > \\(${factor.replace('.', '\\.')} \\*`));
      }
      expect(byName.get(`Salesgraph${slo}BudgetBurnSlow`)?.labels?.severity).toBe('ticket');
    }
    for (const metric of ['jetstream_consumer_num_pending', 'outbox_oldest_unsent_age_seconds', 'messaging_dead_letters_total', 'outbox_backlog_events']) {
      expect(alerts().some((a) => a.expr.includes(metric)), `an alert on ${metric}`).toBe(true);
    }
  });

  const promtool = findTool('promtool');
  it.skipIf(!promtool)('promtool accepts the rules and their unit tests pass (deploy/prometheus/tests)', () => {
    const check = spawnSync(promtool!, ['check', 'rules', ...files.map((f) => join(DEPLOY, 'prometheus', f))], { encoding: 'utf8' });
    expect(check.status, check.stdout + check.stderr).toBe(0);
    const test = spawnSync(promtool!, ['test', 'rules', join(DEPLOY, 'prometheus', 'tests', 'alerts.test.yml')], { encoding: 'utf8' });
    expect(test.status, test.stdout + test.stderr).toBe(0);
  });
  if (!promtool) process.stderr.write('promtool not found: skipping `promtool check/test rules` (apt-get download prometheus && dpkg -x prometheus_*.deb /tmp/p && cp /tmp/p/usr/bin/promtool .tools/prometheus/)\n');
});

describe('Grafana dashboards (deploy/grafana)', () => {
  type Panel = { id: number; type: string; title: string; targets?: { expr: string }[]; panels?: Panel[]; gridPos: { x: number; y: number; w: number; h: number } };
  const files = readdirSync(join(DEPLOY, 'grafana')).filter((f) => f.endsWith('.json')).sort();
  const dashboards = files.map((f) => ({ file: f, json: JSON.parse(read(`deploy/grafana/${f}`)) as { uid: string; title: string; panels: Panel[]; templating: { list: { name: string; type: string }[] } } }));
  const panels = (d: { panels: Panel[] }) => d.panels.flatMap((p) => [p, ...(p.panels ?? [])]);

  it('overview, events and business exist with unique uids', () => {
    expect(files).toEqual(['business.json', 'events.json', 'overview.json']);
    const uids = dashboards.map((d) => d.json.uid);
    expect(new Set(uids).size).toBe(3);
  });

  it.each(files)('%s: panel ids are unique, panels fit the 24-column grid, the datasource is a variable', (file) => {
    const d = dashboards.find((x) => x.file === file)!.json;
    const ids = panels(d).map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of panels(d)) expect(p.gridPos.x + p.gridPos.w, p.title).toBeLessThanOrEqual(24);
    expect(d.templating.list.find((v) => v.name === 'datasource')?.type).toBe('datasource');
    expect(JSON.stringify(d)).not.toMatch(/"uid":\s*"(?!\$\{datasource\})[^"]*"\s*,\s*"type":\s*"prometheus"|"type":\s*"prometheus",\s*"uid":\s*"(?!\$\{datasource\})/);
  });

  it.each(files)('%s: every query uses metrics and labels that exist', (file) => {
    const d = dashboards.find((x) => x.file === file)!.json;
    const problems = panels(d).flatMap((p) => (p.targets ?? []).flatMap((t) => unknownIn(t.expr).map((x) => `${p.title}: ${x}`)));
    expect(problems).toEqual([]);
    expect(panels(d).filter((p) => p.type !== 'row' && !(p.targets ?? []).length).map((p) => p.title), 'panels without queries').toEqual([]);
  });

  it('cover the golden signals per service, the event flow, and the business view', () => {
    const all = (file: string) => JSON.stringify(dashboards.find((x) => x.file === file)!.json);
    const overview = all('overview.json');
    for (const m of ['http_server_request_duration_seconds_count', 'http_server_request_duration_seconds_bucket', 'graphql_server_operation_duration_seconds_bucket', 'process_cpu_seconds_total', 'nodejs_eventloop_lag_p99_seconds', 'nodejs_heap_size_used_bytes']) expect(overview).toContain(m);
    expect(overview).toContain('by (client)');
    const events = all('events.json');
    for (const m of ['messaging_publish_messages_total', 'messaging_process_messages_total', 'messaging_dead_letters_total', 'outbox_backlog_events', 'outbox_oldest_unsent_age_seconds', 'jetstream_consumer_num_pending', 'jetstream_consumer_num_redelivered']) expect(events).toContain(m);
    const business = dashboards.find((x) => x.file === 'business.json')!.json;
    const titles = panels(business).map((p) => p.title);
    expect(titles).toContain('Orders approved per minute');
    expect(titles).toContain('Revenue approved today');
    expect(JSON.stringify(business)).toContain('sales.orders.order.approved.v1');
  });
});
