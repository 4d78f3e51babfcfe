import { HTTPBadRequest, IllegalSubnetPoolPrefixUpdate, InvalidInput, firstAddress, formatCidr, lastAddress, parseCidr, type Cidr } from '@net-server/lib';
import { subtractPrefixes } from '../ipam/prefix-set.js';
import type { ResourceEngine } from '../resource-kit/resource-engine.js';
import type { SubnetPoolsTable } from './schema.js';
import type { Session } from './session.js';
import { bumpRevision } from './standard-attributes.js';

/** neutron's get_operation_request_body: a dict with a non-empty `prefixes` list. */
function requestedPrefixes(body: unknown): string[] {
  const prefixes = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>)['prefixes'] : undefined;
  if (!Array.isArray(prefixes) || prefixes.length === 0) throw new HTTPBadRequest({ msg: 'Request body contains invalid data' });
  return prefixes.map(String);
}

function cidrsOf(texts: readonly string[]): Cidr[] {
  return texts.map((text) => {
    const cidr = parseCidr(text);
    if (!cidr) throw new InvalidInput({ error_message: `'${text}' is not a valid IP subnet` });
    return cidr;
  });
}

function overlap(a: Cidr, b: Cidr): boolean {
  return a.version === b.version && firstAddress(a).value <= lastAddress(b).value && firstAddress(b).value <= lastAddress(a).value;
}

/**
 * PUT /v2.0/subnetpools/{id}/add_prefixes (subnetpool-prefix-ops): the
 * pool's prefixes grow by those given, as an update of `prefixes` would
 * (neutron's add_prefixes), with its checks and hooks.
 */
export async function addPrefixes(session: Session, pools: ResourceEngine<SubnetPoolsTable>, id: string, body: unknown): Promise<{ prefixes: string[] }> {
  const added = requestedPrefixes(body);
  const { dict } = await pools.find(session, id);
  const pool = await pools.updateIn(session, id, { prefixes: [...(dict['prefixes'] as string[]), ...added] });
  return { prefixes: pool['prefixes'] as string[] };
}

/**
 * PUT /v2.0/subnetpools/{id}/remove_prefixes (neutron's remove_prefixes):
 * the addresses given leave the pool's prefixes, unless a subnet of the
 * pool holds any of them (IllegalSubnetPoolPrefixUpdate); prefixes that are
 * not the pool's change nothing.
 */
export async function removePrefixes(session: Session, pools: ResourceEngine<SubnetPoolsTable>, id: string, body: unknown): Promise<{ prefixes: string[] }> {
  const removed = cidrsOf(requestedPrefixes(body));
  const { dict } = await pools.find(session, id);
  const current = dict['prefixes'] as string[];
  const remaining = subtractPrefixes(cidrsOf(current), removed).map(formatCidr);
  if (remaining.length === current.length && remaining.every((prefix, index) => prefix === current[index])) return { prefixes: current };
  const subnets = await session.db.selectFrom('subnets').select('cidr').where('subnetpool_id', '=', id).execute();
  if (cidrsOf(subnets.map((subnet) => subnet.cidr)).some((subnet) => removed.some((cut) => overlap(subnet, cut))))
    throw new IllegalSubnetPoolPrefixUpdate({ msg: 'One or more the prefixes to be removed is in use by a subnet.' });
  await session.db.deleteFrom('subnetpoolprefixes').where('subnetpool_id', '=', id).execute();
  if (remaining.length > 0)
    await session.db
      .insertInto('subnetpoolprefixes')
      .values(remaining.map((cidr) => ({ cidr, subnetpool_id: id })))
      .execute();
  await bumpRevision(session.db, 'subnetpools', id);
  return { prefixes: remaining };
}
