// The access subgraph's executable schema, served inside the gateway by LocalGraphQLDataSource.
import { join } from 'node:path';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type { GraphQLSchema } from 'graphql';
import { applyScopes, type Principal } from '@salesgraph/auth';
import type { Orm } from '@salesgraph/db';
import { commonResolvers, domainErrorToGraphQL, loadSubgraphTypeDefs, pageRequest, toConnection } from '@salesgraph/graphql';
import { DomainError, ValidationError } from '@salesgraph/kernel';
import { ApiKeyRecord, AuditRecord, type AuditOutcome } from './entities';
import type { ApiKeyStore, CreateApiKeyInput } from './key-store';

export const ACCESS_SCHEMA_PATH = join(__dirname, '..', '..', 'access.graphql');

interface AccessContext {
  principal: Principal;
}

type Resolver = (source: unknown, args: never, ctx: AccessContext) => unknown;

/** Domain errors become GraphQL errors with their code here: no subgraph formatter runs in-process. */
function withDomainErrors(map: Record<string, Resolver>): Record<string, Resolver> {
  const out: Record<string, Resolver> = {};
  for (const [name, fn] of Object.entries(map)) {
    out[name] = async (source, args, ctx) => {
      try {
        return await fn(source, args, ctx);
      } catch (e) {
        if (e instanceof DomainError) throw domainErrorToGraphQL(e);
        throw e;
      }
    };
  }
  return out;
}

interface AuditFilterArgs {
  principal?: string | null;
  operation?: string | null;
  from?: Date | null;
  to?: Date | null;
  outcome?: AuditOutcome | null;
}

export function buildAccessSchema(deps: { orm: Orm; store: ApiKeyStore }): GraphQLSchema {
  const { orm, store } = deps;
  const resolvers = {
    ...commonResolvers,
    Query: withDomainErrors({
      apiKeys: async (_: unknown, args: { first?: number | null; after?: string | null; includeRevoked?: boolean | null }) => {
        const em = orm.em.fork();
        const page = pageRequest(args);
        const where = { ...(args.includeRevoked ? {} : { revokedAt: null }), ...(page.afterId ? { id: { $gt: page.afterId } } : {}) };
        const rows = await em.find(ApiKeyRecord, where, { orderBy: { id: 'asc' }, limit: page.limit + 1 });
        return toConnection(rows, page, () => em.count(ApiKeyRecord, args.includeRevoked ? {} : { revokedAt: null }));
      },
      auditLog: async (_: unknown, args: { filter?: AuditFilterArgs | null; first?: number | null; after?: string | null }) => {
        const em = orm.em.fork();
        const page = pageRequest(args);
        const f = args.filter ?? {};
        if (f.from && f.to && f.from > f.to) throw new ValidationError('filter.from', 'filter.from must not be after filter.to');
        const where: Record<string, unknown> = {};
        if (f.principal) where.principal = f.principal;
        if (f.operation) where.operation = f.operation;
        if (f.outcome) where.outcome = f.outcome;
        if (f.from || f.to) where.at = { ...(f.from ? { $gte: f.from } : {}), ...(f.to ? { $lte: f.to } : {}) };
        const paged = page.afterId ? { ...where, id: { $lt: page.afterId } } : where;
        const rows = await em.find(AuditRecord, paged, { orderBy: { id: 'desc' }, limit: page.limit + 1 });
        return toConnection(rows, page, () => em.count(AuditRecord, where));
      },
    }),
    Mutation: withDomainErrors({
      createApiKey: async (_: unknown, args: { input: CreateApiKeyInput }, ctx: AccessContext) => {
        const { key, record } = await store.create(args.input, ctx.principal.subject);
        return { key, apiKey: record };
      },
      revokeApiKey: (_: unknown, args: { id: string }) => store.revoke(args.id),
      rotateApiKey: async (_: unknown, args: { id: string; overlapUntil?: Date | null }, ctx: AccessContext) => {
        const { key, record } = await store.rotate(args.id, args.overlapUntil, ctx.principal.subject);
        return { key, apiKey: record };
      },
    }),
    AuditRecord: {
      errorCodes: (r: AuditRecord) => r.errorCodes ?? [],
    },
  };
  return applyScopes(buildSubgraphSchema([{ typeDefs: loadSubgraphTypeDefs(ACCESS_SCHEMA_PATH), resolvers: resolvers as unknown as GraphQLResolverMap<unknown> }]));
}
