import { randomUUID } from 'node:crypto';
import { formatIpAddress, parseIpAddress, type IpRange } from '@net-server/lib';
import type { PoolBody } from '../../ipam/subnet-checks.js';
import type { Session } from '../session.js';
import { groupBy, inChunks } from '../standard-attributes.js';

/** The subnets' allocation pools (the ipallocationpools table), by subnet id, each subnet's in address order. */
export async function loadPools(session: Session, ids: readonly string[]): Promise<Map<string, PoolBody[]>> {
  const rows = await inChunks(ids, (part) =>
    session.db.selectFrom('ipallocationpools').select(['subnet_id', 'first_ip', 'last_ip']).where('subnet_id', 'in', part).execute(),
  );
  const bySubnet = groupBy(
    rows,
    (row) => row.subnet_id,
    (row): PoolBody => ({ start: row.first_ip, end: row.last_ip }),
  );
  for (const pools of bySubnet.values()) pools.sort((a, b) => compareIpText(a.start, b.start));
  return bySubnet;
}

function compareIpText(a: string, b: string): number {
  const x = parseIpAddress(a)!;
  const y = parseIpAddress(b)!;
  return x.value < y.value ? -1 : x.value > y.value ? 1 : 0;
}

export async function savePools(session: Session, subnetId: string, pools: readonly IpRange[]): Promise<void> {
  if (pools.length === 0) return;
  await session.db
    .insertInto('ipallocationpools')
    .values(
      pools.map((pool) => ({
        id: randomUUID(),
        subnet_id: subnetId,
        first_ip: formatIpAddress({ version: pool.version, value: pool.first }),
        last_ip: formatIpAddress({ version: pool.version, value: pool.last }),
      })),
    )
    .execute();
}

/** Replaces a subnet's allocation pools (an update that gives allocation_pools). */
export async function replacePools(session: Session, subnetId: string, pools: readonly IpRange[]): Promise<void> {
  await session.db.deleteFrom('ipallocationpools').where('subnet_id', '=', subnetId).execute();
  await savePools(session, subnetId, pools);
}
