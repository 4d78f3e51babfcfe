import { describe, expect, it } from 'vitest';
import {
  canonicalCidr,
  canonicalIpAddress,
  cidrContains,
  cidrNetwork,
  cidrSize,
  cidrsOverlap,
  compareIpAddresses,
  defaultAllocationPools,
  excludeAddress,
  firstAddress,
  firstFreeAddress,
  formatCidr,
  formatIpAddress,
  formatIpRange,
  hasHostBits,
  ipRange,
  iterateRange,
  lastAddress,
  parseCidr,
  parseIpAddress,
  rangeSize,
  rangeWithinCidr,
  rangesOverlap,
  type IpAddress,
} from '@net-server/lib';

const ip = (text: string): IpAddress => {
  const parsed = parseIpAddress(text);
  if (parsed === undefined) throw new Error(`bad test address ${text}`);
  return parsed;
};
const cidr = (text: string) => {
  const parsed = parseCidr(text);
  if (parsed === undefined) throw new Error(`bad test cidr ${text}`);
  return parsed;
};

describe('IP addresses', () => {
  // Canonical forms as netaddr's ipv6_compact (inet_ntop) prints them.
  it.each([
    ['1.2.3.4', '1.2.3.4'],
    ['0.0.0.0', '0.0.0.0'],
    ['255.255.255.255', '255.255.255.255'],
    ['::', '::'],
    ['::1', '::1'],
    ['0:0:0:0:0:0:0:1', '::1'],
    ['2001:DB8::1', '2001:db8::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['1:0:0:1:0:0:0:1', '1:0:0:1::1'],
    ['1:0:0:0:1:0:0:1', '1::1:0:0:1'],
    ['1:0:1:0:1:0:1:0', '1:0:1:0:1:0:1:0'],
    ['1:2:3:4:5:6:7::', '1:2:3:4:5:6:7:0'],
    ['::2:3:4:5:6:7:8', '0:2:3:4:5:6:7:8'],
    ['1::', '1::'],
    ['2001:db8::1:0:0:0:1', '2001:db8:0:1::1'],
    ['::ffff:1.2.3.4', '::ffff:1.2.3.4'],
    ['::1.2.3.4', '::1.2.3.4'],
    ['1:2:3:4:5:6:1.2.3.4', '1:2:3:4:5:6:102:304'],
    ['64:ff9b::1.2.3.4', '64:ff9b::102:304'],
    ['fe80:0000:0000:0000:0000:0000:0000:00ff', 'fe80::ff'],
  ])('%s is %s', (text, canonical) => {
    expect(canonicalIpAddress(text)).toBe(canonical);
  });

  it.each([
    '',
    'abc',
    '1.2.3',
    '1.2.3.4.5',
    '1.2.3.256',
    '01.2.3.4',
    ' 1.2.3.4',
    ':::1',
    '1:2:3:4:5:6:7:8:9',
    '1::2::3',
    '12345::',
    'fe80::1%eth0',
    '1.2.3.4::',
    '::1.2.3',
    '1:2:3:4:5:6:7::8',
  ])('rejects %j', (text) => {
    expect(parseIpAddress(text)).toBeUndefined();
  });

  it('orders IPv4 before IPv6 and by value', () => {
    const sorted = ['::1', '10.0.0.2', '10.0.0.10', '::'].map(ip).sort(compareIpAddresses).map(formatIpAddress);
    expect(sorted).toEqual(['10.0.0.2', '10.0.0.10', '::', '::1']);
  });
});

describe('CIDRs', () => {
  it.each([
    ['10.0.0.1/24', '10.0.0.0/24', 256n, '10.0.0.0', '10.0.0.255', true],
    ['10.0.0.0/24', '10.0.0.0/24', 256n, '10.0.0.0', '10.0.0.255', false],
    ['0.0.0.0/0', '0.0.0.0/0', 1n << 32n, '0.0.0.0', '255.255.255.255', false],
    ['1.2.3.4/0', '0.0.0.0/0', 1n << 32n, '0.0.0.0', '255.255.255.255', true],
    ['1.2.3.4/32', '1.2.3.4/32', 1n, '1.2.3.4', '1.2.3.4', false],
    ['2001:DB8:0::1/64', '2001:db8::/64', 1n << 64n, '2001:db8::', '2001:db8::ffff:ffff:ffff:ffff', true],
    ['::/0', '::/0', 1n << 128n, '::', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', false],
    ['2001:db8::5/128', '2001:db8::5/128', 1n, '2001:db8::5', '2001:db8::5', false],
  ])('%s: network %s, size %s, first %s, last %s, host bits %s', (text, network, size, first, last, hostBits) => {
    const parsed = cidr(text);
    expect(canonicalCidr(text)).toBe(network);
    expect(formatCidr(cidrNetwork(parsed))).toBe(network);
    expect(cidrSize(parsed)).toBe(size);
    expect(formatIpAddress(firstAddress(parsed))).toBe(first);
    expect(formatIpAddress(lastAddress(parsed))).toBe(last);
    expect(hasHostBits(parsed)).toBe(hostBits);
  });

  it.each(['10.0.0.0', '10.0.0.0/33', '::/129', '10.0.0.0/', '10.0.0.0/08', '10.0.0.0/-1', '10.0.0/24', 'x/8'])('rejects %j', (text) => {
    expect(parseCidr(text)).toBeUndefined();
  });

  it('tests containment of addresses and CIDRs', () => {
    const net = cidr('10.0.0.0/24');
    expect(cidrContains(net, ip('10.0.0.0'))).toBe(true);
    expect(cidrContains(net, ip('10.0.0.255'))).toBe(true);
    expect(cidrContains(net, ip('10.0.1.0'))).toBe(false);
    expect(cidrContains(net, ip('::a00:1'))).toBe(false);
    expect(cidrContains(net, cidr('10.0.0.128/25'))).toBe(true);
    expect(cidrContains(net, cidr('10.0.0.0/23'))).toBe(false);
    expect(cidrContains(cidr('::/0'), ip('2001:db8::1'))).toBe(true);
  });

  it('detects overlap', () => {
    expect(cidrsOverlap(cidr('10.0.0.0/24'), cidr('10.0.0.128/25'))).toBe(true);
    expect(cidrsOverlap(cidr('10.0.0.0/24'), cidr('10.0.1.0/24'))).toBe(false);
    expect(cidrsOverlap(cidr('0.0.0.0/0'), cidr('192.168.0.0/16'))).toBe(true);
    expect(cidrsOverlap(cidr('0.0.0.0/0'), cidr('::/0'))).toBe(false);
    expect(cidrsOverlap(cidr('2001:db8::/64'), cidr('2001:db8:0:0:8000::/65'))).toBe(true);
  });
});

describe('IP ranges', () => {
  const pools = (text: string, gateway?: string) => defaultAllocationPools(cidr(text), gateway === undefined ? undefined : ip(gateway)).map(formatIpRange);

  it.each([
    ['10.0.0.0/24', '10.0.0.1', ['10.0.0.2-10.0.0.254']],
    ['10.0.0.0/24', undefined, ['10.0.0.1-10.0.0.254']],
    ['10.0.0.0/24', '10.0.0.100', ['10.0.0.1-10.0.0.99', '10.0.0.101-10.0.0.254']],
    ['10.0.0.0/24', '10.0.0.254', ['10.0.0.1-10.0.0.253']],
    ['10.0.0.0/30', '10.0.0.1', ['10.0.0.2-10.0.0.2']],
    ['10.0.0.0/31', undefined, ['10.0.0.0-10.0.0.1']],
    ['10.0.0.7/32', undefined, ['10.0.0.7-10.0.0.7']],
    ['2001:db8::/64', '2001:db8::1', ['2001:db8::2-2001:db8::ffff:ffff:ffff:ffff']],
    ['2001:db8::/127', undefined, ['2001:db8::1-2001:db8::1']],
  ])('default pools of %s with gateway %s', (text, gateway, expected) => {
    expect(pools(text, gateway)).toEqual(expected);
  });

  it('measures, iterates and compares ranges', () => {
    const range = ipRange(ip('10.0.0.254'), ip('10.0.1.1'))!;
    expect(rangeSize(range)).toBe(4n);
    expect([...iterateRange(range)].map(formatIpAddress)).toEqual(['10.0.0.254', '10.0.0.255', '10.0.1.0', '10.0.1.1']);
    expect(ipRange(ip('10.0.0.2'), ip('10.0.0.1'))).toBeUndefined();
    expect(ipRange(ip('10.0.0.2'), ip('::1'))).toBeUndefined();
    expect(rangesOverlap(range, ipRange(ip('10.0.1.1'), ip('10.0.1.9'))!)).toBe(true);
    expect(rangesOverlap(range, ipRange(ip('10.0.1.2'), ip('10.0.1.9'))!)).toBe(false);
    expect(rangeWithinCidr(range, cidr('10.0.0.0/23'))).toBe(true);
    expect(rangeWithinCidr(range, cidr('10.0.0.0/24'))).toBe(false);
  });

  it('excludes addresses at the edges and the middle', () => {
    const range = ipRange(ip('10.0.0.1'), ip('10.0.0.3'))!;
    expect(excludeAddress([range], ip('10.0.0.1')).map(formatIpRange)).toEqual(['10.0.0.2-10.0.0.3']);
    expect(excludeAddress([range], ip('10.0.0.2')).map(formatIpRange)).toEqual(['10.0.0.1-10.0.0.1', '10.0.0.3-10.0.0.3']);
    expect(excludeAddress([range], ip('10.0.0.9')).map(formatIpRange)).toEqual(['10.0.0.1-10.0.0.3']);
  });

  it('finds the first free address across ranges, within a bound', () => {
    const ranges = [ipRange(ip('10.0.0.2'), ip('10.0.0.3'))!, ipRange(ip('10.0.0.10'), ip('10.0.0.11'))!];
    const used = new Set(['10.0.0.2', '10.0.0.3', '10.0.0.10']);
    const isUsed = (address: IpAddress) => used.has(formatIpAddress(address));
    expect(formatIpAddress(firstFreeAddress(ranges, isUsed)!)).toBe('10.0.0.11');
    expect(firstFreeAddress(ranges, isUsed, 3)).toBeUndefined();
    used.add('10.0.0.11');
    expect(firstFreeAddress(ranges, isUsed)).toBeUndefined();
  });
});
