import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, QueryAnalyzer, QueryLimitError } from './limits';

const schema = buildSchema(`
  type Query { customers(first: Int): CustomerConnection! customer(id: ID!): Customer tags: [String!]! }
  type CustomerConnection { edges: [Edge!]! totalCount: Int! }
  type Edge { node: Customer! }
  type Customer { id: ID! name: String! orders(first: Int): OrderConnection! contacts: [Contact!]! friend: Customer }
  type OrderConnection { edges: [OrderEdge!]! }
  type OrderEdge { node: Order! }
  type Order { id: ID! lines: [Line!]! }
  type Line { sku: String! }
  type Contact { name: String! }
`);

function refusal(fn: () => unknown): QueryLimitError {
  try {
    fn();
  } catch (e) {
    if (e instanceof QueryLimitError) return e;
    throw e;
  }
  throw new Error('expected a QueryLimitError');
}

describe('QueryAnalyzer', () => {
  const analyzer = new QueryAnalyzer(schema, { ...DEFAULT_LIMITS, maxDepth: 6, maxAliases: 3, maxRootFields: 3, maxCost: 3000, maxTokens: 400 });
  const roomy = new QueryAnalyzer(schema, { ...DEFAULT_LIMITS, maxDepth: 10, maxCost: 3000 });

  it('weights list fields by their page size', () => {
    const shape = roomy.check('{ customers(first: 10) { edges { node { id orders(first: 5) { edges { node { id } } } } } } }', undefined, {});
    // customers 1 + edges 10 + node 10 + id 10 + orders 10 + edges 50 + node 50 + id 50
    expect(shape).toEqual({ depth: 7, aliases: 0, rootFields: 1, cost: 191 });
  });

  it('reads page sizes from variables and refuses pages over 100', () => {
    const q = 'query($n: Int) { customers(first: $n) { edges { node { id } } } }';
    expect(analyzer.check(q, undefined, { n: 2 })!.cost).toBe(1 + 2 + 2 + 2);
    expect(refusal(() => analyzer.check(q, undefined, { n: 101 })).limit).toBe('maxPageSize');
  });

  it('counts unpaged lists at the default size', () => {
    const shape = analyzer.check('{ customer(id: "1") { contacts { name } } }', undefined, {});
    expect(shape!.cost).toBe(1 + 1 + DEFAULT_LIMITS.defaultListSize);
  });

  it('refuses deep, aliased, wide, costly and long documents', () => {
    expect(refusal(() => analyzer.check('{ customer(id: "1") { friend { friend { friend { friend { friend { friend { id } } } } } } } }', undefined, {})).limit).toBe('maxDepth');
    expect(refusal(() => analyzer.check('{ a: tags b: tags c: tags d: tags }', undefined, {})).limit).toBe('maxAliases');
    expect(refusal(() => analyzer.check('{ tags customers { totalCount } customer(id: "1") { id } x: customer(id: "2") { id } }', undefined, {})).limit).toBe('maxRootFields');
    expect(refusal(() => roomy.check('{ customers(first: 100) { edges { node { orders(first: 100) { edges { node { id } } } } } } }', undefined, {})).limit).toBe('maxCost');
    expect(refusal(() => analyzer.check(`{ ${'tags '.repeat(500)} }`, undefined, {})).limit).toBe('maxTokens');
  });

  it('expands fragments (and survives cycles, which validation reports)', () => {
    const q = 'query { customer(id: "1") { ...F } } fragment F on Customer { friend { ...G } } fragment G on Customer { friend { ...F } }';
    expect(analyzer.check(q, undefined, {})!.depth).toBe(3);
    const deep = '{ customer(id: "1") { ...A } } fragment A on Customer { friend { friend { friend { friend { friend { friend { id } } } } } } }';
    expect(refusal(() => analyzer.check(deep, undefined, {})).limit).toBe('maxDepth');
  });

  it('leaves syntax errors and introspection to the server', () => {
    expect(analyzer.check('{ customers(', undefined, {})).toBeUndefined();
    expect(analyzer.check('{ __schema { types { fields { type { ofType { ofType { ofType { name } } } } } } } }', undefined, {})!.depth).toBe(0);
  });

  it('keeps the verdict of operations whose page sizes are literals, and tells the operation type', () => {
    const q = 'query A { customers(first: 10) { totalCount } } mutation B { tags }';
    const first = roomy.check(q, 'A');
    expect(roomy.check(q, 'A')).toEqual(first);
    const big = '{ customers(first: 101) { totalCount } }';
    expect(refusal(() => roomy.check(big, undefined)).limit).toBe('maxPageSize');
    expect(refusal(() => roomy.check(big, undefined)).limit).toBe('maxPageSize');
    expect(roomy.operationType(q, 'A')).toBe('query');
    expect(roomy.operationType(q, 'B')).toBe('mutation');
    expect(roomy.operationType(q, undefined)).toBeUndefined(); // ambiguous
    expect(roomy.operationType('{ broken', undefined)).toBeUndefined();
    expect(roomy.check('{ broken', undefined)).toBeUndefined();
  });
});
