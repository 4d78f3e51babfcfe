import { NotFound } from '@net-server/lib';
import { describe, expect, it } from 'vitest';
import { applyListOptions } from '../src/resource-kit/list-options.js';

const notFound = (id: string): Error => new NotFound({ msg: id });

// Not in id order, as ML2 lists a network's segments (by segment index).
const items = [
  { id: 'c', name: 'b' },
  { id: 'a', name: 'a' },
  { id: 'b', name: 'b' },
];
const ids = (dicts: readonly Record<string, unknown>[]): unknown[] => dicts.map((dict) => dict['id']);

describe('applyListOptions', () => {
  it('orders by id where no sort is asked for, and breaks sorts’ ties by id', () => {
    expect(ids(applyListOptions(items, {}, notFound))).toEqual(['a', 'b', 'c']);
    expect(ids(applyListOptions(items, { sorts: [{ key: 'name', direction: 'asc' }] }, notFound))).toEqual(['a', 'b', 'c']);
  });

  it('keeps the order of ordered items, sorts applied on top of it and their ties left in it', () => {
    expect(ids(applyListOptions(items, {}, notFound, {}, true))).toEqual(['c', 'a', 'b']);
    expect(ids(applyListOptions(items, { sorts: [{ key: 'name', direction: 'desc' }] }, notFound, {}, true))).toEqual(['c', 'b', 'a']);
    expect(ids(applyListOptions(items, { marker: 'c', limit: 1 }, notFound, {}, true))).toEqual(['a']);
  });
});
