// Relay connections over keyset pagination (time-ordered ids, or another unique key): one SQL query per page.
import { ValidationError } from '@salesgraph/kernel';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

export interface PageRequest {
  limit: number;
  afterId?: string;
}

export function encodeCursor(id: string): string {
  return Buffer.from(`id:${id}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, field = 'after'): string {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith('id:') || text.length < 4 || text.length > 80) throw new ValidationError(field, `${field} is not a cursor this API issued`);
  return text.slice(3);
}

export function pageRequest(args: { first?: number | null; after?: string | null }, max = MAX_PAGE_SIZE): PageRequest {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > max) throw new ValidationError('first', `first must be between 0 and ${max}`);
  return { limit: first, ...(args.after ? { afterId: decodeCursor(args.after) } : {}) };
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  /** Resolved only when the client selects it (the default resolver calls functions). */
  totalCount: () => Promise<number>;
}

/** `rows` is the page fetched with limit + 1, so one extra row tells whether there is a next page. */
export function toConnection<T>(
  rows: T[],
  page: PageRequest,
  totalCount: () => Promise<number>,
  keyOf: (node: T) => string = (node) => (node as { id: string }).id,
): Connection<T> {
  const hasNextPage = rows.length > page.limit;
  const nodes = hasNextPage ? rows.slice(0, page.limit) : rows;
  const edges = nodes.map((node) => ({ cursor: encodeCursor(keyOf(node)), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage,
      hasPreviousPage: Boolean(page.afterId),
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount,
  };
}
