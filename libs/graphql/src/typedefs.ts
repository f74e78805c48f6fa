import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, type DocumentNode } from 'graphql';

/** Path of the shared value types, for composition scripts. */
export const COMMON_GRAPHQL_PATH = join(__dirname, '..', 'common.graphql');

export function commonTypeDefsSource(): string {
  return readFileSync(COMMON_GRAPHQL_PATH, 'utf8');
}

/** A subgraph's schema.graphql joined to the shared value types: what it serves and composes. */
export function subgraphTypeDefsSource(schemaPath: string): string {
  return `${readFileSync(schemaPath, 'utf8')}\n${commonTypeDefsSource()}`;
}

export function loadSubgraphTypeDefs(schemaPath: string): DocumentNode {
  return parse(subgraphTypeDefsSource(schemaPath));
}
