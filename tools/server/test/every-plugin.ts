import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StartServerOptions } from '@net-server/testkit';

export const serverDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** A server with ML2, every ML2 extension driver and every service plugin of the workspace (flavors, auto_allocate, tag, address_scope and network_ip_availability load by default once installed), as an operator loading everything would run it. */
export const EVERY_PLUGIN: StartServerOptions = {
  root: serverDir,
  corePlugin: 'ml2',
  servicePlugins: [
    'router',
    'segments',
    'qos',
    'tag',
    'network_ip_availability',
    'metering',
    'trunk',
    'port_forwarding',
    'conntrack_helper',
    'network_segment_range',
    'local_ip',
    'log',
    'ndp_proxy',
  ],
  config: { ml2: { mechanism_drivers: ['openvswitch', 'linuxbridge', 'l2population'], extension_drivers: ['port_security', 'dns', 'qos'] } },
};
