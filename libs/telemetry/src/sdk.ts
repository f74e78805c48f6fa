// OpenTelemetry bootstrap: traces only, over OTLP/HTTP. Call startTelemetry() before importing
// anything it should patch.
//
// Metrics are scraped from /metrics (prom-client) and logs go to stdout, so this wires a tracer
// provider, not the whole NodeSDK: NodeSDK also loads every exporter flavour (gRPC, protobuf,
// Prometheus, Zipkin), starts OTLP metric and log pipelines unless told otherwise, and makes the
// HTTP instrumentation record a duplicate duration histogram on every request. The SDK modules
// are required only when an endpoint is configured, so a process without one loads none of them.
import type { Instrumentation } from '@opentelemetry/instrumentation';

const UNTRACED_PATHS = new Set(['/healthz', '/readyz', '/metrics', '/favicon.ico']);

/** What a process instruments; a subgraph makes no outgoing HTTP calls and needs no undici. */
export type InstrumentationName = 'http' | 'undici' | 'graphql' | 'pg';

const DEFAULT_INSTRUMENTATIONS: readonly InstrumentationName[] = ['http', 'undici', 'graphql', 'pg'];

export interface TelemetryOptions {
  serviceName: string;
  serviceVersion?: string;
  /** OTLP/HTTP base endpoint; defaults to OTEL_EXPORTER_OTLP_ENDPOINT. Without one, no SDK starts. */
  endpoint?: string;
  /** Libraries to trace; defaults to http, undici, graphql and pg. */
  instrumentations?: readonly InstrumentationName[];
}

interface Running {
  provider: { shutdown(): Promise<void> };
}

let running: Running | undefined;

function createInstrumentations(names: readonly InstrumentationName[]): Instrumentation[] {
  const out: Instrumentation[] = [];
  const want = new Set(names);
  if (want.has('http')) {
    const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
    out.push(
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req) => UNTRACED_PATHS.has((req.url ?? '').split('?')[0] ?? ''),
        // Without undici in the list the process makes no traced outgoing calls (its only
        // outgoing HTTP is the OTLP export, which is never traced).
        disableOutgoingRequestInstrumentation: !want.has('undici'),
      }),
    );
  }
  if (want.has('undici')) {
    const { UndiciInstrumentation } = require('@opentelemetry/instrumentation-undici') as typeof import('@opentelemetry/instrumentation-undici');
    out.push(new UndiciInstrumentation());
  }
  if (want.has('graphql')) {
    const { GraphQLInstrumentation } = require('@opentelemetry/instrumentation-graphql') as typeof import('@opentelemetry/instrumentation-graphql');
    // parse / validate / execute spans only: a span per resolver (and the wrapper that decides
    // whether to open one, on every field of every row) costs more than the query it describes.
    // SQL spans hang off the execute span instead.
    out.push(new GraphQLInstrumentation({ ignoreResolveSpans: true, mergeItems: true }));
  }
  if (want.has('pg')) {
    const { PgInstrumentation } = require('@opentelemetry/instrumentation-pg') as typeof import('@opentelemetry/instrumentation-pg');
    // Statements outside any traced work (the outbox relay's idle polls) would each be a
    // single-span root trace every poll interval.
    out.push(
      new PgInstrumentation({
        requireParentSpan: true,
        requestHook: (span, info) => {
          const redacted = redactedStatement(info.query.text);
          if (redacted !== undefined) span.setAttribute('db.query.text', redacted);
        },
      }),
    );
  }
  return out;
}

