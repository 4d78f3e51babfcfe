import { MacAddressInUse, NetworkMacAddressGenerationFailure, randomMacAddress } from '@net-server/lib';
import type { Session } from './session.js';

/** neutron's mac_generation_retries. */
const MAC_GENERATION_RETRIES = 16;

async function macInUse(session: Session, networkId: string, mac: string): Promise<boolean> {
  const row = await session.db.selectFrom('ports').select('id').where('network_id', '=', networkId).where('mac_address', '=', mac).executeTakeFirst();
  return row !== undefined;
}

/** A requested MAC must be free on the network: MacAddressInUse otherwise. */
export async function checkMacFree(session: Session, networkId: string, mac: string): Promise<void> {
  if (await macInUse(session, networkId, mac)) throw new MacAddressInUse({ net_id: networkId, mac });
}

/**
 * A random MAC on `base_mac` that no port of the network has. Another
 * process may pick the same one before this transaction commits; the
 * unique (network_id, mac_address) constraint then fails the insert and
 * the whole operation is retried with a new MAC.
 */
export async function generateMac(session: Session, networkId: string, baseMac: string): Promise<string> {
  for (let attempt = 0; attempt < MAC_GENERATION_RETRIES; attempt++) {
    const mac = randomMacAddress(baseMac);
    if (!(await macInUse(session, networkId, mac))) return mac;
  }
  throw new NetworkMacAddressGenerationFailure({ net_id: networkId });
}
