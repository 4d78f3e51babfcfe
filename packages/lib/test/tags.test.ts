import { describe, expect, it } from 'vitest';
import { Context, TAG_FILTERS, isTagFilter, matchesTagFilter, matchesTagFilters, tagsCapableOf } from '@net-server/lib';

describe("neutron's tag filters", () => {
  const tags = ['red', 'blue'];

  it('are the four of neutron.extensions.tagging', () => {
    expect(TAG_FILTERS).toEqual(['tags', 'tags-any', 'not-tags', 'not-tags-any']);
    expect(isTagFilter('tags-any')).toBe(true);
    expect(isTagFilter('tag')).toBe(false);
  });

  it('match all (tags), any (tags-any), not all (not-tags) and none (not-tags-any) of the values', () => {
    expect(matchesTagFilter('tags', tags, ['red', 'blue'])).toBe(true);
    expect(matchesTagFilter('tags', tags, ['red', 'green'])).toBe(false);
    expect(matchesTagFilter('tags-any', tags, ['green', 'blue'])).toBe(true);
    expect(matchesTagFilter('tags-any', tags, ['green'])).toBe(false);
    expect(matchesTagFilter('not-tags', tags, ['red', 'green'])).toBe(true);
    expect(matchesTagFilter('not-tags', tags, ['red', 'blue'])).toBe(false);
    expect(matchesTagFilter('not-tags-any', tags, ['green'])).toBe(true);
    expect(matchesTagFilter('not-tags-any', tags, ['green', 'red'])).toBe(false);
  });

  it('split comma-separated values, as neutron: tags-any=red,blue is tags-any=red&tags-any=blue', () => {
    expect(matchesTagFilter('tags', tags, ['red,blue'])).toBe(true);
    expect(matchesTagFilter('tags', ['red'], ['red,blue'])).toBe(false);
    expect(matchesTagFilter('not-tags-any', ['blue'], ['green,blue'])).toBe(false);
  });

  it('apply every tag filter to a dict and leave the others to the caller', () => {
    const dict = { id: 'n1', name: 'net', tags };
    expect(matchesTagFilters(dict, { name: ['other'], tags: ['red'], 'not-tags-any': ['green'] })).toBe(true);
    expect(matchesTagFilters(dict, { tags: ['red'], 'tags-any': ['green'] })).toBe(false);
    // A resource without tags has none.
    expect(matchesTagFilters({ id: 'n2' }, { 'not-tags': ['red'] })).toBe(true);
    expect(matchesTagFilters({ id: 'n2' }, { tags: ['red'] })).toBe(false);
  });
});

describe('tagsCapableOf', () => {
  it('finds the tag support of a plugin by shape', async () => {
    const changed: string[] = [];
    const owner = {
      taggableCollections: ['widgets'],
      async tagsChanged(_context: Context, collection: string, id: string) {
        changed.push(`${collection}/${id}`);
        return true;
      },
    };
    const found = tagsCapableOf(owner);
    expect(found?.taggableCollections).toEqual(['widgets']);
    expect(await found?.tagsChanged(new Context(), 'widgets', 'w1')).toBe(true);
    expect(changed).toEqual(['widgets/w1']);
    expect(tagsCapableOf({ taggableCollections: ['widgets'] })).toBeUndefined();
    expect(tagsCapableOf({ tagsChanged: owner.tagsChanged })).toBeUndefined();
  });
});
