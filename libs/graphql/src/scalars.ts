import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { isDecimalString } from '@salesgraph/kernel';

function badInput(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}

function parseDecimalValue(value: unknown): string {
  if (typeof value !== 'string' || !isDecimalString(value.trim())) {
    throw badInput(`Decimal must be a decimal string such as "1250.00", got ${JSON.stringify(value)}`);
  }
  return value.trim();
}

export const DecimalScalar = new GraphQLScalarType({
  name: 'Decimal',
  description: 'A decimal number as a string, e.g. "1250.00". Never a float.',
  serialize(value) {
    if (typeof value === 'string' && isDecimalString(value)) return value;
    if (typeof value === 'bigint') return value.toString();
    throw new GraphQLError(`Decimal cannot represent ${typeof value}`);
  },
  parseValue: parseDecimalValue,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw badInput('Decimal literals must be strings such as "1250.00"');
    return parseDecimalValue(ast.value);
  },
});

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

function parseDateTimeValue(value: unknown): Date {
  if (typeof value !== 'string' || !ISO.test(value) || Number.isNaN(Date.parse(value))) {
    throw badInput(`DateTime must be an ISO-8601 instant with a zone, e.g. "2026-01-31T08:00:00Z", got ${JSON.stringify(value)}`);
  }
  return new Date(value);
}

export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  description: 'A UTC instant in ISO-8601.',
  serialize(value) {
    if (value instanceof Date) return value.toISOString();
    if (typeof value === 'string') {
      // Parsed once (Date.parse and new Date read a string alike); rows from raw SQL carry strings.
      const date = new Date(value);
      if (!Number.isNaN(date.getTime())) return date.toISOString();
    }
    throw new GraphQLError('DateTime cannot represent this value');
  },
  parseValue: parseDateTimeValue,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw badInput('DateTime literals must be strings');
    return parseDateTimeValue(ast.value);
  },
});

export const commonResolvers = { Decimal: DecimalScalar, DateTime: DateTimeScalar };
