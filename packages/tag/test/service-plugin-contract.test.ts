import { servicePluginContract } from '@net-server/testkit';
import { buildPlugins, serverOptions } from './helpers.js';

// The server loads the plugins through their entry points, from dist.
buildPlugins();

for (const dialect of ['sqlite', 'postgres'] as const) {
  servicePluginContract(`tag on ${dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL'}`, {
    ...serverOptions(dialect, ['router']),
    servicePlugin: 'tag',
    pluginType: 'TAG',
  });
}
