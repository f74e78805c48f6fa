import { join } from 'node:path';
import { parse, type FieldNode, type ObjectTypeDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { loadSubgraphTypeDefs } from '@salesgraph/graphql';
import { connectionNodeFields } from '@salesgraph/graphql';
import { CUSTOMER_FIELD_PROPS, customerPropsFor } from './selection';

describe('customer list columns', () => {
  it('maps every field of Customer in the schema to the properties its resolver reads', () => {
    const doc = loadSubgraphTypeDefs(join(__dirname, '..', '..', 'schema.graphql'));
    const customer = doc.definitions.find((d): d is ObjectTypeDefinitionNode => d.kind === 'ObjectTypeDefinition' && d.name.value === 'Customer')!;
    const fields = (customer.fields ?? []).map((f) => f.name.value);
    expect(fields.length).toBeGreaterThan(20);
    expect(fields.filter((f) => !CUSTOMER_FIELD_PROPS[f])).toEqual([]);
  });

  it('reads the columns of the selected fields only, every column for an unmapped one', () => {
    const op = parse('{ customers(first: 10) { edges { node { __typename id code name owner { id } } } } }').definitions[0] as OperationDefinitionNode;
    const fields = connectionNodeFields({ fieldNodes: [op.selectionSet.selections[0] as FieldNode], fragments: {} });
    expect(customerPropsFor(fields)).toEqual(['code', 'name', 'ownerRepId']);
    expect(customerPropsFor(new Set(['name', 'somethingNew']))).toBeNull();
  });
});
