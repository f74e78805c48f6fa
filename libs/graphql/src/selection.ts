// Which fields a query selects on a connection's nodes: lists read only the columns those fields need.
import type { FragmentDefinitionNode, GraphQLResolveInfo, SelectionSetNode } from 'graphql';

type Fragments = Record<string, FragmentDefinitionNode>;

function collect(set: SelectionSetNode | undefined, fragments: Fragments, visit: (name: string, sub: SelectionSetNode | undefined) => void, seen = new Set<string>()): void {
  for (const s of set?.selections ?? []) {
    if (s.kind === 'Field') visit(s.name.value, s.selectionSet);
    else if (s.kind === 'InlineFragment') collect(s.selectionSet, fragments, visit, seen);
    else if (!seen.has(s.name.value)) {
      // @skip/@include are ignored: reading a column too many is harmless.
      seen.add(s.name.value);
      collect(fragments[s.name.value]?.selectionSet, fragments, visit, seen);
    }
  }
}

/** Field names selected on `edges { node { … } }` of the connection being resolved (fragments included). */
export function connectionNodeFields(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>): Set<string> {
  const names = new Set<string>();
  for (const field of info.fieldNodes) {
    collect(field.selectionSet, info.fragments, (edgeField, edges) => {
      if (edgeField !== 'edges') return;
      collect(edges, info.fragments, (nodeField, node) => {
        if (nodeField === 'node') collect(node, info.fragments, (name) => names.add(name));
      });
    });
  }
  return names;
}

