import type { Session } from '../session.js';
import { groupBy, inChunks } from '../standard-attributes.js';

/** Stores a subnet's service types (each once). */
export async function saveServiceTypes(session: Session, subnetId: string, serviceTypes: readonly string[]): Promise<void> {
  const unique = [...new Set(serviceTypes)];
  if (unique.length === 0) return;
  await session.db
    .insertInto('subnet_service_types')
    .values(unique.map((service_type) => ({ subnet_id: subnetId, service_type })))
    .execute();
}

/** Replaces a subnet's service types (an update that gives service_types), as neutron's _update_subnet_service_types. */
export async function replaceServiceTypes(session: Session, subnetId: string, serviceTypes: readonly string[]): Promise<void> {
  await session.db.deleteFrom('subnet_service_types').where('subnet_id', '=', subnetId).execute();
  await saveServiceTypes(session, subnetId, serviceTypes);
}

/** The service types of each subnet, sorted; subnets without any are absent. */
export async function loadServiceTypes(session: Session, subnetIds: readonly string[]): Promise<Map<string, string[]>> {
  const rows = await inChunks(subnetIds, (part) => session.db.selectFrom('subnet_service_types').selectAll().where('subnet_id', 'in', part).execute());
  const types = groupBy(
    rows,
    (row) => row.subnet_id,
    (row) => row.service_type,
  );
  for (const list of types.values()) list.sort();
  return types;
}

/** The service types a create or update body gives; undefined when it leaves them alone (null clears them). */
export function givenServiceTypes(body: Readonly<Record<string, unknown>>): string[] | undefined {
  const value = body['service_types'];
  if (value === null) return [];
  return Array.isArray(value) ? value.map(String) : undefined;
}
