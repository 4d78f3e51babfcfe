import { describe, expect, it } from 'vitest';
import {
  ConfigTypeError,
  booleanType,
  dictOpt,
  dictType,
  floatType,
  hostAddressType,
  intOpt,
  integerType,
  listOpt,
  listType,
  multiStrOpt,
  portType,
  strOpt,
  stringType,
  uriType,
} from '@net-server/lib';

function rejection(fn: () => unknown): ConfigTypeError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigTypeError) return error;
    throw error;
  }
  throw new Error('expected a ConfigTypeError');
}

describe('config types', () => {
  it('parses strings, stripping one pair of quotes, and enforces choices', () => {
    expect(stringType().parse('a b')).toBe('a b');
    const choice = stringType({ choices: ['public', ['admin', 'admin endpoint']], ignoreCase: true });
    expect(choice.parse('ADMIN')).toBe('admin');
    expect(rejection(() => choice.parse('internal')).expected).toBe('one of "public", "admin"');
    expect(choice.notes).toEqual(['Possible values:', 'public', 'admin - admin endpoint']);
    expect(() => stringType({ regex: /[a-z]+/ }).parse('abc1')).toThrow(ConfigTypeError);
  });

  it('parses integers and floats within bounds', () => {
    const int = integerType({ min: 1, max: 10 });
    expect(int.parse(' 7 ')).toBe(7);
    expect(rejection(() => int.parse('0')).message).toContain('below the minimum 1');
    expect(rejection(() => int.parse('11')).message).toContain('above the maximum 10');
    expect(() => int.parse('1.5')).toThrow(ConfigTypeError);
    expect(floatType().parse('2.5e1')).toBe(25);
    expect(() => floatType().parse('abc')).toThrow(ConfigTypeError);
    expect(portType().parse('9696')).toBe(9696);
    expect(rejection(() => portType().parse('70000')).expected).toBe('a port number between 0 and 65535');
  });

  it('parses oslo booleans', () => {
    for (const word of ['true', 'True', 'yes', 'on', '1']) expect(booleanType().parse(word)).toBe(true);
    for (const word of ['false', 'NO', 'off', '0']) expect(booleanType().parse(word)).toBe(false);
    expect(() => booleanType().parse('maybe')).toThrow(ConfigTypeError);
  });

  it('parses lists and dicts with typed items', () => {
    expect(listType().parse('router, tag ,qos')).toEqual(['router', 'tag', 'qos']);
    expect(listType().parse('')).toEqual([]);
    expect(listType().parse('[a,b]')).toEqual(['a', 'b']);
    expect(listType().parse('"a,b",c')).toEqual(['a,b', 'c']);
    expect(listType(integerType()).parse('1,2')).toEqual([1, 2]);
    expect(rejection(() => listType(integerType()).parse('1,x')).message).toContain('"x" is not an integer');
    expect(dictType().parse('physnet1:br-ex, physnet2:br-eth1')).toEqual({ physnet1: 'br-ex', physnet2: 'br-eth1' });
    expect(() => dictType().parse('a:1,a:2')).toThrow(/appears twice/);
    expect(() => dictType().parse('novalue')).toThrow(/has no ":"/);
    expect(dictType(integerType()).format({ a: 1, b: 2 })).toBe('a:1,b:2');
  });

  it('accepts host addresses and URIs', () => {
    expect(hostAddressType().parse('0.0.0.0')).toBe('0.0.0.0');
    expect(hostAddressType().parse('::1')).toBe('::1');
    expect(hostAddressType().parse('controller.example.org')).toBe('controller.example.org');
    expect(() => hostAddressType().parse('300.1.1.1')).toThrow(ConfigTypeError);
    expect(() => hostAddressType().parse('bad host')).toThrow(ConfigTypeError);
    expect(uriType().parse('rabbit://guest:guest@127.0.0.1:5672/')).toBe('rabbit://guest:guest@127.0.0.1:5672/');
    expect(() => uriType().parse('not a uri')).toThrow(ConfigTypeError);
    expect(() => uriType({ schemes: ['rabbit'] }).parse('amqp://x')).toThrow(/scheme amqp is not allowed/);
  });

  it('declares options with defaults, secrets and multi values', () => {
    const port = intOpt('workers', { help: 'n', min: 0 });
    expect(port.default).toBeUndefined();
    expect(port.type.expected).toBe('an integer >= 0');
    const secret = strOpt('password', { help: 'p', secret: true, default: '' });
    expect(secret.secret).toBe(true);
    const multi = multiStrOpt('network_vlan_ranges', { help: 'r' });
    expect(multi.multi).toBe(true);
    expect(multi.default).toEqual([]);
    expect(() => strOpt('bad-name', { help: 'x' })).toThrow(TypeError);
  });
});

describe('option value types', () => {
  it('types list and dict options from their item type, not their default', () => {
    const names = listOpt('service_plugins', { help: 'x', default: [] });
    const first: string | undefined = names.default[0];
    expect(first).toBeUndefined();
    const ports = listOpt('ports', { help: 'x', default: [], item: integerType() });
    expect(ports.type.parse('1,2')).toEqual([1, 2]);
    const map = dictOpt('mappings', { help: 'x', default: {} });
    const value: string | undefined = map.default['a'];
    expect(value).toBeUndefined();
  });
});
