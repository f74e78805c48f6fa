// The gateway's query plan store: a least-recently-used map bounded by entry count (the
// default store is bounded by an approximate byte size it computes by serialising every plan),
// and the list of operations to plan at start so known clients never wait for the planner.
import { readFileSync } from 'node:fs';
import type { QueryPlan } from '@apollo/query-planner';

export class PlanCache {
  private readonly entries = new Map<string, QueryPlan>();

  constructor(readonly maxEntries: number) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new Error('plan cache size must be a positive integer');
  }

  get size(): number {
    return this.entries.size;
  }

  async get(key: string): Promise<QueryPlan | undefined> {
    const plan = this.entries.get(key);
    if (plan !== undefined) {
      // Most recently used last: eviction takes the first key.
      this.entries.delete(key);
      this.entries.set(key, plan);
    }
    return plan;
  }

  async set(key: string, plan: QueryPlan): Promise<void> {
    this.entries.delete(key);
    this.entries.set(key, plan);
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  async delete(key: string): Promise<boolean> {
    return this.entries.delete(key);
  }

  /** The gateway clears its store whenever the supergraph changes. */
  clear(): void {
    this.entries.clear();
  }
}

export interface KnownOperation {
  query: string;
  operationName?: string;
}

/**
 * Operations to warm from a JSON file: either a list of `{ "query", "operationName"? }` or an
 * Apollo persisted-query manifest (`{ "operations": [{ "body", "name" }] }`). The texts must be
 * exactly what clients send: the plan and document caches are keyed by the text's hash.
 */
export function readKnownOperations(path: string): KnownOperation[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`cannot read the operations to warm from ${path}: ${(e as Error).message}`);
  }
  const list = Array.isArray(parsed) ? parsed : (parsed as { operations?: unknown } | null)?.operations;
  if (!Array.isArray(list)) throw new Error(`${path}: expected a JSON array of { query, operationName } or a persisted-query manifest with "operations"`);
  return list.map((item, i) => {
    const o = (item ?? {}) as Record<string, unknown>;
    const query = typeof o.query === 'string' ? o.query : typeof o.body === 'string' ? o.body : undefined;
    if (!query) throw new Error(`${path}: operation ${i} has no "query" (or "body") text`);
    const name = typeof o.operationName === 'string' ? o.operationName : typeof o.name === 'string' ? o.name : undefined;
    return name ? { query, operationName: name } : { query };
  });
}
