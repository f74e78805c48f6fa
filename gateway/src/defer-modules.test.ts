import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { deferModules } from './defer-modules';

const dir = mkdtempSync(join(tmpdir(), 'defer-modules-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const req = createRequire(join(dir, 'index.js'));
let serial = 0;

/** A module that counts its loads in a global, so a test can see when it really loaded. */
function moduleFile(body: string): { id: string; loads: () => number } {
  const name = `m${++serial}`;
  const counter = `__deferLoads_${name}`;
  writeFileSync(join(dir, `${name}.js`), `globalThis.${counter} = (globalThis.${counter} || 0) + 1;\n${body}\n`);
  return { id: `./${name}.js`, loads: () => (globalThis as Record<string, unknown>)[counter] as number ?? 0 };
}

describe('deferModules', () => {
  it('loads nothing until a property is read, then forwards to the real exports and keeps them cached', () => {
    const m = moduleFile('exports.answer = 42; exports.twice = (x) => 2 * x;');
    expect(deferModules([{ id: m.id, esModule: false }], join(dir, 'index.js'))).toEqual([m.id]);
    const stand = req(m.id) as { answer: number; twice: (x: number) => number };
    expect(m.loads()).toBe(0);
    expect(stand.answer).toBe(42);
    expect(m.loads()).toBe(1);
    expect(stand.twice(21)).toBe(42);
    // The real module now sits in the cache: a later require gets it, not the stand-in.
    const again = req(m.id) as { answer: number };
    expect(again.answer).toBe(42);
    expect(again).not.toBe(stand);
    expect(m.loads()).toBe(1);
  });

  it("passes TypeScript's interop helpers without loading; a CommonJS module is its own default", () => {
    const esm = moduleFile('Object.defineProperty(exports, "__esModule", { value: true }); exports.x = 1;');
    const cjs = moduleFile('module.exports = function f() { return "called"; }; module.exports.x = 2;');
    deferModules([{ id: esm.id, esModule: true }, { id: cjs.id, esModule: false }], join(dir, 'index.js'));
    // What tsc emits for `import x from` and `import * as x from`:
    const importDefault = (mod: { __esModule?: boolean }) => (mod && mod.__esModule ? mod : { default: mod });
    const importStar = (mod: Record<string, unknown>) => (mod && mod.__esModule ? mod : { ...mod, default: mod });
    const esmStar = importStar(req(esm.id) as Record<string, unknown>) as { x: number };
    const cjsDefault = importDefault(req(cjs.id) as { __esModule?: boolean }) as { default: (() => string) & { x: number } };
    const cjsStar = importStar(req(cjs.id) as Record<string, unknown>) as { x: number };
    expect(esm.loads() + cjs.loads()).toBe(0);
    expect(esmStar.x).toBe(1);
    expect(cjsDefault.default()).toBe('called');
    expect(cjsDefault.default.x).toBe(2);
    expect(cjsStar.x).toBe(2);
    expect(cjs.loads()).toBe(1);
  });

  it('forwards calls, new, `in` and enumeration (import * copies every key)', () => {
    const fn = moduleFile('module.exports = function make(a) { return { made: a }; }; module.exports.extra = "e";');
    const cls = moduleFile('module.exports = class Point { constructor(x) { this.x = x; } norm() { return Math.abs(this.x); } };');
    const obj = moduleFile('exports.a = 1; exports.b = 2; Object.defineProperty(exports, "fixed", { value: 3, enumerable: true });');
    deferModules([fn, cls, obj].map((m) => ({ id: m.id, esModule: false })), join(dir, 'index.js'));
    expect((req(fn.id) as (a: number) => unknown)(7)).toEqual({ made: 7 });
    const Point = req(cls.id) as new (x: number) => { x: number; norm(): number };
    const p = new Point(-3);
    expect(p.norm()).toBe(3);
    expect(p).toBeInstanceOf(Point);
    const o = req(obj.id) as Record<string, number>;
    expect('a' in o).toBe(true);
    expect({ ...o }).toEqual({ a: 1, b: 2, fixed: 3 });
    expect(Object.keys(o)).toEqual(['a', 'b', 'fixed']);
  });

  it('leaves loaded and unresolvable modules alone', () => {
    const m = moduleFile('exports.v = 1;');
    req(m.id);
    expect(deferModules([{ id: m.id, esModule: false }, { id: './does-not-exist.js', esModule: false }], join(dir, 'index.js'))).toEqual([]);
    expect(m.loads()).toBe(1);
  });

  it("keeps @apollo/gateway's unused cloud detectors and default fetcher out of the gateway app until used", () => {
    // A fresh process: the test runner's own module cache must not decide the answer.
    const script = `
      const { build } = require(${JSON.stringify(join(__dirname, '..', 'dist', 'app.js'))});
      const { ApolloGateway } = require('@apollo/gateway');
      const loaded = (re) => Object.keys(require.cache).some((f) => re.test(f));
      const before = { gcpMetadata: loaded(/node_modules\\/gcp-metadata\\//), cacache: loaded(/node_modules\\/cacache\\//), protobuf: loaded(/node_modules\\/@apollo\\/protobufjs\\//) };
      const gcp = require(require.resolve('@opentelemetry/resource-detector-gcp', { paths: [require.resolve('@apollo/gateway')] }));
      const detector = typeof gcp.gcpDetector.detect;
      console.log(JSON.stringify({ build: typeof build, gateway: typeof ApolloGateway, before, detector, after: loaded(/node_modules\\/gcp-metadata\\//) }));
    `;
    const run = spawnSync(process.execPath, ['-e', script], { cwd: join(__dirname, '..'), encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const out = JSON.parse(run.stdout) as { build: string; gateway: string; before: Record<string, boolean>; detector: string; after: boolean };
    expect(out.build).toBe('function');
    expect(out.gateway).toBe('function');
    expect(out.before).toEqual({ gcpMetadata: false, cacache: false, protobuf: false });
    expect(out.detector).toBe('function');
    expect(out.after).toBe(true);
  });
});
