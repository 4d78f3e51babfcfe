import { Context, type Logger, type ResourceDict } from '@net-server/lib';
import type { Transport } from '@net-server/rpc';
import { coreMigrations, Database, Migrator, type NovaNotifier } from 'net-server';
import {
  ExtensionManager,
  FlatTypeDriver,
  L2populationDriver,
  LocalTypeDriver,
  MechanismManager,
  migrations,
  Ml2Plugin,
  OpenvswitchDriver,
  PortSecurityDriver,
  TypeManager,
  VlanTypeDriver,
  VxlanTypeDriver,
  type AgentNotifier,
  type MechanismDriver,
  type NetworkTopology,
} from '@net-server/ml2';
import { logger, ml2Config, onCleanup, tempDir } from './helpers.js';

export interface Notification {
  topic: string;
  host?: string;
  method: string;
  args: Record<string, unknown>;
}

export const PLUGIN_INI = `
[ml2]
tenant_network_types = vxlan
[ml2_type_flat]
flat_networks = public
[ml2_type_vlan]
network_vlan_ranges = physnet1:100:109
[ml2_type_vxlan]
vni_ranges = 500:509
`;

/** An Ml2Plugin on a fresh SQLite database, with `recorder` first among the mechanism drivers. */
export async function ml2Plugin(
  recorder: MechanismDriver = {},
  ini = PLUGIN_INI,
  transport?: Transport,
  options: { l2population?: boolean; url?: string; logger?: Logger; failing?: (method: string) => boolean; novaNotifier?: NovaNotifier } = {},
): Promise<{ plugin: Ml2Plugin; notifications: Notification[]; database: Database }> {
  const config = ml2Config(ini);
  const database = Database.open(options.url ?? `sqlite:///${tempDir()}/ml2.sqlite`);
  onCleanup(() => database.close());
  await new Migrator(database, [
    { packageName: 'net-server', migrations: coreMigrations },
    { packageName: '@net-server/ml2', migrations },
  ]).upgrade();
  const notifications: Notification[] = [];
  const notifier: AgentNotifier = {
    fanout: async (_context, topic, method, args) => {
      if (options.failing?.(method)) throw new Error(`broker unreachable for ${method}`);
      notifications.push({ topic, method, args });
    },
    castToHost: async (_context, topic, host, method, args) => {
      notifications.push({ topic, host, method, args });
    },
  };
  const init = { config, logger: options.logger ?? logger };
  let plugin: Ml2Plugin | undefined;
  const topology: NetworkTopology = {
    activePorts: (networkId) => plugin!.topology.activePorts(networkId),
    agentsOn: (hosts) => plugin!.topology.agentsOn(hosts),
  };
  const types = new TypeManager([new LocalTypeDriver(), new FlatTypeDriver(init), new VlanTypeDriver(init), new VxlanTypeDriver(init)], config, logger);
  const mechanisms = new MechanismManager(
    [
      { name: 'recorder', obj: recorder },
      { name: 'openvswitch', obj: new OpenvswitchDriver({ ...init, notifier, topology }) },
      ...(options.l2population ? [{ name: 'l2population', obj: new L2populationDriver({ ...init, notifier, topology }) }] : []),
    ],
    logger,
  );
  const extensions = new ExtensionManager([{ name: 'port_security', obj: new PortSecurityDriver() }], logger);
  // With a transport, notifications go over it for real; without, they are recorded.
  plugin = new Ml2Plugin(
    {
      database,
      config,
      logger: init.logger,
      ...(transport ? { transport } : { notifier }),
      ...(options.novaNotifier ? { novaNotifier: options.novaNotifier } : {}),
    },
    { types, mechanisms, extensions },
  );
  return { plugin, notifications, database };
}

export const projectContext = new Context({ projectId: 'p1', userId: 'u1', roles: ['member'] });
export const admin = new Context({ projectId: 'admin-project', userId: 'admin', roles: ['admin'] });

export function ids(resources: readonly ResourceDict[]): string[] {
  return resources.map((r) => String(r['id'])).sort();
}
