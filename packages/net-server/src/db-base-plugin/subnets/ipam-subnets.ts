import { parseCidr, parseIpAddress, type Cidr, type IpAddress, type IpRange } from '@net-server/lib';
import { isAutoAddressSubnet } from '../../ipam/ipv6-modes.js';
import { poolsToRanges } from '../../ipam/subnet-checks.js';
import type { Session } from '../session.js';
import { loadPools } from './allocation-pool-rows.js';
import { subnetModes, type SubnetRow } from './subnet-rows.js';
import { loadServiceTypes } from './subnet-service-type-rows.js';

/** A subnet's parsed facts for IPAM. */
export interface IpamSubnet {
  id: string;
  networkId: string;
  cidr: Cidr;
  cidrText: string;
  gateway: IpAddress | undefined;
  pools: IpRange[];
  ipVersion: 4 | 6;
  autoAddress: boolean;
  enableDhcp: boolean;
  /** The device owners the subnet's addresses are for; empty: any (subnet-service-types). */
  serviceTypes: string[];
}

export async function loadIpamSubnets(session: Session, rows: readonly SubnetRow[]): Promise<IpamSubnet[]> {
  const pools = await loadPools(
    session,
    rows.map((row) => row.id),
  );
  const serviceTypes = await loadServiceTypes(
    session,
    rows.map((row) => row.id),
  );
  return rows.map((row) => ({
    id: row.id,
    networkId: row.network_id,
    cidr: parseCidr(row.cidr)!,
    cidrText: row.cidr,
    gateway: row.gateway_ip === null ? undefined : parseIpAddress(row.gateway_ip),
    pools: poolsToRanges(pools.get(row.id) ?? []),
    ipVersion: Number(row.ip_version) as 4 | 6,
    autoAddress: isAutoAddressSubnet(subnetModes(row)),
    enableDhcp: Boolean(row.enable_dhcp),
    serviceTypes: serviceTypes.get(row.id) ?? [],
  }));
}
