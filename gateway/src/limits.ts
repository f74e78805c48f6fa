// Query limits checked before any subgraph is called: tokens, depth, aliases, root fields,
// page sizes and cost (list fields weighted by their page size).
import {
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
  isInterfaceType,
  Kind,
  parse,
  GraphQLError,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type GraphQLCompositeType,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
  isCompositeType,
} from 'graphql';

export interface QueryLimits {
  maxTokens: number;
  maxDepth: number;
  maxAliases: number;
  maxRootFields: number;
  maxCost: number;
  maxPageSize: number;
  /** Assumed size of a list field that has no first/last argument. */
  defaultListSize: number;
}

export const DEFAULT_LIMITS: QueryLimits = {
  maxTokens: 5_000,
  maxDepth: 12,
  maxAliases: 30,
  maxRootFields: 15,
  maxCost: 50_000,
  maxPageSize: 100,
  defaultListSize: 20,
};

export class QueryLimitError extends Error {
  constructor(
    readonly limit: keyof QueryLimits,
    message: string,
  ) {
    super(message);
    this.name = 'QueryLimitError';
  }
}

export interface QueryShape {
  depth: number;
  aliases: number;
  rootFields: number;
  cost: number;
}

function argumentValue(node: ValueNode | undefined, variables: Record<string, unknown>): unknown {
  if (!node) return undefined;
  if (node.kind === Kind.VARIABLE) return variables[node.name.value];
  if (node.kind === Kind.INT) return Number(node.value);
  return undefined;
}

interface CachedDocument {
  /** Undefined for a syntax error (Apollo reports it as GRAPHQL_PARSE_FAILED). */
  doc?: DocumentNode;
  /** The token limit refused it. */
  tooLong?: QueryLimitError;
  /** Per operation name: the verdict of an operation whose page sizes use no variables. */
  verdicts: Map<string, QueryShape | QueryLimitError | undefined>;
}

