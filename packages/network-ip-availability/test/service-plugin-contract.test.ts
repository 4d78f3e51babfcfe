import { silentLogger } from '@net-server/lib';
import { buildIfStale, databaseOptions, servicePluginContract } from '@net-server/testkit';
import { packageDir } from './helpers.js';

// The server loads the plugin through its entry points, from dist.
buildIfStale(packageDir);

for (const dialect of ['sqlite', 'postgres'] as const) {
  servicePluginContract(`network_ip_availability on ${dialect === 'postgres' ? 'PostgreSQL' : 'SQLite'}`, {
    root: packageDir,
    servicePlugin: 'network_ip_availability',
    pluginType: 'network-ip-availability',
    logger: silentLogger,
    ...databaseOptions(dialect),
  });
}
