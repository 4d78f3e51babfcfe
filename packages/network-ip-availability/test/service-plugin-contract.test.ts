import { silentLogger } from '@net-server/lib';
import { buildIfStale, servicePluginContract } from '@net-server/testkit';
import { packageDir, POSTGRES_URL } from './helpers.js';

// The server loads the plugin through its entry points, from dist.
buildIfStale(packageDir);

for (const postgresUrl of [undefined, POSTGRES_URL]) {
  servicePluginContract(`network_ip_availability on ${postgresUrl ? 'PostgreSQL' : 'SQLite'}`, {
    root: packageDir,
    servicePlugin: 'network_ip_availability',
    pluginType: 'network-ip-availability',
    logger: silentLogger,
    ...(postgresUrl ? { postgresUrl } : {}),
  });
}
