import { IllegalSubnetPoolUpdate, InvalidInput, NotAuthorized, firstAddress, lastAddress, parseCidr, type Cidr } from '@net-server/lib';
import type { ResourceEngine } from '../resource-kit/resource-engine.js';
import type { NetworksTable, SubnetPoolsTable } from './schema.js';
import type { Session } from './session.js';
import { bumpRevision } from './standard-attributes.js';

/** A subnet brought into a pool, as onboard_network_subnets answers it. */
export interface OnboardedSubnet {
  id: string;
  cidr: string;
}

function networkIdOf(body: unknown): string {
  const value = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>)['network_id'] : undefined;
  if (value === undefined || value === null) throw new InvalidInput({ error_message: 'network_id must be specified.' });
  return String(value);
}

function cidr(text: string): Cidr {
  const parsed = parseCidr(text);
  if (!parsed) throw new InvalidInput({ error_message: `'${text}' is not a valid IP subnet` });
  return parsed;
}

function overlaps(a: Cidr, b: Cidr): boolean {
  return a.version === b.version && firstAddress(a).value <= lastAddress(b).value && firstAddress(b).value <= lastAddress(a).value;
}

/**
 * PUT /v2.0/subnetpools/{id}/onboard_network_subnets (subnet_onboard,
 * neutron's onboard_network_subnets): the network's subnets of the pool's
 * IP version join the pool, their CIDRs becoming pool prefixes (an update
 * of `prefixes`, with its checks and hooks). A subnet whose CIDR overlaps
 * one the pool already allocated is refused. Only an admin or the network's
 * owner may onboard its subnets, so no one moves another project's subnets
 * into their pool.
 */
export async function onboardNetworkSubnets(
  session: Session,
  engines: { networks: ResourceEngine<NetworksTable>; pools: ResourceEngine<SubnetPoolsTable> },
  poolId: string,
  body: unknown,
): Promise<OnboardedSubnet[]> {
  const networkId = networkIdOf(body);
  const { dict: network } = await engines.networks.find(session, networkId);
  if (!session.context.isAdmin && network['project_id'] !== session.context.projectId) throw new NotAuthorized({});
  const { dict: pool } = await engines.pools.find(session, poolId);
  const subnets = await session.db
    .selectFrom('subnets')
    .select(['id', 'cidr'])
    .where('network_id', '=', networkId)
    .where('ip_version', '=', Number(pool['ip_version']))
    .orderBy('id')
    .execute();
  const allocated = (await session.db.selectFrom('subnets').select('cidr').where('subnetpool_id', '=', poolId).execute()).map((row) => cidr(row.cidr));
  for (const subnet of subnets) {
    if (allocated.some((taken) => overlaps(taken, cidr(subnet.cidr)))) {
      throw new IllegalSubnetPoolUpdate({
        reason: `Onboarding subnet ${subnet.id}: ${subnet.cidr} conflicts with allocated prefixes in subnet pool ${poolId}`,
      });
    }
  }
  await engines.pools.updateIn(session, poolId, { prefixes: [...(pool['prefixes'] as string[]), ...subnets.map((subnet) => subnet.cidr)] });
  for (const subnet of subnets) {
    await session.db.updateTable('subnets').set({ subnetpool_id: poolId }).where('id', '=', subnet.id).execute();
    await bumpRevision(session.db, 'subnets', subnet.id);
  }
  return subnets.map((subnet) => ({ id: subnet.id, cidr: subnet.cidr }));
}
