import type { NeutronSource, Row } from '../neutron-source.js';
import { availabilityZoneHints, copy, mapped, type TableMapping } from './table-mapping.js';

/** neutron's per-type allocation tables: rows of allocated ids become ml2_segment_allocations rows ('' physical network for tunnels, 0 for flat). */
const ALLOCATIONS: readonly { table: string; networkType: string; id?: string; allocatedOnly: boolean }[] = [
  { table: 'ml2_flat_allocations', networkType: 'flat', allocatedOnly: false },
  { table: 'ml2_vlan_allocations', networkType: 'vlan', id: 'vlan_id', allocatedOnly: true },
  { table: 'ml2_vxlan_allocations', networkType: 'vxlan', id: 'vxlan_vni', allocatedOnly: true },
  { table: 'ml2_gre_allocations', networkType: 'gre', id: 'gre_id', allocatedOnly: true },
  { table: 'ml2_geneve_allocations', networkType: 'geneve', id: 'geneve_vni', allocatedOnly: true },
];

const segmentAllocations: TableMapping = {
  target: 'ml2_segment_allocations',
  sources: ALLOCATIONS.map((allocation) => allocation.table),
  async read(from: NeutronSource): Promise<Row[]> {
    const rows: Row[] = [];
    for (const { table, networkType, id, allocatedOnly } of ALLOCATIONS) {
      for (const row of await from.rows(table)) {
        // The unallocated rows are neutron's pool of free ids; net-server keeps only the ids in use.
        if (allocatedOnly && !row['allocated']) continue;
        rows.push({ network_type: networkType, physical_network: row['physical_network'] ?? '', segmentation_id: id ? Number(row[id]) : 0 });
      }
    }
    return rows;
  },
};

const TUNNEL_ENDPOINTS: readonly { table: string; tunnelType: string }[] = [
  { table: 'ml2_vxlan_endpoints', tunnelType: 'vxlan' },
  { table: 'ml2_gre_endpoints', tunnelType: 'gre' },
  { table: 'ml2_geneve_endpoints', tunnelType: 'geneve' },
];

const tunnelEndpoints: TableMapping = {
  target: 'ml2_tunnel_endpoints',
  sources: TUNNEL_ENDPOINTS.map((endpoints) => endpoints.table),
  async read(from: NeutronSource): Promise<Row[]> {
    const rows: Row[] = [];
    for (const { table, tunnelType } of TUNNEL_ENDPOINTS) {
      for (const row of await from.rows(table))
        rows.push({ tunnel_type: tunnelType, ip_address: row['ip_address'], host: row['host'] ?? null, udp_port: row['udp_port'] ?? null });
    }
    return rows;
  },
};

/** A port's allowed address pairs keep neutron's order (the order it lists them in) as `position`. */
const allowedAddressPairs: TableMapping = {
  target: 'ml2_allowed_address_pairs',
  sources: ['allowedaddresspairs'],
  async read(from: NeutronSource): Promise<Row[]> {
    const positions = new Map<unknown, number>();
    return (await from.rows('allowedaddresspairs')).map((row) => {
      const position = positions.get(row['port_id']) ?? 0;
      positions.set(row['port_id'], position + 1);
      return { ...row, position };
    });
  },
};

/** Agents: neutron's naive UTC timestamps in the ISO form net-server's agents table keeps. */
const agents = mapped(
  'ml2_agents',
  'agents',
  (row) => {
    const iso = (value: unknown) => (typeof value === 'string' ? value.replace(/Z$/, '.000Z') : value);
    return { ...row, created_at: iso(row['created_at']), started_at: iso(row['started_at']), heartbeat_timestamp: iso(row['heartbeat_timestamp']) };
  },
  { timestamps: ['created_at', 'started_at', 'heartbeat_timestamp'] },
);

/** ML2's network-side tables: segments, port security, DNS domains, availability zone hints; and its agents. */
export const ml2NetworkMappings: readonly TableMapping[] = [
  copy('ml2_network_segments', 'networksegments'),
  copy('ml2_network_port_security', 'networksecuritybindings'),
  copy('ml2_network_dns_domains', 'networkdnsdomains'),
  availabilityZoneHints('ml2_network_availability_zone_hints', 'networks', 'id', 'network_id'),
  segmentAllocations,
  tunnelEndpoints,
  agents,
];

/** ML2's port-side tables, after the ports. */
export const ml2PortMappings: readonly TableMapping[] = [
  copy('ml2_port_bindings'),
  copy('ml2_port_binding_levels'),
  copy('ml2_port_port_security', 'portsecuritybindings'),
  allowedAddressPairs,
  copy('ml2_extra_dhcp_opts', 'extradhcpopts'),
  mapped('ml2_port_dns', 'portdnses', (row) => ({ port_id: row['port_id'], dns_name: row['dns_name'] ?? '', dns_domain: row['dns_domain'] ?? '' })),
  mapped('ml2_provisioning_blocks', 'provisioningblocks', (row, context) => {
    const portId = context.resourceByStandardAttribute.get(String(row['standard_attr_id']));
    return portId === undefined ? undefined : { port_id: portId, entity: row['entity'] };
  }),
  copy('ml2_network_dhcp_agent_bindings', 'networkdhcpagentbindings'),
];
