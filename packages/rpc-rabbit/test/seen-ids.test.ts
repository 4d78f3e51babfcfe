import { describe, expect, it } from 'vitest';
import { SeenIds } from '../src/seen-ids.js';

describe('SeenIds', () => {
  it('reports repeats and forgets the oldest beyond its capacity', () => {
    const seen = new SeenIds(3);
    expect(['a', 'b', 'a', 'c'].map((id) => seen.add(id))).toEqual([true, true, false, true]);
    expect(seen.add('d')).toBe(true);
    expect(seen.add('a')).toBe(true);
    expect(seen.add('c')).toBe(false);
    expect(seen.add('b')).toBe(true);
  });
});
