// A minimal OTLP/HTTP trace receiver for end-to-end tests: accepts POST /v1/traces with OTLP
// JSON bodies (what @opentelemetry/exporter-trace-otlp-http sends), flattens the spans and
// keeps them in memory. Any other OTLP signal (/v1/metrics, /v1/logs) is accepted and ignored.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync, inflateSync } from 'node:zlib';

export type SpanKindName = 'UNSPECIFIED' | 'INTERNAL' | 'SERVER' | 'CLIENT' | 'PRODUCER' | 'CONSUMER';

export interface ReceivedSpan {
  /** Lower-case hex, 32 characters. */
  traceId: string;
  /** Lower-case hex, 16 characters. */
  spanId: string;
  /** Lower-case hex, or undefined for a root span. */
  parentSpanId?: string;
  name: string;
  kind: SpanKindName;
  /** Resource attribute service.name. */
  service: string;
  /** Instrumentation scope name, e.g. @opentelemetry/instrumentation-http. */
  scope: string;
  startNs: bigint;
  endNs: bigint;
  attributes: Record<string, unknown>;
  status?: { code?: number | string; message?: string };
}

export interface OtlpReceiver {
  /** Base URL for OTEL_EXPORTER_OTLP_ENDPOINT. */
  endpoint: string;
  port: number;
  spans: ReceivedSpan[];
  /** Problems with what was received (undecodable bodies, unexpected encodings). */
  problems: string[];
  /** Request counts by path. */
  requests: Map<string, number>;
  trace(traceId: string): ReceivedSpan[];
  close(): Promise<void>;
}

const KIND_NAMES: SpanKindName[] = ['UNSPECIFIED', 'INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'];

function kindName(kind: unknown): SpanKindName {
  if (typeof kind === 'number') return KIND_NAMES[kind] ?? 'UNSPECIFIED';
  if (typeof kind === 'string') {
    const k = kind.replace(/^SPAN_KIND_/, '').toUpperCase();
    if ((KIND_NAMES as string[]).includes(k)) return k as SpanKindName;
    if (/^\d+$/.test(kind)) return KIND_NAMES[Number(kind)] ?? 'UNSPECIFIED';
  }
  return 'UNSPECIFIED';
}

/**
 * OTLP JSON encodes ids as hex (the spec), but some encoders send the protobuf JSON mapping
 * (base64) or a Buffer-like object. Returns lower-case hex, or undefined for empty/all-zero ids.
 */
export function normaliseId(id: unknown, bytes: 8 | 16): string | undefined {
  if (id === undefined || id === null || id === '') return undefined;
  let hex: string;
  if (typeof id === 'string') {
    if (new RegExp(`^[0-9a-fA-F]{${bytes * 2}}$`).test(id)) hex = id.toLowerCase();
    else hex = Buffer.from(id, 'base64').toString('hex');
  } else if (typeof id === 'object' && Array.isArray((id as { data?: unknown }).data)) {
    hex = Buffer.from((id as { data: number[] }).data).toString('hex');
  } else if (id instanceof Uint8Array) {
    hex = Buffer.from(id).toString('hex');
  } else {
    return undefined;
  }
  return /^0*$/.test(hex) ? undefined : hex;
}

interface AnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: number | string;
  doubleValue?: number;
  arrayValue?: { values?: AnyValue[] };
  kvlistValue?: { values?: KeyValue[] };
  bytesValue?: string;
}
interface KeyValue {
  key: string;
  value?: AnyValue;
}

function anyValue(v: AnyValue | undefined): unknown {
  if (!v) return undefined;
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (v.doubleValue !== undefined) return v.doubleValue;
  if (v.arrayValue) return (v.arrayValue.values ?? []).map(anyValue);
  if (v.kvlistValue) return attributes(v.kvlistValue.values);
  if (v.bytesValue !== undefined) return v.bytesValue;
  return undefined;
}

function attributes(list: KeyValue[] | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const kv of list ?? []) out[kv.key] = anyValue(kv.value);
  return out;
}

interface OtlpJsonSpan {
  traceId: unknown;
  spanId: unknown;
  parentSpanId?: unknown;
  name: string;
  kind?: unknown;
  startTimeUnixNano?: string | number;
  endTimeUnixNano?: string | number;
  attributes?: KeyValue[];
  status?: { code?: number | string; message?: string };
}
interface OtlpJsonTraces {
  resourceSpans?: {
    resource?: { attributes?: KeyValue[] };
    scopeSpans?: { scope?: { name?: string }; spans?: OtlpJsonSpan[] }[];
  }[];
}

