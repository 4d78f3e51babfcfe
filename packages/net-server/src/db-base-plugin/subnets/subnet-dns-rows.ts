import type { Session } from '../session.js';
import { invalid } from './invalid-subnet.js';

/** Stores a subnet's DNS servers in the order given; a server given twice is refused. */
export async function saveDns(session: Session, subnetId: string, servers: readonly string[]): Promise<void> {
  const unique = [...new Set(servers)];
  if (unique.length !== servers.length) throw invalid(`Duplicate nameserver '${servers.find((s, i) => servers.indexOf(s) !== i)}'`);
  if (unique.length === 0) return;
  await session.db
    .insertInto('dnsnameservers')
    .values(unique.map((address, order) => ({ address, subnet_id: subnetId, order })))
    .execute();
}

/** Replaces a subnet's DNS servers (an update that gives dns_nameservers). */
export async function replaceDns(session: Session, subnetId: string, servers: readonly string[]): Promise<void> {
  await session.db.deleteFrom('dnsnameservers').where('subnet_id', '=', subnetId).execute();
  await saveDns(session, subnetId, servers);
}
