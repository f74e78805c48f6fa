import { describe, expect, it } from 'vitest';
import { dedupeRepresentations, expandEntities } from './data-source';

describe('entity representation de-duplication', () => {
  it('keeps each distinct representation once and maps every position to it', () => {
    const reps = [{ __typename: 'SalesRep', id: 'a' }, { __typename: 'SalesRep', id: 'b' }, { __typename: 'SalesRep', id: 'a' }, { __typename: 'SalesRep', id: 'a' }];
    const { unique, indexOf } = dedupeRepresentations(reps);
    expect(unique).toEqual([{ __typename: 'SalesRep', id: 'a' }, { __typename: 'SalesRep', id: 'b' }]);
    expect(indexOf).toEqual([0, 1, 0, 0]);
  });

  it('re-expands answers and errors in the original order', () => {
    const response = {
      data: { _entities: [{ name: 'A' }, null] },
      errors: [{ message: 'b is hidden', path: ['_entities', 1, 'name'] }, { message: 'other' }],
    };
    const expanded = expandEntities(response as never, [0, 1, 0, 1]) as typeof response;
    expect(expanded.data._entities).toEqual([{ name: 'A' }, null, { name: 'A' }, null]);
    expect(expanded.errors).toEqual([
      { message: 'b is hidden', path: ['_entities', 1, 'name'] },
      { message: 'b is hidden', path: ['_entities', 3, 'name'] },
      { message: 'other' },
    ]);
  });
});
