import { describe, expect, it } from 'vitest';
import { toJsonText } from '../../src/api/json-text.js';

describe('toJsonText', () => {
  it('writes a bigint as an exact JSON integer, as Python json writes an int', () => {
    const total = 2n ** 64n - 2n;
    const text = toJsonText({ n: { total_ips: total, used_ips: 3, subnets: [{ total_ips: 2n ** 80n }] } });
    expect(text).toBe('{"n":{"total_ips":18446744073709551614,"used_ips":3,"subnets":[{"total_ips":1208925819614629174706176}]}}');
  });

  it('follows JSON.stringify elsewhere: undefined members skipped, null in arrays, toJSON, escapes', () => {
    const value = { a: undefined, b: [undefined, 1n, 'x"y'], c: new Date(0), d: () => 1, e: null };
    expect(toJsonText(value)).toBe('{"b":[null,1,"x\\"y"],"c":"1970-01-01T00:00:00.000Z","e":null}');
    expect(toJsonText({ plain: [1, 'two', true] })).toBe(JSON.stringify({ plain: [1, 'two', true] }));
  });

  it('still refuses what JSON cannot hold', () => {
    const cycle: Record<string, unknown> = {};
    cycle['self'] = cycle;
    expect(() => toJsonText(cycle)).toThrow(TypeError);
  });
});