export function startTelemetry(options: TelemetryOptions): boolean {
  const endpoint = options.endpoint ?? process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (running) return true;
  if (!endpoint) return false;
  const core = require('@opentelemetry/core') as typeof import('@opentelemetry/core');
  if (core.getBooleanFromEnv('OTEL_SDK_DISABLED')) return false;
  const api = require('@opentelemetry/api') as typeof import('@opentelemetry/api');
  const logLevel = core.getStringFromEnv('OTEL_LOG_LEVEL');
  if (logLevel) api.diag.setLogger(new api.DiagConsoleLogger(), { logLevel: core.diagLogLevelFromString(logLevel) });

  // Patch the libraries first: they must be hooked before the service requires them.
  const instrumentations = createInstrumentations(options.instrumentations ?? DEFAULT_INSTRUMENTATIONS);

  const { AsyncLocalStorageContextManager } = require('@opentelemetry/context-async-hooks') as typeof import('@opentelemetry/context-async-hooks');
  const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
  const { registerInstrumentations } = require('@opentelemetry/instrumentation') as typeof import('@opentelemetry/instrumentation');
  const { detectResources, envDetector, hostDetector, processDetector, resourceFromAttributes } = require('@opentelemetry/resources') as typeof import('@opentelemetry/resources');
  const { BasicTracerProvider, BatchSpanProcessor } = require('@opentelemetry/sdk-trace-base') as typeof import('@opentelemetry/sdk-trace-base');
  const { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } = require('@opentelemetry/semantic-conventions') as typeof import('@opentelemetry/semantic-conventions');

  // As NodeSDK did: the detected attributes (OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES, process,
  // host) take precedence over the given ones. No cloud-metadata detectors: they probe
  // link-local addresses on every start.
  const resource = resourceFromAttributes({
    [ATTR_SERVICE_NAME]: options.serviceName,
    [ATTR_SERVICE_VERSION]: options.serviceVersion ?? '0.1.0',
  }).merge(detectResources({ detectors: [envDetector, processDetector, hostDetector] }));
  // Sampler (OTEL_TRACES_SAMPLER[_ARG]), span limits and batching (OTEL_BSP_*) come from the
  // environment through sdk-trace-base's defaults.
  const processor = new BatchSpanProcessor(new OTLPTraceExporter({ url: `${endpoint.replace(/\/$/, '')}/v1/traces` }));
  const provider = new BasicTracerProvider({ resource, spanProcessors: [processor] });

  const contextManager = new AsyncLocalStorageContextManager();
  contextManager.enable();
  api.context.setGlobalContextManager(contextManager);
  api.propagation.setGlobalPropagator(propagatorFromEnv(core));
  api.trace.setGlobalTracerProvider(provider);
  registerInstrumentations({ instrumentations, tracerProvider: provider });
  running = { provider };
  return true;
}

/** OTEL_PROPAGATORS (default tracecontext,baggage); the B3 and Jaeger formats are not bundled. */
function propagatorFromEnv(core: typeof import('@opentelemetry/core')) {
  const names = core.getStringListFromEnv('OTEL_PROPAGATORS') ?? ['tracecontext', 'baggage'];
  const propagators = [];
  for (const name of new Set(names)) {
    if (name === 'tracecontext') propagators.push(new core.W3CTraceContextPropagator());
    else if (name === 'baggage') propagators.push(new core.W3CBaggagePropagator());
    else if (name !== 'none') process.stderr.write(`telemetry: OTEL_PROPAGATORS value "${name}" is not supported (tracecontext, baggage, none)\n`);
  }
  return new core.CompositePropagator({ propagators });
}

/** Exports the spans still queued and stops tracing. */
export async function shutdownTelemetry(): Promise<void> {
  const r = running;
  running = undefined;
  await r?.provider.shutdown().catch(() => undefined);
}

/**
 * Statements that carry their values inline instead of as parameters (libs/db's commit-time
 * writes: the outbox rows sent with a COMMIT, whose event payloads may hold personal data) start
 * with this comment; traces get their shape, never their text.
 */
export const INLINE_VALUES_MARKER = '/*inline-values*/';

/** The db.query.text to record instead of `text`, or undefined to keep it. */
export function redactedStatement(text: string | undefined): string | undefined {
  if (!text?.startsWith(INLINE_VALUES_MARKER)) return undefined;
  const statements = text.slice(INLINE_VALUES_MARKER.length).split(/;\s*\n/).map((st) => st.trim()).filter(Boolean);
  const shapes = statements.map((st) => /^(insert into|update|delete from)\s+("[^"]+"|\S+)/i.exec(st)?.slice(1, 3).join(' ') ?? st.replace(/;$/, '').split(/\s+/)[0]!);
  return `${INLINE_VALUES_MARKER} ${shapes.join('; ')} (values not recorded)`;
}
