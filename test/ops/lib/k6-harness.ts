// Runs the k6 scripts in Node without k6: the scripts are transpiled to CommonJS with
// TypeScript and evaluated in a vm context where `k6`, `k6/http` and `k6/metrics` are stubs.
// `http.post` validates and executes each GraphQL request against the API schema built from
// gateway/supergraph.graphql with generated mock data, so a run proves that every request the
// scripts would send (documents AND variables) is valid for the current graph.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createContext, runInContext } from 'node:vm';
import { Supergraph } from '@apollo/federation-internals';
import {
  execute,
  getNamedType,
  GraphQLEnumType,
  GraphQLScalarType,
  isListType,
  isNonNullType,
  isObjectType,
  parse,
  validate,
  type GraphQLOutputType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
} from 'graphql';
import ts from 'typescript';
import { ROOT } from './render';

export const SUPERGRAPH = join(ROOT, 'gateway', 'supergraph.graphql');

let schema: GraphQLSchema | undefined;
/** The client-facing API schema of the checked-in supergraph. */
export function apiSchema(): GraphQLSchema {
  schema ??= Supergraph.build(readFileSync(SUPERGRAPH, 'utf8')).apiSchema().toGraphQLJSSchema();
  return schema;
}

let counter = 0;
function mockLeaf(type: GraphQLScalarType | GraphQLEnumType): unknown {
  if (type instanceof GraphQLEnumType) return type.getValues()[0]!.value;
  counter++;
  switch (type.name) {
    case 'ID':
      return `id-${counter}`;
    case 'Int':
      return counter % 100;
    case 'Float':
      return 1.5;
    case 'Boolean':
      return true;
    case 'DateTime':
      return '2026-01-31T08:00:00.000Z';
    case 'Decimal':
      return '1250.00';
    default:
      return `${type.name.toLowerCase()}-${counter}`;
  }
}
function mockValue(type: GraphQLOutputType): unknown {
  if (isNonNullType(type)) return mockValue(type.ofType);
  if (isListType(type)) return [mockValue(type.ofType), mockValue(type.ofType)];
  if (isObjectType(type)) return {};
  const named = getNamedType(type);
  if (named instanceof GraphQLScalarType || named instanceof GraphQLEnumType) return mockLeaf(named);
  return {};
}
// A mutation echoes its input (createProduct returns the sku it was given), like the real graph.
const mockResolver = (source: Record<string, unknown>, args: Record<string, unknown>, _ctx: unknown, info: GraphQLResolveInfo) => {
  if (info.parentType.name === 'Mutation' && args.input && typeof args.input === 'object') return { ...(args.input as object) };
  return source && info.fieldName in source ? source[info.fieldName] : mockValue(info.returnType);
};

export interface SentRequest {
  url: string;
  operationName?: string;
  query: string;
  variables?: Record<string, unknown>;
  headers: Record<string, string>;
  tags: Record<string, string>;
  errors: string[];
}

export interface K6Run {
  options: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  requests: SentRequest[];
  checks: { name: string; ok: boolean }[];
  metrics: string[];
  /** Calls setup() (if any) and then the default function `iterations` times. */
  iterate(iterations: number): void;
}

