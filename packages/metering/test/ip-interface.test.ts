import { formatCidr } from '@net-server/lib';
import { describe, expect, it } from 'vitest';
import { parseInterface } from '../src/plugin/ip-interface.js';

/** What Python's ipaddress.ip_interface takes, as str(netaddr.IPNetwork(...)) then writes it; undefined for what it refuses. */
const cases: [string, string | undefined][] = [
  ['10.0.0.1', '10.0.0.1/32'],
  ['10.0.0.0/24', '10.0.0.0/24'],
  ['10.0.0.1/24', '10.0.0.1/24'],
  ['10.0.0.0/255.255.255.0', '10.0.0.0/24'],
  ['10.0.0.0/0.0.0.255', '10.0.0.0/24'],
  ['0.0.0.0/0', '0.0.0.0/0'],
  ['fd02::/64', 'fd02::/64'],
  ['FD02:0:0::1', 'fd02::1/128'],
  ['10.0.0.0/33', undefined],
  ['10.0.0.0/255.0.255.0', undefined],
  ['fd00::/255.255.255.0', undefined],
  ['010.0.0.1', undefined],
  ['10.0.0.1/24/1', undefined],
  ['10.0.0/24', undefined],
  ['', undefined],
];

describe("a metering rule's prefixes", () => {
  it.each(cases)('reads %s as %s', (text, expected) => {
    const parsed = parseInterface(text);
    expect(parsed === undefined ? undefined : formatCidr(parsed)).toBe(expected);
  });
});
