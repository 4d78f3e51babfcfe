import { canonicalIpAddress, pythonString, type FixedIp, type ResourceDict } from '@net-server/lib';
import type { PortForwardingDb, PortForwardingRow } from '../db/schema.js';
import { badForwarding, PortHasBindingFloatingIP } from '../errors.js';
import { fixedIpsText } from './internal-target.js';
import { externalRange, internalRange, type PortForwardingColumns } from './port-forwardings.js';
import { checkCollision, checkRangeRelation, type PortRange } from './port-ranges.js';

/** A forwarding as a create or an update would leave it, with the sides of it the request named. */
export interface WantedForwarding {
  readonly id?: string;
  readonly floatingipId: string;
  readonly protocol: string;
  readonly internalPortId: string;
  /** Only as the request gave it: neutron compares internal ranges at a given address only. */
  readonly internalIp: string | undefined;
  readonly internal: PortRange | undefined;
  readonly external: PortRange | undefined;
}

/**
 * neutron's _check_port_collisions: the ranges' relation, then no overlap
 * with the internal ports of forwardings to the same port, address and
 * protocol, nor with the external ports of the floating IP's forwardings
 * of the protocol.
 */
export async function checkPortCollisions(db: PortForwardingDb, wanted: WantedForwarding): Promise<void> {
  checkRangeRelation(wanted.internal, wanted.external);
  const others = db
    .selectFrom('portforwardings')
    .selectAll()
    .where('protocol', '=', wanted.protocol)
    .where('id', '!=', wanted.id ?? '');
  if (wanted.internal && wanted.internalIp !== undefined) {
    const sameSocket = await others
      .where('internal_neutron_port_id', '=', wanted.internalPortId)
      .where('internal_ip_address', '=', wanted.internalIp)
      .execute();
    checkCollision(sameSocket.map(internalRange), wanted.internal, 'internal_port_range');
  }
  if (wanted.external) {
    const sameFloatingIp = await others.where('floatingip_id', '=', wanted.floatingipId).execute();
    checkCollision(sameFloatingIp.map(externalRange), wanted.external, 'external_port_range');
  }
}

const singlePort = (start: number | string, end: number | string): number | null => (Number(start) === Number(end) ? Number(start) : null);

/**
 * What neutron answers when a forwarding would break one of the table's
 * unique constraints (the same external ports of a floating IP and
 * protocol, or the same internal socket): the values that conflict.
 */
export async function checkDuplicate(db: PortForwardingDb, columns: PortForwardingColumns, selfId: string): Promise<void> {
  const duplicate = (message: Record<string, unknown>): Error =>
    badForwarding(`A duplicate port forwarding entry with same attributes already exists, conflicting values are ${pythonString(message)}`);
  const others = db.selectFrom('portforwardings').select('id').where('protocol', '=', columns.protocol).where('id', '!=', selfId);
  const outside = await others
    .where('floatingip_id', '=', columns.floatingip_id)
    .where('external_port_start', '=', Number(columns.external_port_start))
    .where('external_port_end', '=', Number(columns.external_port_end))
    .executeTakeFirst();
  if (outside)
    throw duplicate({
      floatingip_id: columns.floatingip_id,
      external_port: singlePort(columns.external_port_start, columns.external_port_end),
      protocol: columns.protocol,
    });
  const inside = await others
    .where('internal_neutron_port_id', '=', columns.internal_neutron_port_id)
    .where('internal_ip_address', '=', columns.internal_ip_address)
    .where('internal_port_start', '=', Number(columns.internal_port_start))
    .where('internal_port_end', '=', Number(columns.internal_port_end))
    .executeTakeFirst();
  if (inside) {
    throw duplicate({
      internal_port_id: columns.internal_neutron_port_id,
      internal_ip_address: columns.internal_ip_address,
      internal_port: singlePort(columns.internal_port_start, columns.internal_port_end),
      protocol: columns.protocol,
    });
  }
}

/** neutron's _check_port_has_binding_floating_ip: a port a floating IP maps to takes no forwarding (whoever owns that floating IP). */
export async function checkPortHasNoFloatingIp(db: PortForwardingDb, portId: string, internalIp: string | undefined): Promise<void> {
  const bound = await db.selectFrom('floatingips').select(['id', 'floating_ip_address']).where('fixed_port_id', '=', portId).executeTakeFirst();
  if (bound)
    throw new PortHasBindingFloatingIP({ floating_ip_address: bound.floating_ip_address, fip_id: bound.id, port_id: portId, fixed_ip: internalIp ?? null });
}

/**
 * neutron's _check_router_match: a floating IP already forwarding through
 * one router cannot forward to a port behind another.
 */
export async function checkRouterMatch(
  db: PortForwardingDb,
  floatingIp: ResourceDict,
  routerId: string,
  portId: string,
  internalIp: string,
  internalPort: number | null,
): Promise<void> {
  const current = floatingIp['router_id'];
  if (typeof current !== 'string' || current === routerId) return;
  let query = db.selectFrom('portforwardings').select('id').where('floatingip_id', '=', String(floatingIp['id'])).where('internal_ip_address', '=', internalIp);
  if (internalPort !== null) query = query.where('internal_port_start', '=', internalPort).where('internal_port_end', '=', internalPort);
  const fipId = String(floatingIp['id']);
  if (await query.executeTakeFirst()) {
    throw badForwarding(`Floating IP ${fipId} with params: internal_ip_address: ${internalIp}, internal_port: ${pythonString(internalPort)} already exists`);
  }
  throw badForwarding(`The Floating IP ${fipId} had been set on router ${current}, the internal Neutron port ${portId} can not reach it`);
}

/**
 * neutron's _check_port_forwarding_update: the internal address must be
 * the port's, and no other forwarding of the floating IP and protocol may
 * have the same external port or the same internal socket.
 */
export async function checkUpdatedForwarding(
  db: PortForwardingDb,
  row: PortForwardingRow,
  fixedIps: readonly FixedIp[],
  floatingIpAddress: string,
): Promise<void> {
  if (!fixedIps.some((ip) => canonicalIpAddress(ip.ip_address ?? '') === canonicalIpAddress(row.internal_ip_address))) {
    throw badForwarding(`The internal IP does not correspond to an address on the internal port, which has fixed_ips ${fixedIpsText(fixedIps)}`);
  }
  const conflict = (values: Record<string, unknown>): Error =>
    badForwarding(`Another port forwarding entry with the same attributes already exists, conflicting values are ${pythonString(values)}`);
  const others = await db
    .selectFrom('portforwardings')
    .selectAll()
    .where('floatingip_id', '=', row.floatingip_id)
    .where('protocol', '=', row.protocol)
    .where('id', '!=', row.id)
    .execute();
  const external = singlePort(row.external_port_start, row.external_port_end);
  const internal = singlePort(row.internal_port_start, row.internal_port_end);
  for (const other of others) {
    if (external !== null && singlePort(other.external_port_start, other.external_port_end) === external) {
      throw conflict({ floating_ip_address: floatingIpAddress, external_port: external });
    }
    const sameSocket = other.internal_neutron_port_id === row.internal_neutron_port_id && other.internal_ip_address === row.internal_ip_address;
    if (sameSocket && internal !== null && singlePort(other.internal_port_start, other.internal_port_end) === internal) {
      throw conflict({ internal_port_id: row.internal_neutron_port_id, internal_ip_address: row.internal_ip_address, internal_port: internal });
    }
  }
}
