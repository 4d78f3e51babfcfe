import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type ApiClient,
  buildIfStale,
  type DatabaseKind as DialectName,
  databaseOptions,
  startServer,
  type StartServerOptions,
  type TestServer,
} from '@net-server/testkit';
import { expect } from 'vitest';
export { DATABASE_KINDS as dialects, type DatabaseKind as DialectName } from '@net-server/testkit';

export const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const packagesDir = resolve(packageDir, '..');

/** The server loads ML2 and this package through their entry points, which name dist. */
export function buildPlugins(): void {
  for (const name of ['lib', 'ml2']) buildIfStale(resolve(packagesDir, name));
  buildIfStale(packageDir);
}

/**
 * core_plugin = ml2 with the qos extension driver, VLANs on physnet1 (so
 * minimum bandwidth rules have a physical network) and VXLAN, and the
 * openvswitch mechanism driver, whose QoS driver supports every rule type.
 */
export function qosServerOptions(dialect: DialectName, mechanismDrivers: readonly string[] = ['openvswitch']): StartServerOptions {
  return {
    root: packageDir,
    corePlugin: 'ml2',
    ...databaseOptions(dialect),
    config: {
      ml2: {
        type_drivers: ['vlan', 'vxlan'],
        tenant_network_types: ['vxlan'],
        mechanism_drivers: mechanismDrivers,
        extension_drivers: ['port_security', 'qos'],
      },
      ml2_type_vlan: { network_vlan_ranges: ['physnet1:100:199'] },
      ml2_type_vxlan: { vni_ranges: ['1:1000'] },
    },
  };
}

export function startQosServer(dialect: DialectName, options: Partial<StartServerOptions> = {}): Promise<TestServer> {
  buildPlugins();
  return startServer({ ...qosServerOptions(dialect), servicePlugins: ['qos'], ...options });
}

/** service_plugins = qos,tag, with @net-server/tag installed beside this package. */
export function startQosTagServer(dialect: DialectName): Promise<TestServer> {
  const tag = resolve(packagesDir, 'tag');
  buildIfStale(resolve(packagesDir, 'net-server'));
  buildIfStale(tag);
  return startQosServer(dialect, { servicePlugins: ['qos', 'tag'], packages: [tag] });
}

export type Dict = Record<string, unknown>;

/** The NeutronError type of an error body. */
export function errorType(body: Dict): unknown {
  return (body['NeutronError'] as Dict | undefined)?.['type'];
}

/** A new policy of the caller's project, by an admin client; its id. */
export async function createPolicy(admin: ApiClient, name = 'p'): Promise<string> {
  const reply = await admin.post('/qos/policies', { policy: { name } });
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  return String((reply.body['policy'] as Dict)['id']);
}

/** A rule of `collection` (`bandwidth_limit_rules`, ...) added to a policy; the rule as answered. */
export async function createRule(admin: ApiClient, policyId: string, collection: string, body: Dict): Promise<Dict> {
  const reply = await admin.post(`/qos/policies/${policyId}/${collection}`, { [collection.slice(0, -1)]: body });
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  return reply.body[collection.slice(0, -1)] as Dict;
}
