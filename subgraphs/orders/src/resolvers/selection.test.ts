import { join } from 'node:path';
import { parse, type FieldNode, type FragmentDefinitionNode, type ObjectTypeDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { loadSubgraphTypeDefs } from '@salesgraph/graphql';
import { connectionNodeFields } from '@salesgraph/graphql';
import { ORDER_FIELD_PROPS, orderPropsFor } from './selection';

/** The resolve info of the first field of the operation's first selection (Customer.orders inside _entities here). */
function infoOf(query: string) {
  const doc = parse(query);
  const op = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')!;
  const fragments = Object.fromEntries(doc.definitions.filter((d): d is FragmentDefinitionNode => d.kind === 'FragmentDefinition').map((d) => [d.name.value, d]));
  return { fieldNodes: [op.selectionSet.selections[0] as FieldNode], fragments };
}

describe('order list columns', () => {
  it('maps every field of Order in the schema to the properties its resolver reads', () => {
    const doc = loadSubgraphTypeDefs(join(__dirname, '..', '..', 'schema.graphql'));
    const order = doc.definitions.find((d): d is ObjectTypeDefinitionNode => d.kind === 'ObjectTypeDefinition' && d.name.value === 'Order')!;
    const fields = (order.fields ?? []).map((f) => f.name.value);
    expect(fields.length).toBeGreaterThan(30);
    expect(fields.filter((f) => !ORDER_FIELD_PROPS[f])).toEqual([]);
  });

  it('collects the node fields through inline fragments and fragment spreads', () => {
    const info = infoOf(`{ orders(first: 5) { totalCount edges { cursor node { number ...more ... on Order { lines { sku } } } } } }
      fragment more on Order { status overdue }`);
    expect([...connectionNodeFields(info)].sort()).toEqual(['lines', 'number', 'overdue', 'status']);
    expect(orderPropsFor(connectionNodeFields(info))).toEqual(['amountDueMinor', 'dueDate', 'lines', 'number', 'status']);
  });

  it('reads every column when a field is not mapped', () => {
    expect(orderPropsFor(new Set(['number', 'somethingNew']))).toBeNull();
  });
});
