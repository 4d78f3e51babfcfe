import { BadRequest, cidrNetwork, hasHostBits, parseCidr, type Cidr } from '@net-server/lib';
import { given, givenBoolean, givenInteger, givenString } from '../../resource-kit/request-body.js';
import type { Session } from '../session.js';
import { allocateFromPool, defaultSubnetPoolId, getSubnetPoolRow } from '../subnetpools.js';
import { invalid } from './invalid-subnet.js';

/** Where a new subnet's addresses come from: its CIDR and IP version, and the subnet pool that gave the CIDR, if one did. */
export interface SubnetAddressing {
  cidr: Cidr;
  ipVersion: 4 | 6;
  subnetpoolId: string | null;
  /** The caller named the CIDR (rather than a prefix length or nothing, for a pool to choose). */
  cidrRequested: boolean;
}

/** What the body asks for: a CIDR (its host bits cleared), a prefix length, an IP version; each may be absent. */
interface CidrRequest {
  requested: Cidr | undefined;
  prefixlen: number | undefined;
  ipVersion: number | undefined;
}

function badRequest(msg: string): Error {
  return new BadRequest({ resource: 'subnets', msg });
}

const IP_VERSION_MISSING = "Failed to parse request. Required attribute 'ip_version' not specified";

/**
 * The new subnet's CIDR and version (neutron's create_subnet with the
 * pluggable IPAM backend's allocate_subnet): the CIDR given, or one
 * allocated from the subnet pool named, or from the default pool of the
 * version with use_default_subnetpool.
 */
export async function subnetAddressing(session: Session, body: Readonly<Record<string, unknown>>, projectId: string): Promise<SubnetAddressing> {
  const request = cidrRequest(body);
  const subnetpoolId = await chosenSubnetPool(session, body, request);
  const cidrRequested = request.requested !== undefined;
  if (subnetpoolId !== null) {
    const { cidr, ipVersion } = await cidrFromPool(session, body, subnetpoolId, request, projectId);
    return { cidr, ipVersion: knownVersion(ipVersion), subnetpoolId, cidrRequested };
  }
  if (request.requested === undefined) throw badRequest('A cidr must be specified in the absence of a subnet pool');
  return { cidr: request.requested, ipVersion: knownVersion(request.ipVersion), subnetpoolId: null, cidrRequested };
}

function cidrRequest(body: Readonly<Record<string, unknown>>): CidrRequest {
  const cidrText = givenString(body, 'cidr');
  const prefixlen = givenInteger(body, 'prefixlen') ?? undefined;
  if (cidrText !== undefined && prefixlen !== undefined) throw badRequest('cidr and prefixlen must not be supplied together');
  let requested: Cidr | undefined;
  if (cidrText !== undefined) {
    const parsed = parseCidr(cidrText);
    if (!parsed) throw invalid(`'${cidrText}' is not a valid IP subnet`);
    requested = hasHostBits(parsed) ? cidrNetwork(parsed) : parsed;
  }
  const ipVersion = givenInteger(body, 'ip_version') ?? requested?.version ?? undefined;
  return { requested, prefixlen, ipVersion };
}

/** The subnet pool named, else the version's default pool when the body asks for it and names no CIDR; null for none. */
async function chosenSubnetPool(session: Session, body: Readonly<Record<string, unknown>>, request: CidrRequest): Promise<string | null> {
  const poolGiven = given(body, 'subnetpool_id');
  if (typeof poolGiven === 'string' && poolGiven !== '') return poolGiven;
  if (poolGiven !== undefined || request.requested !== undefined || !givenBoolean(body, 'use_default_subnetpool')) return null;
  if (request.ipVersion === undefined) throw badRequest(IP_VERSION_MISSING);
  return defaultSubnetPoolId(session, request.ipVersion);
}

async function cidrFromPool(
  session: Session,
  body: Readonly<Record<string, unknown>>,
  subnetpoolId: string,
  request: CidrRequest,
  projectId: string,
): Promise<{ cidr: Cidr; ipVersion: number }> {
  if (request.requested === undefined && Array.isArray(given(body, 'allocation_pools'))) {
    throw badRequest('allocation_pools allowed only for specific subnet requests.');
  }
  const pool = await getSubnetPoolRow(session, subnetpoolId);
  const poolVersion = Number(pool.ip_version);
  if (request.ipVersion !== undefined && request.ipVersion !== poolVersion) {
    throw badRequest(`Cannot allocate IPv${request.ipVersion} subnet from IPv${poolVersion} subnet pool`);
  }
  return { cidr: await allocateFromPool(session, pool, projectId, request.requested, request.prefixlen), ipVersion: poolVersion };
}

function knownVersion(ipVersion: number | undefined): 4 | 6 {
  if (ipVersion !== 4 && ipVersion !== 6) throw badRequest(IP_VERSION_MISSING);
  return ipVersion;
}
