// The one place that turns thrown errors into what clients see: domain codes kept,
// everything unexpected masked behind an error id the SRE can find in logs and traces.
import { randomUUID } from 'node:crypto';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { DomainError } from '@salesgraph/kernel';
import { currentTraceId, trace, type Logger } from '@salesgraph/telemetry';

export const PUBLIC_CODES = new Set([
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'FORBIDDEN',
  'UNAUTHENTICATED',
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'OPERATION_RESOLUTION_FAILURE',
]);

export function domainErrorToGraphQL(e: DomainError): GraphQLError {
  return new GraphQLError(e.message, {
    extensions: { code: e.category, reason: e.code, ...(e.field ? { field: e.field } : {}), ...(e.details ? { details: e.details } : {}) },
  });
}

export function createErrorFormatter(options: { logger: Logger; exposeInternal: boolean }) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = (error as GraphQLError)?.originalError ?? error;
    if (original instanceof DomainError) {
      const g = domainErrorToGraphQL(original);
      return { ...formatted, message: g.message, extensions: { ...g.extensions } };
    }
    const code = formatted.extensions?.code as string | undefined;
    if (code && PUBLIC_CODES.has(code)) {
      const { stacktrace: _drop, ...extensions } = formatted.extensions ?? {};
      void _drop;
      return { ...formatted, extensions: options.exposeInternal ? formatted.extensions : extensions };
    }
    const errorId = randomUUID();
    trace.getActiveSpan()?.setAttribute('error.id', errorId);
    options.logger.error({ err: original, errorId, trace_id: currentTraceId(), path: formatted.path }, 'unexpected error in resolver');
    if (options.exposeInternal) return { ...formatted, extensions: { ...formatted.extensions, code: code ?? 'INTERNAL_SERVER_ERROR', errorId } };
    return { message: 'Internal server error', locations: formatted.locations, path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR', errorId } };
  };
}
