import type { ResourceDict } from '@net-server/lib';
import type { ResourceHooks, Session } from 'net-server';
import { ml2View } from '../db/ml2-view.js';

/** A request value that is given (null included: it clears). */
function givenValue(request: Readonly<Record<string, unknown>>, key: string): string | null | undefined {
  if (!(key in request)) return undefined;
  const value = request[key];
  return typeof value === 'string' ? value : value === null ? null : undefined;
}

/**
 * Ports' `numa_affinity_policy` (port-numa-affinity-policy; set on create,
 * changed or cleared on update) and `device_profile` (port-device-profile;
 * set on create), neutron's PortNumaAffinityPolicyDbMixin and
 * PortDeviceProfileMixin: what Nova and Cyborg read to place the port's
 * device; null when not set. Agents get them in the Port object.
 */
export const portSchedulingAttributeHooks: ResourceHooks = {
  async precommitCreate(session: Session, request: Readonly<Record<string, unknown>>, port: ResourceDict): Promise<void> {
    const db = ml2View(session.db);
    const portId = String(port['id']);
    const policy = givenValue(request, 'numa_affinity_policy');
    if (policy) await db.insertInto('ml2_port_numa_affinity_policies').values({ port_id: portId, numa_affinity_policy: policy }).execute();
    const profile = givenValue(request, 'device_profile');
    if (profile) await db.insertInto('ml2_port_device_profiles').values({ port_id: portId, device_profile: profile }).execute();
    port['numa_affinity_policy'] = policy ?? null;
    port['device_profile'] = profile ?? null;
  },

  async precommitUpdate(session: Session, request: Readonly<Record<string, unknown>>, _original: ResourceDict, port: ResourceDict): Promise<void> {
    const policy = givenValue(request, 'numa_affinity_policy');
    if (policy === undefined) return;
    const db = ml2View(session.db);
    await db.deleteFrom('ml2_port_numa_affinity_policies').where('port_id', '=', String(port['id'])).execute();
    if (policy !== null)
      await db
        .insertInto('ml2_port_numa_affinity_policies')
        .values({ port_id: String(port['id']), numa_affinity_policy: policy })
        .execute();
    port['numa_affinity_policy'] = policy;
  },

  async extendDicts(session: Session, ports: ResourceDict[]): Promise<void> {
    const db = ml2View(session.db);
    const ids = ports.map((port) => String(port['id']));
    const policies = await db.selectFrom('ml2_port_numa_affinity_policies').selectAll().where('port_id', 'in', ids).execute();
    const profiles = await db.selectFrom('ml2_port_device_profiles').selectAll().where('port_id', 'in', ids).execute();
    const policyOf = new Map(policies.map((row) => [row.port_id, row.numa_affinity_policy]));
    const profileOf = new Map(profiles.map((row) => [row.port_id, row.device_profile]));
    for (const port of ports) {
      port['numa_affinity_policy'] = policyOf.get(String(port['id'])) ?? null;
      port['device_profile'] = profileOf.get(String(port['id'])) ?? null;
    }
  },
};
