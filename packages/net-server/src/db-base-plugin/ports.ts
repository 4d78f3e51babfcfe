import { randomUUID } from 'node:crypto';
import type { Expression } from 'kysely';
import {
  InvalidInput,
  UnsupportedPortDeviceOwner,
  constants,
  formatMacAddress,
  parseMacAddress,
  randomMacAddress,
  type FixedIp,
  type Port,
} from '@net-server/lib';
import { allocateIpsForNewPort, reallocateAutoAddresses, updateIpsForPort, type FixedIpRequest, type PortForIpam } from './ip-allocation.js';
import { checkMacFree, generateMac } from './mac-allocation.js';
import { getNetworkRow } from './networks.js';
import { given, givenBoolean, givenString, givenStrings, owningProject } from '../resource-kit/request-body.js';
import type { PortsTable } from './schema.js';
import type { RowFilter, RowPage } from '../resource-kit/resource-ops.js';
import { selectRows } from '../resource-kit/select-rows.js';
import type { Session } from './session.js';
import type { BasePluginSettings } from './settings.js';
import { groupBy, inChunks, newStandardColumns, revisionBump, sortedTags } from './standard-attributes.js';
import { resourceTags } from './tags.js';

export type PortRow = PortsTable;

/** Ports the caller may see: admins and advanced services all, others their own, those on their networks (neutron's port query) and those `alsoVisible` adds (ResourceHooks). */
export async function loadPortRows(session: Session, filter?: RowFilter, alsoVisible: readonly Expression<string>[] = [], page?: RowPage): Promise<PortRow[]> {
  let query = session.db.selectFrom('ports').selectAll();
  const { context } = session;
  if (!context.seesAllProjects) {
    const project = context.projectId ?? '';
    query = query.where((eb) =>
      eb.or([
        eb('project_id', '=', project),
        eb('network_id', 'in', eb.selectFrom('networks').select('id').where('project_id', '=', project)),
        ...alsoVisible.map((extra) => eb('id', 'in', extra)),
      ]),
    );
  }
  const column = filter?.column === 'network_id' || filter?.column === 'device_id' ? filter.column : 'id';
  return (await selectRows(query, filter && { column, values: filter.values }, page)) as PortRow[];
}

/** neutron orders a port's fixed_ips by subnet, then address. */
function byFixedIpOrder(a: FixedIp, b: FixedIp): number {
  return a.subnet_id < b.subnet_id ? -1 : a.subnet_id > b.subnet_id ? 1 : a.ip_address < b.ip_address ? -1 : 1;
}

export async function loadFixedIps(session: Session, portIds: readonly string[]): Promise<Map<string, FixedIp[]>> {
  const rows = await inChunks(portIds, (part) =>
    session.db.selectFrom('ipallocations').select(['port_id', 'subnet_id', 'ip_address']).where('port_id', 'in', part).execute(),
  );
  rows.sort(byFixedIpOrder);
  return groupBy(
    rows,
    (row) => String(row.port_id),
    (row): FixedIp => ({ subnet_id: row.subnet_id, ip_address: row.ip_address }),
  );
}

export async function makePortDicts(session: Session, rows: readonly PortRow[]): Promise<Port[]> {
  const ids = rows.map((row) => row.id);
  const fixedIps = await loadFixedIps(session, ids);
  const tags = await resourceTags.load(session.db, ids);
  return rows.map((row) => portDict(row, fixedIps.get(row.id) ?? [], tags.get(row.id)));
}

/**
 * A port's dict from its row, addresses and tags. One literal per port, the keys in the order
 * identity() and standardAttributes() give them: lists of thousands of ports spent more time
 * spreading those two helpers' objects than reading the rows.
 */
function portDict(row: PortRow, fixedIps: FixedIp[], tags: readonly string[] | undefined): Port {
  return {
    id: row.id,
    name: row.name,
    tenant_id: row.project_id,
    project_id: row.project_id,
    network_id: row.network_id,
    mac_address: row.mac_address,
    admin_state_up: Boolean(row.admin_state_up),
    status: row.status,
    device_id: row.device_id,
    device_owner: row.device_owner,
    fixed_ips: fixedIps,
    description: row.description,
    tags: sortedTags(tags),
    created_at: row.created_at,
    updated_at: row.updated_at,
    // PostgreSQL returns bigint columns as strings.
    revision_number: Number(row.revision_number),
  };
}

function readMac(value: string): string {
  const parsed = parseMacAddress(value);
  if (parsed === undefined) throw new InvalidInput({ error_message: `'${value}' is not a valid MAC address` });
  return formatMacAddress(parsed);
}

/** The fixed_ips of a request, as the API validated them (a list of {subnet_id?, ip_address?}). */
function fixedIpsOf(value: unknown): FixedIpRequest[] | undefined {
  if (value === undefined) return undefined;
  if (value === null) return [];
  if (!Array.isArray(value)) throw new InvalidInput({ error_message: `Invalid data format for fixed IP: '${String(value)}'` });
  return value.map((entry: unknown) => {
    const fixed = (entry ?? {}) as Record<string, unknown>;
    return {
      ...(fixed['subnet_id'] !== undefined && fixed['subnet_id'] !== null ? { subnet_id: String(fixed['subnet_id']) } : {}),
      ...(fixed['ip_address'] !== undefined && fixed['ip_address'] !== null ? { ip_address: String(fixed['ip_address']) } : {}),
    };
  });
}

