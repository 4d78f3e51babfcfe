import { describe, expect, it } from 'vitest';
import { matchesFilters, sameFilterValue } from '@net-server/lib';

describe('matchesFilters', () => {
  const policy = { id: 'p1', name: 'gold', shared: true, project_id: 'proj', max_kbps: 100, description: null };

  it("treats a filter's values as alternatives and different filters as all required", () => {
    expect(matchesFilters(policy, { name: ['silver', 'gold'] })).toBe(true);
    expect(matchesFilters(policy, { name: ['gold'], id: ['p2'] })).toBe(false);
    expect(matchesFilters(policy, {})).toBe(true);
    expect(matchesFilters(policy, undefined)).toBe(true);
  });

  it('matches nothing with a filter that has no values, as neutron answers no rows for an empty list', () => {
    expect(matchesFilters(policy, { id: [] })).toBe(false);
    expect(matchesFilters(policy, { tenant_id: [] })).toBe(false);
  });

  it('compares as the query string does: booleans, numbers, tenant_id for project_id, None', () => {
    expect(matchesFilters(policy, { shared: ['True'] })).toBe(true);
    expect(matchesFilters(policy, { shared: ['false'] })).toBe(false);
    expect(matchesFilters(policy, { max_kbps: ['100'] })).toBe(true);
    expect(matchesFilters(policy, { tenant_id: ['proj'] })).toBe(true);
    expect(matchesFilters(policy, { tenant_id: ['other'] })).toBe(false);
    expect(matchesFilters(policy, { description: [''] })).toBe(true);
  });

  it('matches a list attribute when one of its entries matches, as the ports of one of the security groups', () => {
    const port = { id: 'port1', security_groups: ['sg1', 'sg2'] };
    expect(matchesFilters(port, { security_groups: ['sg2'] })).toBe(true);
    expect(matchesFilters(port, { security_groups: ['sg3', 'sg1'] })).toBe(true);
    expect(matchesFilters(port, { security_groups: ['sg3'] })).toBe(false);
    expect(matchesFilters({ id: 'port2', security_groups: [] }, { security_groups: ['sg1'] })).toBe(false);
  });

  it('leaves filters on keys the dict lacks to the caller', () => {
    expect(matchesFilters(policy, { fixed_ips: ['ip_address=10.0.0.5'] })).toBe(true);
  });

  it("applies neutron's tag filters to a dict with tags", () => {
    const tagged = { ...policy, tags: ['red', 'blue'] };
    expect(matchesFilters(tagged, { tags: ['red', 'blue'], name: ['gold'] })).toBe(true);
    expect(matchesFilters(tagged, { tags: ['red,green'] })).toBe(false);
    expect(matchesFilters(tagged, { 'tags-any': ['green', 'blue'] })).toBe(true);
    expect(matchesFilters(tagged, { 'not-tags-any': ['blue'] })).toBe(false);
    expect(matchesFilters(tagged, { name: ['other'], tags: ['red'] })).toBe(false);
    expect(matchesFilters(tagged, { tags: ['red'], 'tags-any': ['green'] })).toBe(false);
    expect(matchesFilters(tagged, { tags: ['red'], 'not-tags-any': ['green'] })).toBe(true);
  });

  it('treats an empty tags list as no tags: tags and tags-any exclude it, not-tags and not-tags-any keep it', () => {
    const untagged = { ...policy, tags: [] };
    expect(matchesFilters(untagged, { tags: ['red'] })).toBe(false);
    expect(matchesFilters(untagged, { 'tags-any': ['red', 'blue'] })).toBe(false);
    expect(matchesFilters(untagged, { 'not-tags': ['red'] })).toBe(true);
    expect(matchesFilters(untagged, { 'not-tags-any': ['red'] })).toBe(true);
  });

  it('leaves the tag filters out for a dict without tags, a type neutron keeps no tags for', () => {
    for (const filter of ['tags', 'tags-any', 'not-tags', 'not-tags-any']) {
      expect(matchesFilters(policy, { [filter]: ['red'] }), filter).toBe(true);
    }
    expect(matchesFilters(policy, { tags: ['red'], name: ['silver'] })).toBe(false);
  });
});

describe('sameFilterValue', () => {
  it('matches null with null, the empty string and None', () => {
    expect(sameFilterValue(null, null)).toBe(true);
    expect(sameFilterValue(null, '')).toBe(true);
    expect(sameFilterValue(undefined, 'None')).toBe(true);
    expect(sameFilterValue(null, 'null')).toBe(false);
    expect(sameFilterValue(null, 0)).toBe(false);
  });

  it('matches a boolean with itself, its text in any case and 1 or 0', () => {
    expect(sameFilterValue(true, true)).toBe(true);
    expect(sameFilterValue(true, 'TRUE')).toBe(true);
    expect(sameFilterValue(false, 'False')).toBe(true);
    expect(sameFilterValue(true, 1)).toBe(true);
    expect(sameFilterValue(false, 0)).toBe(true);
    expect(sameFilterValue(true, 0)).toBe(false);
    expect(sameFilterValue(false, 1)).toBe(false);
    expect(sameFilterValue(false, true)).toBe(false);
    expect(sameFilterValue(true, 'yes-please')).toBe(false);
  });

  it('matches a list when one of its entries matches, entries compared the same way', () => {
    expect(sameFilterValue(['a', 'b'], 'b')).toBe(true);
    expect(sameFilterValue([4, 6], '6')).toBe(true);
    expect(sameFilterValue(['a', 'b'], 'a,b')).toBe(false);
    expect(sameFilterValue([], '')).toBe(false);
  });

  it('compares anything else as text', () => {
    expect(sameFilterValue(4, '4')).toBe(true);
    expect(sameFilterValue('4', 4)).toBe(true);
    expect(sameFilterValue('ACTIVE', 'active')).toBe(false);
  });
});
