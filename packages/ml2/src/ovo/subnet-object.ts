import type { ResourceDict, VersionedObjectPrimitive } from '@net-server/lib';
import { OBJECT_VERSIONS } from './object-versions.js';
import { primitive, setKnown, standardAttributes, text, type ObjectData } from './primitive.js';

/** An allocation pool row: neutron's IPAllocationPool has an id of its own. */
export interface PoolRow {
  id: string;
  subnet_id: string;
  first_ip: string;
  last_ip: string;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/**
 * A subnet as neutron's Subnet 1.1 gives it to agents, with its
 * allocation pools (IPAllocationPool), DNS servers (DNSNameServer, in
 * order) and host routes (Route) as objects.
 */
export function subnetPrimitive(subnet: ResourceDict, pools: readonly PoolRow[]): VersionedObjectPrimitive {
  const id = String(subnet['id']);
  const data: ObjectData = setKnown(
    { id },
    {
      project_id: text(subnet['project_id']),
      name: text(subnet['name']),
      network_id: text(subnet['network_id']),
      segment_id: text(subnet['segment_id']),
      subnetpool_id: text(subnet['subnetpool_id']),
      ip_version: Number(subnet['ip_version']),
      cidr: text(subnet['cidr']),
      gateway_ip: text(subnet['gateway_ip']),
    },
  );
  // In the dict's order; the rows give each pool its id.
  data['allocation_pools'] = list(subnet['allocation_pools']).flatMap((pool) => {
    const { start, end } = pool as { start: unknown; end: unknown };
    const row = pools.find((candidate) => candidate.first_ip === start && candidate.last_ip === end);
    return row ? [primitive('IPAllocationPool', OBJECT_VERSIONS.IPAllocationPool, { id: row.id, subnet_id: id, start: row.first_ip, end: row.last_ip })] : [];
  });
  data['enable_dhcp'] = subnet['enable_dhcp'] === true;
  data['shared'] = subnet['shared'] === true;
  data['dns_nameservers'] = list(subnet['dns_nameservers']).map((address, order) =>
    primitive('DNSNameServer', OBJECT_VERSIONS.DNSNameServer, { address: String(address), subnet_id: id, order }),
  );
  data['dns_publish_fixed_ip'] = subnet['dns_publish_fixed_ip'] === true;
  data['host_routes'] = list(subnet['host_routes']).map((route) => {
    const { destination, nexthop } = route as { destination: unknown; nexthop: unknown };
    return primitive('Route', OBJECT_VERSIONS.Route, { subnet_id: id, destination: String(destination), nexthop: String(nexthop) });
  });
  setKnown(data, { ipv6_ra_mode: text(subnet['ipv6_ra_mode']), ipv6_address_mode: text(subnet['ipv6_address_mode']) });
  data['service_types'] = list(subnet['service_types']).map(String);
  Object.assign(data, standardAttributes(subnet));
  return primitive('Subnet', OBJECT_VERSIONS.Subnet, data);
}
