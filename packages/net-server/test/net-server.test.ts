import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { silentLogger } from '@net-server/lib';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/load-config.js';
import { ChildCommandMissingError } from '../src/launcher/errors.js';
import { NetServer } from '../src/service/net-server.js';
import { MEMORY_PLUGIN } from './api/api-harness.js';
import { makeAppRoot } from './fixtures.js';
import { suiteTempDir } from './helpers.js';

const running: NetServer[] = [];

afterEach(async () => {
  for (const server of running.splice(0)) await server.stop();
});

/** A NetServer over a configuration file of its own in a new folder: `[DEFAULT]` options as given. */
async function load(options: Record<string, string | number>): Promise<NetServer> {
  const dir = suiteTempDir('net-server-boot-');
  const root = makeAppRoot(dir);
  const conf = join(dir, 'net-server.conf');
  const settings = { core_plugin: MEMORY_PLUGIN, bind_host: '127.0.0.1', bind_port: 0, state_path: dir, ...options };
  writeFileSync(conf, ['[DEFAULT]', ...Object.entries(settings).map(([name, value]) => `${name} = ${value}`)].join('\n'));
  const plugins = { root };
  return NetServer.load({
    source: { loadConfig: async () => ({ config: await loadConfig({ configFiles: [conf], plugins, env: {} }), logger: silentLogger }), plugins },
    schema: 'upgrade',
  });
}

async function networkNames(server: NetServer): Promise<unknown[]> {
  const response = await fetch(`http://127.0.0.1:${server.apiAddress!.port}/v2.0/networks`, { headers: { 'x-project-id': 'p1', 'x-roles': 'admin' } });
  return ((await response.json()) as { networks: { name: unknown }[] }).networks.map((network) => network.name);
}

async function createNetwork(server: NetServer, name: string): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${server.apiAddress!.port}/v2.0/networks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-project-id': 'p1', 'x-roles': 'admin' },
    body: JSON.stringify({ network: { name } }),
  });
  return response.status;
}

describe('NetServer', () => {
  it('boots several servers in one process, each with its own configuration, plugins, database and listener', async () => {
    const first = await load({ allow_bulk: 'true' });
    running.push(first);
    const second = await load({ allow_bulk: 'false' });
    running.push(second);
    await first.start();
    await second.start();

    const [one, two] = [first.environment.current, second.environment.current];
    expect(two.manager).not.toBe(one.manager);
    expect(two.manager.corePlugin).not.toBe(one.manager.corePlugin);
    expect(two.database).not.toBe(one.database);
    expect([one.config.value('DEFAULT', 'allow_bulk'), two.config.value('DEFAULT', 'allow_bulk')]).toEqual([true, false]);
    expect(second.apiAddress!.port).not.toBe(first.apiAddress!.port);

    expect(await createNetwork(first, 'on-first')).toBe(201);
    expect(await createNetwork(second, 'on-second')).toBe(201);
    expect(await networkNames(first)).toEqual(['on-first']);
    expect(await networkNames(second)).toEqual(['on-second']);

    // Stopping one closes its listener and plugins only.
    const firstUrl = `http://127.0.0.1:${first.apiAddress!.port}/`;
    expect((await fetch(firstUrl)).status).toBe(200);
    expect(await running.shift()!.stop()).toBe(true);
    await expect(fetch(firstUrl)).rejects.toThrow();
    expect(await networkNames(second)).toEqual(['on-second']);
  });

  it('refuses to start a plan that forks without the command that runs the children', async () => {
    const server = await load({ api_workers: 1 });
    try {
      const error = await server.start().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ChildCommandMissingError);
      expect((error as ChildCommandMissingError).code).toBe('CHILD_COMMAND_MISSING');
      expect((error as Error).message).toContain('api worker');
    } finally {
      await server.stop();
    }
  });
});
