import { describe, expect, it } from 'vitest';
import { regionSubtree } from './region';

describe('regionSubtree', () => {
  const regions = [
    { code: 'CN-EAST-SH', parentCode: 'CN-EAST' },
    { code: 'CN', parentCode: null },
    { code: 'CN-EAST', parentCode: 'CN' },
    { code: 'CN-WEST', parentCode: 'CN' },
    { code: 'US', parentCode: null },
  ];
  it('collects every level below, whatever the row order', () => {
    expect([...regionSubtree(regions, 'CN')].sort()).toEqual(['CN', 'CN-EAST', 'CN-EAST-SH', 'CN-WEST']);
    expect([...regionSubtree(regions, 'CN-EAST')].sort()).toEqual(['CN-EAST', 'CN-EAST-SH']);
  });
  it('is the region alone when it has no children or is unknown', () => {
    expect([...regionSubtree(regions, 'US')]).toEqual(['US']);
    expect([...regionSubtree(regions, 'XX')]).toEqual(['XX']);
  });
});