/**
 * Creates a port's rows (neutron's create_port_db): on a network the caller
 * may see, with the requested MAC (MacAddressInUse if the network has it)
 * or a random one on base_mac, and its addresses from IPAM. Its dict comes
 * from what was written, as makePortDicts would read it back.
 */
export async function insertPort(session: Session, body: Readonly<Record<string, unknown>>, settings: BasePluginSettings): Promise<Port> {
  const networkId = givenString(body, 'network_id');
  if (networkId === undefined) throw new InvalidInput({ error_message: "Failed to parse request. Required attribute 'network_id' not specified" });
  await getNetworkRow(session, networkId, 'reference');
  const requestedMac = givenString(body, 'mac_address');
  let mac: string;
  if (requestedMac !== undefined) {
    mac = readMac(requestedMac);
    await checkMacFree(session, networkId, mac);
  } else {
    // Unchecked, as neutron's _create_db_port_obj: a MAC another port of the network has fails the
    // insert on uniq_ports0network_id0mac_address, and the retried transaction draws a new one.
    mac = randomMacAddress(settings.baseMac);
  }
  const id = givenString(body, 'id') ?? randomUUID();
  const port: PortForIpam = { id, network_id: networkId, mac_address: mac, device_owner: givenString(body, 'device_owner') ?? '' };
  const row: PortRow = {
    id,
    project_id: owningProject(body, session.context.projectId),
    name: givenString(body, 'name') ?? '',
    network_id: networkId,
    mac_address: mac,
    admin_state_up: (givenBoolean(body, 'admin_state_up') ?? true) ? 1 : 0,
    // ML2 passes DOWN until a binding activates the port; the base plugin's ports are ACTIVE, as neutron's.
    status: givenString(body, 'status') ?? constants.PORT_STATUS_ACTIVE,
    device_id: givenString(body, 'device_id') ?? '',
    device_owner: port.device_owner,
    ...newStandardColumns(givenString(body, 'description') ?? ''),
  };
  await session.db.insertInto('ports').values(row).execute();
  const fixedIps = await allocateIpsForNewPort(session, port, fixedIpsOf(given(body, 'fixed_ips')));
  const requestedTags = given(body, 'tags');
  const tags = Array.isArray(requestedTags) ? [...new Set(requestedTags.map(String))] : [];
  if (tags.length > 0) await resourceTags.add(session.db, id, tags);
  return portDict(row, fixedIps.sort(byFixedIpOrder), tags);
}

/**
 * The MAC an update leaves a port with: the requested one (MacAddressInUse
 * if another port of the network has it), a new random one on base_mac for
 * `null` (port-mac-address-regenerate, which lets the API pass null), the
 * port's own when none is asked for. Ports the network owns keep theirs
 * (neutron's _check_mac_addr_update).
 */
async function updatedMac(session: Session, row: PortRow, requested: unknown, deviceOwner: string, baseMac: string): Promise<string> {
  if (requested === undefined) return row.mac_address;
  const mac = requested === null ? undefined : readMac(String(requested));
  if (mac === row.mac_address) return row.mac_address;
  if (deviceOwner.startsWith(constants.DEVICE_OWNER_NETWORK_PREFIX)) {
    throw new UnsupportedPortDeviceOwner({ op: 'mac address update', port_id: row.id, device_owner: deviceOwner });
  }
  if (mac === undefined) return generateMac(session, row.network_id, baseMac);
  await checkMacFree(session, row.network_id, mac);
  return mac;
}

/** Applies an update: plain attributes, a new MAC (checked, EUI-64 addresses rederived) and fixed_ips changes. */
export async function updatePortRow(session: Session, row: PortRow, body: Readonly<Record<string, unknown>>, settings: BasePluginSettings): Promise<void> {
  const deviceOwner = givenString(body, 'device_owner') ?? row.device_owner;
  const mac = await updatedMac(session, row, given(body, 'mac_address'), deviceOwner, settings.baseMac);
  const macChanged = mac !== row.mac_address;
  await session.db
    .updateTable('ports')
    .set({
      ...givenStrings(body, ['name', 'description', 'status', 'device_id']),
      ...(givenBoolean(body, 'admin_state_up') !== undefined ? { admin_state_up: givenBoolean(body, 'admin_state_up') ? 1 : 0 } : {}),
      device_owner: deviceOwner,
      mac_address: mac,
      ...revisionBump(row),
    })
    .where('id', '=', row.id)
    .execute();
  const port: PortForIpam = { id: row.id, network_id: row.network_id, mac_address: mac, device_owner: deviceOwner };
  const fixedIps = fixedIpsOf(given(body, 'fixed_ips'));
  if (fixedIps !== undefined) {
    const original = (await loadFixedIps(session, [row.id])).get(row.id) ?? [];
    await updateIpsForPort(session, port, original, fixedIps);
  }
  if (macChanged) await reallocateAutoAddresses(session, port);
}
