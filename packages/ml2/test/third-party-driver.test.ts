import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { constants } from '@net-server/lib';
import { describe, expect, it } from 'vitest';
import { MechanismManager, NetworkContext, PortContext, type AgentNotifier, type NetworkTopology } from '@net-server/ml2';
import { adminContext, logger, ml2Config, tempDir } from './helpers.js';

const run = promisify(execFile);
const notifier: AgentNotifier = { fanout: async () => {}, castToHost: async () => {} };
const topology: NetworkTopology = { activePorts: async () => [], agentsOn: async () => [] };

/** Writes a tiny mechanism-driver package, packs it with npm and installs the tarball into a fresh app. */
async function appWithPackedDriver(): Promise<string> {
  const source = tempDir('mech-acme-src-');
  writeFileSync(
    join(source, 'package.json'),
    JSON.stringify({
      name: '@acme/net-server-mech-acme',
      version: '1.0.0',
      type: 'module',
      exports: { '.': './index.js', './package.json': './package.json' },
      entryPoints: { 'net_server.ml2.mechanism_drivers': { acme: './index.js:AcmeDriver' } },
    }),
  );
  writeFileSync(
    join(source, 'index.js'),
    `export class AcmeDriver {
  constructor({ config }) { this.prefix = config.value('ml2', 'mechanism_drivers').join('+'); }
  bindPort(context) {
    const segment = context.segmentsToBind[0];
    if (segment) context.setBinding(segment.id, 'other', { configured: this.prefix });
  }
}
`,
  );
  const packDir = tempDir('mech-acme-pack-');
  const { stdout } = await run('npm', ['pack', '--silent', '--pack-destination', packDir], { cwd: source });
  const tarball = join(packDir, stdout.trim().split('\n').at(-1)!);
  const app = tempDir('mech-acme-app-');
  mkdirSync(join(app, 'node_modules'));
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'cloud', version: '1.0.0', private: true }));
  await run('npm', ['install', '--no-audit', '--no-fund', '--offline', tarball], { cwd: app });
  return app;
}

describe('a third-party mechanism driver', () => {
  it('is found by name once its package is installed, and binds ports', async () => {
    const app = await appWithPackedDriver();
    const config = ml2Config('[ml2]\nmechanism_drivers = acme');
    const manager = await MechanismManager.load(config, logger, { notifier, topology }, { root: app, cache: false });
    expect(manager.drivers.map((d) => d.name)).toEqual(['acme']);
    const port = new PortContext({
      pluginContext: adminContext,
      current: { id: 'p' },
      network: new NetworkContext(adminContext, { id: 'n' }, [
        { id: 's', network_id: 'n', network_type: 'local', physical_network: null, segmentation_id: null, is_dynamic: false, segment_index: 0 },
      ]),
      binding: { host: 'h', vnic_type: constants.VNIC_NORMAL, profile: {}, vif_type: 'unbound', vif_details: {}, status: 'ACTIVE' },
      hostAgents: async () => [],
    });
    await manager.bindPort(port);
    expect(port.bindingLevels).toEqual([{ level: 0, driver: 'acme', segment_id: 's' }]);
    expect(port.vifDetails).toEqual({ configured: 'acme' });
  });

  it('names what is missing when a configured driver is not installed', async () => {
    const config = ml2Config('[ml2]\nmechanism_drivers = acme');
    await expect(MechanismManager.load(config, logger, { notifier, topology }, { root: tempDir(), cache: false })).rejects.toThrow(
      /The following mechanism drivers were not found: acme/,
    );
  });
});
