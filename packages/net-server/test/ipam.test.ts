import { parseCidr, parseIpAddress, formatCidr, type Cidr } from '@net-server/lib';
import { describe, expect, it } from 'vitest';
import { candidateWindows, freeCandidate } from '../src/ipam/address-candidates.js';
import { pickFreeAddress } from '../src/ipam/address-picker.js';
import { eui64Address } from '../src/ipam/eui64.js';
import { isAutoAddressSubnet } from '../src/ipam/ipv6-modes.js';
import { compactPrefixes, firstFreePrefix, rangeToCidrs } from '../src/ipam/prefix-set.js';
import { gatewayInvalidInSubnet, subnetIpValid } from '../src/ipam/subnet-checks.js';

const cidr = (text: string): Cidr => parseCidr(text)!;
const ip = (text: string) => parseIpAddress(text)!;

describe('IPAM helpers', () => {
  it('derives the modified EUI-64 address neutron and SLAAC hosts compute', () => {
    // neutron_lib's get_ipv6_addr_by_EUI64('2001:db8::/64', 'fa:16:3e:12:34:56')
    expect(eui64Address(cidr('2001:db8::/64'), 'fa:16:3e:12:34:56')).toEqual(ip('2001:db8::f816:3eff:fe12:3456'));
    expect(eui64Address(cidr('2001:db8:0:1::/64'), '00:00:00:00:00:01')).toEqual(ip('2001:db8:0:1:200:ff:fe00:1'));
    expect(eui64Address(cidr('10.0.0.0/24'), 'fa:16:3e:12:34:56')).toBeUndefined();
  });

  it('classifies auto-address subnets as neutron’s is_auto_address_subnet', () => {
    const modes = (ra: string | null, address: string | null, version = 6) =>
      isAutoAddressSubnet({ ip_version: version, ipv6_ra_mode: ra, ipv6_address_mode: address });
    expect(modes(null, 'slaac')).toBe(true);
    expect(modes('dhcpv6-stateless', null)).toBe(true);
    expect(modes('slaac', 'dhcpv6-stateful')).toBe(false);
    expect(modes(null, null)).toBe(false);
    expect(modes('slaac', 'slaac', 4)).toBe(false);
  });

  it('merges prefixes and finds free aligned blocks', () => {
    expect(compactPrefixes([cidr('10.0.1.0/24'), cidr('10.0.0.0/24'), cidr('10.0.0.128/25'), cidr('10.0.3.0/24')]).map(formatCidr)).toEqual([
      '10.0.0.0/23',
      '10.0.3.0/24',
    ]);
    expect(rangeToCidrs(4, ip('10.0.0.1').value, ip('10.0.0.6').value).map(formatCidr)).toEqual(['10.0.0.1/32', '10.0.0.2/31', '10.0.0.4/31', '10.0.0.6/32']);
    const pool = [cidr('10.0.0.0/22')];
    expect(formatCidr(firstFreePrefix(pool, [cidr('10.0.0.0/24'), cidr('10.0.1.16/28')], 24)!)).toBe('10.0.2.0/24');
    expect(formatCidr(firstFreePrefix(pool, [cidr('10.0.0.0/24'), cidr('10.0.1.16/28')], 28)!)).toBe('10.0.1.0/28');
    expect(firstFreePrefix(pool, [cidr('10.0.0.0/22')], 30)).toBeUndefined();
    expect(firstFreePrefix(pool, [], 21)).toBeUndefined();
  });

  it('picks only free pool addresses and reports exhaustion', () => {
    const range = { version: 4 as const, first: ip('10.0.0.2').value, last: ip('10.0.0.5').value };
    const used = new Set([ip('10.0.0.2').value, ip('10.0.0.3').value, ip('10.0.0.5').value]);
    for (let i = 0; i < 20; i++) expect(pickFreeAddress([range], used)).toEqual(ip('10.0.0.4'));
    for (let i = 0; i < 20; i++) expect(pickFreeAddress([range], new Set([ip('10.0.0.2').value]), true)).toEqual(ip('10.0.0.3'));
    used.add(ip('10.0.0.4').value);
    expect(pickFreeAddress([range], used)).toBeUndefined();
    // A /64 pool is walked lazily.
    const huge = { version: 6 as const, first: ip('2001:db8::1').value, last: ip('2001:db8::ffff:ffff:ffff:ffff').value };
    expect(pickFreeAddress([huge], new Set())!.value < ip('2001:db8::1').value + 1000n).toBe(true);
  });

  it('applies neutron’s address rules for ports and gateways', () => {
    expect(subnetIpValid(cidr('10.0.0.0/24'), ip('10.0.0.0'), '')).toBe(false);
    expect(subnetIpValid(cidr('10.0.0.0/24'), ip('10.0.0.255'), '')).toBe(false);
    expect(subnetIpValid(cidr('10.0.0.0/31'), ip('10.0.0.0'), '')).toBe(true);
    expect(subnetIpValid(cidr('2001:db8::/64'), ip('2001:db8::'), 'compute:nova')).toBe(false);
    expect(subnetIpValid(cidr('2001:db8::/64'), ip('2001:db8::'), 'network:router_interface')).toBe(true);
    expect(subnetIpValid(cidr('10.0.0.0/24'), ip('10.0.1.1'), '')).toBe(false);
    expect(gatewayInvalidInSubnet(cidr('10.0.0.0/24'), ip('10.0.0.255'))).toBe(true);
    expect(gatewayInvalidInSubnet(cidr('10.0.0.0/24'), ip('10.0.1.1'))).toBe(false);
  });
});

describe('IPAM address candidates', () => {
  it('draws candidates from growing windows of the pools and takes a free one of the smallest', () => {
    // Two pools of a /16: the first window spans both (1,000 addresses), the last the whole 65,533.
    const pools = [
      { version: 4 as const, first: ip('10.0.0.2').value, last: ip('10.0.0.11').value },
      { version: 4 as const, first: ip('10.0.0.20').value, last: ip('10.0.255.254').value },
    ];
    const windows = candidateWindows(pools);
    expect(windows.length).toBeGreaterThanOrEqual(5);
    const limits = [1000n, 4000n, 16000n, 64000n, 65533n];
    windows.slice(0, 5).forEach((window, level) => {
      for (const candidate of window) {
        const offset = candidate.value < ip('10.0.0.20').value ? candidate.value - ip('10.0.0.2').value : candidate.value - ip('10.0.0.20').value + 10n;
        expect(offset >= 0n && offset < limits[level]!).toBe(true);
      }
    });
    expect(new Set(windows.flat().map((candidate) => candidate.value)).size).toBe(windows.flat().length);
    // Every candidate of the first window taken: one of the second.
    const taken = new Set(windows[0]!.map((candidate) => candidate.value));
    expect(windows[1]).toContainEqual(freeCandidate(windows, taken));
    expect(freeCandidate(windows, new Set(windows.flat().map((candidate) => candidate.value)))).toBeUndefined();
    // A pool smaller than the first window is one window.
    expect(candidateWindows([{ version: 4, first: ip('10.0.0.2').value, last: ip('10.0.0.5').value }])).toHaveLength(1);
  });
});
