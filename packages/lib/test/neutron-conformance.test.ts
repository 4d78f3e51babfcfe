import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NeutronException, canonicalIpAddress, converters, validators } from '@net-server/lib';

/*
 * What neutron_lib Zed itself answers for a corpus of inputs, recorded by
 * fixtures/neutron-cases.py: our validators, converters and IPv6 formatting
 * must answer the same.
 */
interface NeutronCases {
  validators: [string, unknown, unknown, string | null][];
  ipv6: [string, string][];
  converters: [string, unknown, unknown[]][];
}

const cases = JSON.parse(readFileSync(new URL('./fixtures/neutron-cases.json', import.meta.url), 'utf8')) as NeutronCases;

// Python prints key sets in hash order, which varies between runs.
const sortSets = (message: string | null | undefined): string | null =>
  message === undefined || message === null ? null : message.replace(/\{('[^{}]*')\}/g, (_match, items: string) => `{${items.split(', ').sort().join(', ')}}`);

describe('validators answer as neutron_lib', () => {
  it.each(cases.validators)('%s(arg %j) on %j', (type, arg, data, expected) => {
    let answer: string | undefined;
    try {
      answer = validators.runValidator({ type, arg: arg ?? undefined }, data);
    } catch (error) {
      answer = `RAISED ${(error as NeutronException).type}: ${(error as Error).message}`;
    }
    expect(sortSets(answer)).toBe(sortSets(expected));
  });
});

describe('IPv6 canonical form matches netaddr', () => {
  it.each(cases.ipv6)('%s -> %s', (text, expected) => {
    expect(canonicalIpAddress(text)).toBe(expected);
  });
});

describe('converters answer as neutron_lib', () => {
  const table = converters as unknown as Record<string, (value: unknown) => unknown>;
  it.each(cases.converters)('%s(%j)', (name, input, expected) => {
    const converter = table[name.replace(/_(\w)/g, (_match, c: string) => c.toUpperCase())];
    expect(converter).toBeDefined();
    let answer: unknown[];
    try {
      answer = ['ok', converter!(input)];
    } catch (error) {
      answer = ['raised', (error as NeutronException).type, (error as Error).message];
    }
    expect(answer).toEqual(expected);
  });
});
