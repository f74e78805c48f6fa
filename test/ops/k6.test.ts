// The k6 scripts: they parse, their GraphQL documents are valid against the current supergraph's
// API schema, a simulated run (k6 modules stubbed, requests executed against the schema with mock
// data) sends only valid operations with valid variables, the API key comes from the environment,
// and the thresholds are the SLOs (p95 < 300 ms for reads, error rate < 0.1 %).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { apiSchema, extractGraphQLDocuments, loadK6Script, syntaxErrors } from './lib/k6-harness';
import { ROOT } from './lib/render';

const K6 = join(ROOT, 'deploy', 'k6');
const SCRIPTS = readdirSync(K6).filter((f) => f.endsWith('.js')).sort();
const ALL_JS = [...SCRIPTS.map((f) => join(K6, f)), ...readdirSync(join(K6, 'lib')).filter((f) => f.endsWith('.js')).map((f) => join(K6, 'lib', f))];
const ENV = { SALESGRAPH_API_KEY: 'sgk_test_key_from_env_0123456789', GATEWAY_URL: 'http://gateway.test/graphql', K6_RUN_ID: 'test' };

describe('k6 scripts', () => {
  it('smoke, load and soak exist', () => {
    expect(SCRIPTS).toEqual(['load.js', 'smoke.js', 'soak.js']);
  });

  it.each(ALL_JS.map((f) => [f.slice(ROOT.length + 1), f]))('%s parses as an ES module', (_rel, file) => {
    expect(syntaxErrors(file)).toEqual([]);
  });

  it('every GraphQL document in the scripts is valid against gateway/supergraph.graphql', () => {
    const docs = ALL_JS.flatMap((f) => extractGraphQLDocuments(f).map((d) => ({ ...d, file: f.slice(ROOT.length + 1) })));
    expect(docs.length).toBeGreaterThanOrEqual(12);
    const problems: string[] = [];
    const names = new Set<string>();
    for (const d of docs) {
      try {
        const doc = parse(d.text);
        for (const def of doc.definitions) if (def.kind === 'OperationDefinition') names.add(def.name?.value ?? '(anonymous)');
        for (const e of validate(apiSchema(), doc)) problems.push(`${d.file}:${d.line}: ${e.message}`);
      } catch (e) {
        problems.push(`${d.file}:${d.line}: ${(e as Error).message}`);
      }
    }
    expect(problems).toEqual([]);
    expect(names.has('(anonymous)'), 'every operation is named (metrics are per operation name)').toBe(false);
    // Realistic coverage: every root field of the current graph is exercised.
    const used = new Set(docs.flatMap((d) => [...d.text.matchAll(/\b(\w+)\s*[({]/g)].map((m) => m[1]!)));
    const roots = [...Object.keys(apiSchema().getQueryType()!.getFields()), ...Object.keys(apiSchema().getMutationType()?.getFields() ?? {})];
    const covered = ['customers', 'customer', 'createCustomer', 'salesRep', 'salesReps', 'hireSalesRep', 'product', 'products', 'createProduct', 'supplier', 'suppliers', 'registerSupplier'].filter((f) => roots.includes(f));
    for (const f of covered) expect(used.has(f), `k6 exercises ${f}`).toBe(true);
  });

  it.each(SCRIPTS)('%s: the thresholds are the SLOs (reads p95 < 300 ms, errors < 0.1 %)', (script) => {
    const { options } = loadK6Script(join(K6, script), ENV);
    const t = options.thresholds as Record<string, (string | { threshold: string })[]>;
    const exprs = (k: string) => (t[k] ?? []).map((x) => (typeof x === 'string' ? x : x.threshold));
    const p95 = exprs('http_req_duration{kind:read}').map((e) => /^p\(95\)<(\d+)$/.exec(e)?.[1]).filter(Boolean).map(Number);
    expect(p95.length, 'a p95 threshold on reads').toBe(1);
    expect(p95[0]).toBeLessThanOrEqual(300);
    for (const key of ['http_req_failed', 'graphql_errors']) {
      const rate = exprs(key).map((e) => /^rate(<|==)([\d.]+)$/.exec(e)).filter(Boolean)[0];
      expect(rate, `${key} threshold`).toBeTruthy();
      expect(Number(rate![2]), `${key} ≤ 0.1 %`).toBeLessThanOrEqual(0.001);
    }
  });

  it.each(SCRIPTS)('%s: a simulated run sends only valid operations with valid variables, authenticated with the key from SALESGRAPH_API_KEY', (script) => {
    const run = loadK6Script(join(K6, script), ENV);
    run.iterate(script === 'smoke.js' ? 2 : 200);
    expect(run.requests.length).toBeGreaterThan(20);
    const failed = run.requests.filter((r) => r.errors.length).map((r) => `${r.operationName}: ${r.errors.join('; ')} (variables ${JSON.stringify(r.variables)})`);
    expect(failed).toEqual([]);
    expect(run.checks.filter((c) => !c.ok)).toEqual([]);
    for (const r of run.requests) {
      expect(r.url).toBe(ENV.GATEWAY_URL);
      expect(r.headers.authorization).toBe(`Bearer ${ENV.SALESGRAPH_API_KEY}`);
      expect(r.headers['apollographql-client-name']).toBe('k6');
      expect(['read', 'write']).toContain(r.tags.kind);
      expect(r.tags.kind).toBe(r.query.trim().startsWith('query') ? 'read' : 'write');
    }
    // Domain rules the subgraphs enforce (subgraphs/*/src/domain): values the graph would refuse
    // make a load test measure error handling instead of the happy path.
    const RULES: Record<string, RegExp> = { sku: /^[A-Z0-9][A-Z0-9._-]{1,39}$/, regionCode: /^[A-Z0-9][A-Z0-9-]{1,19}$/, country: /^[A-Z]{2}$/, email: /^[^@\s]+@[^@\s]+\.[a-z]{2,}$/, amount: /^\d+\.\d{2}$/ };
    const walk = (v: unknown, op: string): void => {
      if (Array.isArray(v)) v.forEach((x) => walk(x, op));
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) {
        if (RULES[k] && typeof x === 'string') expect(x, `${op} ${k}`).toMatch(RULES[k]!);
        walk(x, op);
      }
    };
    for (const r of run.requests) walk(r.variables, r.operationName ?? '');
    const ops = new Set(run.requests.map((r) => r.operationName));
    expect(ops.size, `${script} exercises a realistic mix`).toBeGreaterThanOrEqual(script === 'smoke.js' ? 12 : 8);
    const writes = run.requests.filter((r) => r.tags.kind === 'write').length / run.requests.length;
    if (script !== 'smoke.js') expect(writes).toBeLessThan(0.5);
  });

  it('refuses to run without an API key, and no key is written in the scripts', () => {
    const run = loadK6Script(join(K6, 'smoke.js'), { GATEWAY_URL: ENV.GATEWAY_URL });
    expect(() => run.iterate(1)).toThrow(/SALESGRAPH_API_KEY/);
    for (const f of ALL_JS) {
      const text = readFileSync(f, 'utf8');
      expect(text, f).not.toMatch(/Bearer\s+[A-Za-z0-9_]{16,}/);
      expect(text, f).not.toMatch(/sgk_[A-Za-z0-9]{8,}/);
    }
  });
});
