import { describe, expect, it } from 'vitest';
import { matchesFilters } from '@net-server/lib';

describe('matchesFilters', () => {
  const policy = { id: 'p1', name: 'gold', shared: true, project_id: 'proj', max_kbps: 100, description: null };

  it("treats a filter's values as alternatives and different filters as all required", () => {
    expect(matchesFilters(policy, { name: ['silver', 'gold'] })).toBe(true);
    expect(matchesFilters(policy, { name: ['gold'], id: ['p2'] })).toBe(false);
    expect(matchesFilters(policy, {})).toBe(true);
    expect(matchesFilters(policy, undefined)).toBe(true);
  });

  it('compares as the query string does: booleans, numbers, tenant_id for project_id, None', () => {
    expect(matchesFilters(policy, { shared: ['True'] })).toBe(true);
    expect(matchesFilters(policy, { shared: ['false'] })).toBe(false);
    expect(matchesFilters(policy, { max_kbps: ['100'] })).toBe(true);
    expect(matchesFilters(policy, { tenant_id: ['proj'] })).toBe(true);
    expect(matchesFilters(policy, { tenant_id: ['other'] })).toBe(false);
    expect(matchesFilters(policy, { description: [''] })).toBe(true);
  });

  it('leaves filters on keys the dict lacks to the caller', () => {
    expect(matchesFilters(policy, { tags: ['red'] })).toBe(true);
  });

  it("applies neutron's tag filters to a dict with tags", () => {
    const tagged = { ...policy, tags: ['red', 'blue'] };
    expect(matchesFilters(tagged, { tags: ['red', 'blue'], name: ['gold'] })).toBe(true);
    expect(matchesFilters(tagged, { tags: ['red,green'] })).toBe(false);
    expect(matchesFilters(tagged, { 'tags-any': ['green', 'blue'] })).toBe(true);
    expect(matchesFilters(tagged, { 'not-tags-any': ['blue'] })).toBe(false);
    expect(matchesFilters({ ...policy, tags: [] }, { 'not-tags': ['red'] })).toBe(true);
  });
});