/** Flattens one ExportTraceServiceRequest (OTLP JSON) into spans. */
export function flattenTraces(body: OtlpJsonTraces): ReceivedSpan[] {
  const out: ReceivedSpan[] = [];
  for (const rs of body.resourceSpans ?? []) {
    const resource = attributes(rs.resource?.attributes);
    const service = String(resource['service.name'] ?? 'unknown');
    for (const ss of rs.scopeSpans ?? []) {
      for (const s of ss.spans ?? []) {
        out.push({
          traceId: normaliseId(s.traceId, 16) ?? '',
          spanId: normaliseId(s.spanId, 8) ?? '',
          parentSpanId: normaliseId(s.parentSpanId, 8),
          name: s.name,
          kind: kindName(s.kind),
          service,
          scope: ss.scope?.name ?? '',
          startNs: BigInt(s.startTimeUnixNano ?? 0),
          endNs: BigInt(s.endTimeUnixNano ?? 0),
          attributes: attributes(s.attributes),
          status: s.status,
        });
      }
    }
  }
  return out;
}

function readRaw(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const problems: string[] = [];
  const requests = new Map<string, number>();
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    requests.set(path, (requests.get(path) ?? 0) + 1);
    readRaw(req)
      .then((raw) => {
        if (req.method === 'POST' && path === '/v1/traces') {
          const encoding = String(req.headers['content-encoding'] ?? '').toLowerCase();
          const body = encoding === 'gzip' ? gunzipSync(raw) : encoding === 'deflate' ? inflateSync(raw) : raw;
          const type = String(req.headers['content-type'] ?? '');
          if (/protobuf/i.test(type)) {
            // exporter-trace-otlp-http always sends JSON; the proto exporter is not used here.
            problems.push(`received ${type} on /v1/traces; this receiver only decodes OTLP JSON (exporter-trace-otlp-http)`);
            res.writeHead(415, { 'content-type': 'application/json' });
            res.end('{}');
            return;
          }
          try {
            spans.push(...flattenTraces(JSON.parse(body.toString('utf8')) as OtlpJsonTraces));
          } catch (e) {
            problems.push(`undecodable /v1/traces body (${type}): ${(e as Error).message}`);
            res.writeHead(400, { 'content-type': 'application/json' });
            res.end('{}');
            return;
          }
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{}');
      })
      .catch((e: Error) => {
        problems.push(`receiver error on ${path}: ${e.message}`);
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    spans,
    problems,
    requests,
    trace: (traceId) => spans.filter((s) => s.traceId === traceId),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** An indented tree of one trace's spans (orphans — parent not received — listed as roots). */
export function formatTrace(spans: ReceivedSpan[]): string {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const children = new Map<string, ReceivedSpan[]>();
  const roots: ReceivedSpan[] = [];
  for (const s of spans) {
    if (s.parentSpanId && byId.has(s.parentSpanId)) {
      const list = children.get(s.parentSpanId) ?? [];
      list.push(s);
      children.set(s.parentSpanId, list);
    } else roots.push(s);
  }
  const byStart = (a: ReceivedSpan, b: ReceivedSpan) => (a.startNs < b.startNs ? -1 : a.startNs > b.startNs ? 1 : 0);
  const t0 = spans.reduce((m, s) => (s.startNs < m ? s.startNs : m), spans[0]?.startNs ?? 0n);
  const lines: string[] = [];
  const walk = (s: ReceivedSpan, depth: number) => {
    const ms = (n: bigint) => (Number(n) / 1e6).toFixed(1);
    const orphan = depth === 0 && s.parentSpanId ? ` (parent ${s.parentSpanId} not received)` : '';
    lines.push(`${'  '.repeat(depth)}[${s.service}] ${s.kind} ${s.name}  span=${s.spanId} +${ms(s.startNs - t0)}ms ${ms(s.endNs - s.startNs)}ms${orphan}`);
    for (const c of (children.get(s.spanId) ?? []).sort(byStart)) walk(c, depth + 1);
  };
  for (const r of roots.sort(byStart)) walk(r, 0);
  return lines.join('\n');
}