/** Loads a k6 script with stubbed k6 modules and the given __ENV. */
export function loadK6Script(file: string, env: Record<string, string>): K6Run {
  const requests: SentRequest[] = [];
  const checks: { name: string; ok: boolean }[] = [];
  const metrics: string[] = [];
  const globals = { __ENV: env, __VU: 1, __ITER: 0 };
  const stubs: Record<string, unknown> = {
    k6: {
      check: (value: unknown, sets: Record<string, (v: unknown) => boolean>) => {
        let all = true;
        for (const [name, fn] of Object.entries(sets)) {
          const ok = Boolean(fn(value));
          checks.push({ name, ok });
          all &&= ok;
        }
        return all;
      },
      fail: (message: string) => {
        throw new Error(`k6 fail(): ${message}`);
      },
      sleep: () => undefined,
      group: (_name: string, fn: () => unknown) => fn(),
    },
    'k6/http': {
      post: (url: string, body: string, params: { headers?: Record<string, string>; tags?: Record<string, string> } = {}) => {
        const payload = JSON.parse(body) as { operationName?: string; query: string; variables?: Record<string, unknown> };
        const errors: string[] = [];
        let data: unknown = null;
        try {
          const doc = parse(payload.query);
          errors.push(...validate(apiSchema(), doc).map((e) => e.message));
          if (!errors.length) {
            const result = execute({ schema: apiSchema(), document: doc, operationName: payload.operationName, variableValues: payload.variables, fieldResolver: mockResolver as never, rootValue: {} }) as { data?: unknown; errors?: { message: string }[] };
            errors.push(...(result.errors ?? []).map((e) => e.message));
            data = result.data ?? null;
          }
        } catch (e) {
          errors.push((e as Error).message);
        }
        requests.push({ url, operationName: payload.operationName, query: payload.query, variables: payload.variables, headers: params.headers ?? {}, tags: params.tags ?? {}, errors });
        const responseBody = errors.length ? { errors: errors.map((message) => ({ message })) } : { data };
        return { status: 200, body: JSON.stringify(responseBody), json: () => responseBody, timings: { duration: 5 } };
      },
    },
    'k6/metrics': Object.fromEntries(
      ['Rate', 'Trend', 'Counter', 'Gauge'].map((kind) => [
        kind,
        class {
          constructor(name: string) {
            metrics.push(name);
          }
          add() {
            return undefined;
          }
        },
      ]),
    ),
  };
  const context = createContext({ ...globals, console, JSON, Math, Date, Object, Array, String, Number, Boolean, Error });
  const cache = new Map<string, Record<string, unknown>>();
  const load = (path: string): Record<string, unknown> => {
    const hit = cache.get(path);
    if (hit) return hit;
    const source = readFileSync(path, 'utf8');
    const out = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020, esModuleInterop: true }, fileName: path, reportDiagnostics: true });
    if (out.diagnostics?.length) throw new Error(`${path}: ${out.diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')).join('; ')}`);
    const module = { exports: {} as Record<string, unknown> };
    cache.set(path, module.exports);
    const require = (spec: string) => {
      if (spec in stubs) return stubs[spec];
      if (spec.startsWith('.')) return load(resolve(dirname(path), spec));
      throw new Error(`${path} imports ${spec}, which k6 does not provide`);
    };
    const fn = runInContext(`(function (exports, require, module) {${out.outputText}\n})`, context) as (e: unknown, r: unknown, m: unknown) => void;
    fn(module.exports, require, module);
    cache.set(path, module.exports);
    return module.exports;
  };
  const script = load(file);
  return {
    options: script.options as Record<string, unknown>,
    requests,
    checks,
    metrics,
    iterate(iterations: number) {
      const data = typeof script.setup === 'function' ? (script.setup as () => unknown)() : undefined;
      for (let i = 0; i < iterations; i++) {
        context.__ITER = i;
        context.__VU = 1 + (i % 7);
        (script.default as (d: unknown) => void)(data);
      }
    },
  };
}

/** Every GraphQL document written as a string or template literal in a JavaScript file. */
export function extractGraphQLDocuments(file: string): { text: string; line: number }[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2020, true);
  const docs: { text: string; line: number }[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isNoSubstitutionTemplateLiteral(node) || ts.isStringLiteral(node)) {
      const text = node.text.trim();
      if (/^(query|mutation|subscription|fragment)\b/.test(text)) docs.push({ text, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
    } else if (ts.isTemplateExpression(node) && /^\s*(query|mutation|subscription)\b/.test(node.head.text)) {
      docs.push({ text: node.getText(), line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return docs;
}

/** Syntax errors of a JavaScript module (k6 scripts are ES modules). */
export function syntaxErrors(file: string): string[] {
  const out = ts.transpileModule(readFileSync(file, 'utf8'), { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2020, allowJs: true }, fileName: file, reportDiagnostics: true });
  return (out.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}
