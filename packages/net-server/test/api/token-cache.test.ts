import { describe, expect, it } from 'vitest';
import { TokenCache } from '../../src/api/auth/token-cache.js';

describe('TokenCache', () => {
  const clock = (start = 1_000_000) => {
    let now = start;
    return { now: () => now, advance: (ms: number) => (now += ms) };
  };

  it('keeps an entry until the earlier of its expiry and the cache time', () => {
    const time = clock();
    const cache = new TokenCache<string>(300_000, 10, time.now);
    cache.set('short', 'a', time.now() + 1_000);
    cache.set('long', 'b', time.now() + 3_600_000);
    time.advance(999);
    expect([cache.get('short'), cache.get('long')]).toEqual(['a', 'b']);
    time.advance(1);
    expect(cache.get('short')).toBeUndefined();
    time.advance(299_000);
    expect(cache.get('long')).toBeUndefined();
  });

  it('drops the oldest entry beyond its size, and caches nothing with a zero cache time', () => {
    const time = clock();
    const cache = new TokenCache<number>(60_000, 2, time.now);
    for (const [index, key] of ['a', 'b', 'c'].entries()) cache.set(key, index, Number.POSITIVE_INFINITY);
    expect([cache.get('a'), cache.get('b'), cache.get('c'), cache.size]).toEqual([undefined, 1, 2, 2]);
    const off = new TokenCache<number>(0, 2, time.now);
    off.set('a', 1, Number.POSITIVE_INFINITY);
    expect(off.get('a')).toBeUndefined();
    const expired = new TokenCache<number>(60_000, 2, time.now);
    expired.set('a', 1, time.now() - 1);
    expect(expired.size).toBe(0);
  });

  it('keeps a stale entry, past the cache time, until its token expires', () => {
    const time = clock();
    const cache = new TokenCache<string>(1_000, 10, time.now);
    cache.set('t', 'alice', time.now() + 5_000);
    time.advance(1_000);
    expect([cache.get('t'), cache.stale('t')]).toEqual([undefined, 'alice']);
    time.advance(4_000);
    expect([cache.stale('t'), cache.size]).toEqual([undefined, 0]);
  });
});
