import { describe, expect, it } from 'vitest';
import { closestName, didYouMean } from '@net-server/lib';

describe('closestName', () => {
  const drivers = ['linuxbridge', 'openvswitch', 'l2population', 'logger'];

  it('finds typos: a missing, extra, wrong or swapped letter, in any case', () => {
    expect(closestName('linuxbrige', drivers)).toBe('linuxbridge');
    expect(closestName('openvswitchh', drivers)).toBe('openvswitch');
    expect(closestName('l2populaton', drivers)).toBe('l2population');
    expect(closestName('loggre', drivers)).toBe('logger');
    expect(closestName('LinuxBridge', drivers)).toBe('linuxbridge');
    expect(closestName('routr', ['router', 'segments', 'qos'])).toBe('router');
  });

  it('offers nothing far off, nothing for an exact name, and the closest of several', () => {
    expect(closestName('sriovnicswitch', drivers)).toBeUndefined();
    expect(closestName('ml2', ['ml2'])).toBeUndefined();
    expect(closestName('ovs', ['ovn', 'ovs2', 'oss'])).toBe('ovn');
    expect(closestName('vlan', ['vxlan', 'flat', 'local', 'geneve'])).toBe('vxlan');
    expect(closestName('x', [])).toBeUndefined();
  });

  it('phrases the suggestion for the end of a message', () => {
    expect(didYouMean('routr', ['router'])).toBe(' Did you mean "router"?');
    expect(didYouMean('nothing-like-it', ['router'])).toBe('');
  });
});