export class QueryAnalyzer {
  // Parsing and walking are the expensive part; clients repeat the same documents, so keep
  // them, and keep the verdict of every operation whose page sizes are literals (variables
  // cannot change it).
  private readonly documents = new Map<string, CachedDocument>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly limits: QueryLimits = DEFAULT_LIMITS,
    private readonly cacheSize = 1_000,
  ) {}

  private cached(query: string): CachedDocument {
    let entry = this.documents.get(query);
    if (!entry) {
      entry = { verdicts: new Map() };
      try {
        entry.doc = parse(query, { maxTokens: this.limits.maxTokens, noLocation: true });
      } catch (e) {
        if (e instanceof GraphQLError && /tokens/.test(e.message)) entry.tooLong = new QueryLimitError('maxTokens', `query has more than ${this.limits.maxTokens} tokens`);
      }
      if (this.documents.size >= this.cacheSize) this.documents.delete(this.documents.keys().next().value!);
      this.documents.set(query, entry);
    }
    return entry;
  }

  private operation(doc: DocumentNode, operationName: string | undefined): OperationDefinitionNode | undefined {
    let only: OperationDefinitionNode | undefined;
    let count = 0;
    for (const d of doc.definitions) {
      if (d.kind !== Kind.OPERATION_DEFINITION) continue;
      if (operationName) {
        if (d.name?.value === operationName) return d;
      } else {
        only = d;
        count += 1;
      }
    }
    return count === 1 ? only : undefined;
  }

  /** The operation's type, when the document parses and names one operation unambiguously. */
  operationType(query: string, operationName: string | undefined): 'query' | 'mutation' | 'subscription' | undefined {
    const { doc } = this.cached(query);
    return doc ? this.operation(doc, operationName)?.operation : undefined;
  }

  /** Throws QueryLimitError when the operation exceeds a limit; returns its shape otherwise. */
  check(query: string, operationName: string | undefined, variables: Record<string, unknown> = {}): QueryShape | undefined {
    const entry = this.cached(query);
    if (entry.tooLong) throw entry.tooLong;
    if (!entry.doc) return undefined;
    const key = operationName ?? '';
    if (entry.verdicts.has(key)) {
      const verdict = entry.verdicts.get(key);
      if (verdict instanceof QueryLimitError) throw verdict;
      return verdict && { ...verdict };
    }
    const read = { variables: false };
    let verdict: QueryShape | QueryLimitError | undefined;
    try {
      verdict = this.analyze(entry.doc, operationName, variables, read);
    } catch (e) {
      if (!(e instanceof QueryLimitError)) throw e;
      verdict = e;
    }
    if (!read.variables) entry.verdicts.set(key, verdict);
    if (verdict instanceof QueryLimitError) throw verdict;
    return verdict && { ...verdict };
  }

  private analyze(doc: DocumentNode, operationName: string | undefined, variables: Record<string, unknown>, read: { variables: boolean }): QueryShape | undefined {
    const operation = this.operation(doc, operationName);
    if (!operation) return undefined; // Apollo reports the missing or ambiguous operation
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const d of doc.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
    const root = operation.operation === 'query' ? this.schema.getQueryType() : operation.operation === 'mutation' ? this.schema.getMutationType() : this.schema.getSubscriptionType();
    if (!root) return undefined;
    const shape: QueryShape = { depth: 0, aliases: 0, rootFields: 0, cost: 0 };
    const L = this.limits;

    const visit = (set: SelectionSetNode, parent: GraphQLCompositeType | undefined, depth: number, multiplier: number, paged: boolean, seen: Set<string>, isRoot: boolean) => {
      for (const sel of set.selections) {
        if (sel.kind === Kind.FRAGMENT_SPREAD) {
          const frag = fragments.get(sel.name.value);
          if (!frag || seen.has(frag.name.value)) continue; // unknown or cyclic: validation reports it
          const type = this.schema.getType(frag.typeCondition.name.value);
          visit(frag.selectionSet, isCompositeType(type) ? type : parent, depth, multiplier, paged, new Set([...seen, frag.name.value]), isRoot);
          continue;
        }
        if (sel.kind === Kind.INLINE_FRAGMENT) {
          const type = sel.typeCondition ? this.schema.getType(sel.typeCondition.name.value) : parent;
          visit(sel.selectionSet, isCompositeType(type) ? type : parent, depth, multiplier, paged, seen, isRoot);
          continue;
        }
        this.visitField(sel, parent, depth, multiplier, paged, shape, isRoot, variables, read, (childSet, childType, childMultiplier, childPaged) =>
          visit(childSet, childType, depth + 1, childMultiplier, childPaged, seen, false),
        );
      }
    };
    visit(operation.selectionSet, root, 1, 1, false, new Set(), true);
    if (shape.depth > L.maxDepth) throw new QueryLimitError('maxDepth', `query depth ${shape.depth} exceeds the limit of ${L.maxDepth}`);
    if (shape.aliases > L.maxAliases) throw new QueryLimitError('maxAliases', `query uses ${shape.aliases} aliases; the limit is ${L.maxAliases}`);
    if (shape.rootFields > L.maxRootFields) throw new QueryLimitError('maxRootFields', `query selects ${shape.rootFields} root fields; the limit is ${L.maxRootFields}`);
    if (shape.cost > L.maxCost) throw new QueryLimitError('maxCost', `query cost ${shape.cost} exceeds the limit of ${L.maxCost} (list fields count once per requested item)`);
    return shape;
  }

  private visitField(
    field: FieldNode,
    parent: GraphQLCompositeType | undefined,
    depth: number,
    multiplier: number,
    paged: boolean,
    shape: QueryShape,
    isRoot: boolean,
    variables: Record<string, unknown>,
    read: { variables: boolean },
    visitChildren: (set: SelectionSetNode, type: GraphQLCompositeType | undefined, multiplier: number, paged: boolean) => void,
  ) {
    const name = field.name.value;
    // Introspection is governed by its own switch, not by these limits.
    if (name.startsWith('__')) return;
    const L = this.limits;
    if (field.alias) shape.aliases += 1;
    if (isRoot) shape.rootFields += 1;
    shape.depth = Math.max(shape.depth, depth);
    shape.cost += multiplier;
    if (!field.selectionSet) return;
    const def = parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[name] : undefined;
    let size: number | undefined;
    for (const arg of field.arguments ?? []) {
      if (arg.name.value !== 'first' && arg.name.value !== 'last') continue;
      if (arg.value.kind === Kind.VARIABLE) read.variables = true;
      const v = argumentValue(arg.value, variables);
      if (typeof v === 'number') {
        if (v > L.maxPageSize) throw new QueryLimitError('maxPageSize', `${arg.name.value} on ${name} is ${v}; pages hold at most ${L.maxPageSize} items`);
        size = Math.max(size ?? 0, v);
      }
    }
    let factor = 1;
    let childPaged = false;
    if (size !== undefined) {
      factor = Math.max(size, 1);
      childPaged = true;
    } else if (def && isListType(getNullableType(def.type)) && !paged) {
      factor = L.defaultListSize;
    }
    const childType = def ? getNamedType(def.type) : undefined;
    visitChildren(field.selectionSet, isCompositeType(childType) ? childType : undefined, multiplier * factor, childPaged);
  }
}
