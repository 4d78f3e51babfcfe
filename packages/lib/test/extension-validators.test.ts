import { describe, expect, it } from 'vitest';
import { ATTR_NOT_SPECIFIED, NeutronException, constants, pluginTypes, topics, validators } from '@net-server/lib';

function thrown(run: () => unknown): NeutronException {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(NeutronException);
    return error as NeutronException;
  }
  throw new Error('expected a NeutronException');
}

const pairs = (value: unknown, max?: number) => validators.runValidator({ type: 'type:allowed_address_pairs', arg: max }, value);

describe('allowed address pairs', () => {
  it('accepts addresses and CIDRs with optional MACs', () => {
    expect(pairs([{ ip_address: '10.0.0.5' }, { ip_address: '10.0.1.0/24', mac_address: 'fa:16:3e:00:00:01' }])).toBeUndefined();
  });

  it.each([
    ['x', 'HTTPBadRequest', 'Allowed address pairs must be a list.'],
    [[{ mac_address: 'fa:16:3e:00:00:01' }], 'AllowedAddressPairsMissingIP', 'AllowedAddressPair must contain ip_address'],
    [
      [{ ip_address: '10.0.0.5' }, { ip_address: '10.0.0.5' }],
      'DuplicateAddressPairInRequest',
      'Request contains duplicate address pair: mac_address None ip_address 10.0.0.5.',
    ],
    [[{ ip_address: '10.0.0.5', colour: 'red' }], 'HTTPBadRequest', "Unrecognized attribute(s) 'colour'"],
    [[{ ip_address: '10.0.0.500' }], 'HTTPBadRequest', "'10.0.0.500' is not a valid IP address"],
    [[{ ip_address: '10.0.0.5', mac_address: 'zz' }], 'HTTPBadRequest', "'zz' is not a valid MAC address"],
  ])('refuses %j as neutron does', (value, type, message) => {
    const error = thrown(() => pairs(value));
    expect(error.type).toBe(type);
    expect(error.message).toBe(message);
    expect(error.httpStatus).toBe(400);
  });

  it('enforces the configured maximum', () => {
    const error = thrown(() => pairs([{ ip_address: '10.0.0.5' }, { ip_address: '10.0.0.6' }], 1));
    expect(error.type).toBe('AllowedAddressPairExhausted');
    expect(error.message).toBe('The number of allowed address pair exceeds the maximum 1.');
  });
});

describe('multi-provider segments', () => {
  it('fills unspecified provider attributes and converts the id in place', () => {
    const segments: Record<string, unknown>[] = [{ 'provider:network_type': 'vlan', 'provider:segmentation_id': '101' }];
    expect(validators.runValidator({ type: 'type:network_segments' }, segments)).toBeUndefined();
    expect(segments[0]).toEqual({
      'provider:network_type': 'vlan',
      'provider:physical_network': ATTR_NOT_SPECIFIED,
      'provider:segmentation_id': 101,
    });
  });

  it('refuses unknown segment attributes', () => {
    const error = thrown(() => validators.runValidator({ type: 'type:network_segments' }, [{ colour: 'red' }]));
    expect(error.message).toBe("Unrecognized attribute(s) 'colour'");
  });
});

describe('availability zone hints', () => {
  it('accepts a short list and refuses one too long to store', () => {
    expect(validators.runValidator({ type: 'type:availability_zone_hint_list' }, ['az1', 'az2'])).toBeUndefined();
    const many = Array.from({ length: 40 }, (_, i) => `zone-${i}`);
    expect(thrown(() => validators.runValidator({ type: 'type:availability_zone_hint_list' }, many)).message).toBe(
      'Invalid input for operation: Too many availability_zone_hints specified.',
    );
  });
});

describe('constants and topics', () => {
  it('match neutron', () => {
    expect(pluginTypes.CORE).toBe('CORE');
    expect(pluginTypes.L3).toBe('L3_ROUTER_NAT');
    expect(constants.DEVICE_OWNER_DHCP).toBe('network:dhcp');
    expect(constants.DEVICE_OWNER_ROUTER_INTF).toBe('network:router_interface');
    expect(constants.ROUTER_PORT_OWNERS).toContain('network:router_gateway');
    expect(constants.AGENT_TYPE_OVS).toBe('Open vSwitch agent');
    expect(constants.VNIC_TYPES).toContain('direct-physical');
    expect(constants.IPV6_MODES).toEqual(['dhcpv6-stateful', 'dhcpv6-stateless', 'slaac']);
    expect(topics.PLUGIN).toBe('q-plugin');
    expect(topics.REPORTS).toBe('q-reports-plugin');
    expect(topics.getTopicName(topics.AGENT, topics.PORT, topics.UPDATE)).toBe('q-agent-notifier-port-update');
    expect(topics.getTopicName(topics.AGENT, topics.PORT, topics.UPDATE, 'host1')).toBe('q-agent-notifier-port-update.host1');
  });
});
