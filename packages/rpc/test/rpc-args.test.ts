import { InvalidInput } from '@net-server/lib';
import { describe, expect, it } from 'vitest';
import { filtersArg, optionalStringArg, stringArg } from '../src/index.js';

describe("agents' RPC arguments", () => {
  it('takes a non-empty string, and an empty string or None as no value', () => {
    const args = { host: 'compute-1', empty: '', none: null, number: 7 };
    expect(optionalStringArg(args, 'host')).toBe('compute-1');
    expect(optionalStringArg(args, 'empty')).toBeUndefined();
    expect(optionalStringArg(args, 'none')).toBeUndefined();
    expect(optionalStringArg(args, 'number')).toBeUndefined();
    expect(optionalStringArg(args, 'missing')).toBeUndefined();
  });

  it('refuses a required string that is missing, empty or not a string with InvalidInput naming the argument', () => {
    expect(stringArg({ host: 'compute-1' }, 'host')).toBe('compute-1');
    for (const args of [{}, { host: '' }, { host: null }, { host: ['compute-1'] }]) {
      expect(() => stringArg(args, 'host')).toThrow(InvalidInput);
      expect(() => stringArg(args, 'host')).toThrow("RPC argument 'host' must be a non-empty string");
    }
  });

  it("reads list filters: single values become lists of one, the metadata agent's dict values one entry", () => {
    expect(filtersArg({ filters: { network_id: 'n1', device_owner: ['a', 'b'], fixed_ips: { ip_address: ['10.0.0.3'] } } })).toEqual({
      network_id: ['n1'],
      device_owner: ['a', 'b'],
      fixed_ips: [{ ip_address: ['10.0.0.3'] }],
    });
    expect(filtersArg({})).toEqual({});
    expect(() => filtersArg({ filters: ['network_id'] })).toThrow("RPC argument 'filters' must be a dict of filters");
  });
});
