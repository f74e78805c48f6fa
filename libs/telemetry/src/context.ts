// W3C trace context across asynchronous hops (outbox rows, event envelopes).
import { type Context, ROOT_CONTEXT, context, createContextKey, propagation, trace, type Span, SpanKind, SpanStatusCode, type Attributes } from '@opentelemetry/api';

export { ROOT_CONTEXT, SpanKind, SpanStatusCode, context, trace };
export type { Span, Context, Attributes };

export const tracer = trace.getTracer('salesgraph');

/**
 * @opentelemetry/core's suppressTracing key (createContextKey is Symbol.for, so it is the same
 * key), without loading @opentelemetry/core where tracing is off.
 */
const SUPPRESS_TRACING = createContextKey('OpenTelemetry SDK Context Key SUPPRESS_TRACING');

/**
 * Runs fn with tracing suppressed: background bookkeeping (the outbox relay's claims and marks,
 * retention sweeps) that would otherwise start a root trace per statement.
 */
export function untraced<T>(fn: () => Promise<T>): Promise<T> {
  return context.with(context.active().setValue(SUPPRESS_TRACING, true), fn);
}

/** The active context as a traceparent header value, if any span is active. */
export function currentTraceparent(ctx: Context = context.active()): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  return carrier.traceparent;
}

export function contextFromTraceparent(traceparent: string | undefined): Context {
  if (!traceparent) return ROOT_CONTEXT;
  return propagation.extract(ROOT_CONTEXT, { traceparent });
}

export function currentTraceId(): string | undefined {
  const span = trace.getActiveSpan();
  const id = span?.spanContext().traceId;
  return id && id !== '00000000000000000000000000000000' ? id : undefined;
}

/** Runs fn inside a new span, records failure, always ends the span. */
export async function withSpan<T>(
  name: string,
  options: { kind?: SpanKind; attributes?: Attributes; parent?: Context },
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  const parent = options.parent ?? context.active();
  return tracer.startActiveSpan(name, { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes }, parent, async (span) => {
    try {
      return await fn(span);
    } catch (e) {
      span.recordException(e as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (e as Error).message });
      throw e;
    } finally {
      span.end();
    }
  });
}
