// Field-level scope checks from a subgraph-local `@scopes` directive (never composed:
// @apollo/gateway cannot load Apollo Router's @requiresScopes, so each subgraph enforces).
import { GraphQLError, type GraphQLFieldResolver, type GraphQLSchema, defaultFieldResolver, isObjectType, type DirectiveNode, type ASTNode } from 'graphql';
import { missingScopes, type Principal } from './principal';

export const SCOPES_DIRECTIVE_SDL = 'directive @scopes(all: [String!]!) on FIELD_DEFINITION | OBJECT';

function scopesOf(nodes: ReadonlyArray<ASTNode | null | undefined>): string[] {
  const out: string[] = [];
  for (const node of nodes) {
    const directives = (node as { directives?: readonly DirectiveNode[] } | null | undefined)?.directives ?? [];
    for (const d of directives) {
      if (d.name.value !== 'scopes') continue;
      const arg = d.arguments?.find((a) => a.name.value === 'all');
      if (arg?.value.kind === 'ListValue') {
        for (const v of arg.value.values) if (v.kind === 'StringValue') out.push(v.value);
      }
    }
  }
  return out;
}

export function forbidden(missing: string[]): GraphQLError {
  return new GraphQLError(`missing scope ${missing.join(', ')}`, { extensions: { code: 'FORBIDDEN', missingScopes: missing } });
}

/**
 * Wraps every resolver whose field or type carries `@scopes(all: [...])` with a check
 * against `context.principal`. Entity references (`_entities`) are covered too: the
 * reference resolver and every field of a scoped type are wrapped.
 */
export function applyScopes(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const typeScopes = scopesOf([type.astNode, ...type.extensionASTNodes]);
    const withRef = type as typeof type & { resolveReference?: GraphQLFieldResolver<unknown, unknown> };
    if (typeScopes.length > 0 && withRef.resolveReference) {
      const resolveReference = withRef.resolveReference;
      withRef.resolveReference = (ref, ctx, info) => {
        const missing = missingScopes((ctx as { principal?: Principal }).principal, typeScopes);
        if (missing.length) throw forbidden(missing);
        return (resolveReference as (r: unknown, c: unknown, i: unknown) => unknown)(ref, ctx, info);
      };
    }
    for (const field of Object.values(type.getFields())) {
      const required = [...new Set([...typeScopes, ...scopesOf([field.astNode])])];
      if (required.length === 0) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, ctx, info) => {
        const missing = missingScopes((ctx as { principal?: Principal }).principal, required);
        if (missing.length) throw forbidden(missing);
        return resolve(source, args, ctx, info);
      };
    }
  }
  return schema;
}
