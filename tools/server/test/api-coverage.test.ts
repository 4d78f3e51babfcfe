import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startServer, type TestServer } from '@net-server/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVERY_PLUGIN, serverDir } from './every-plugin.js';

const repo = resolve(serverDir, '../..');

/**
 * What a real neutron-server Zed (Debian's 2:21.0.0) listed at
 * GET /v2.0/extensions with ML2 (openvswitch, linuxbridge, l2population;
 * the port_security, qos and dns extension drivers) and the service plugins
 * router, qos, segments, metering, trunk, port_forwarding,
 * network_segment_range, conntrack_helper, ndp_proxy, local_ip and log (its
 * default service plugins added by itself), on PostgreSQL, 2026-12-06.
 */
const neutron = JSON.parse(readFileSync(join(serverDir, 'test', 'neutron-zed-extensions.json'), 'utf8')) as { alias: string; name: string }[];

interface Extension {
  alias: string;
  name: string;
}

/* docs/api-coverage.md is rendered from both lists; the README quotes its summary. Both are checked here. */
describe('API coverage against neutron-server Zed', () => {
  let server: TestServer;
  let served: Extension[];

  beforeAll(async () => {
    server = await startServer(EVERY_PLUGIN);
    const response = await server.client.get('/extensions');
    expect(response.status).toBe(200);
    served = (response.body['extensions'] as Extension[]).map(({ alias, name }) => ({ alias, name }));
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('docs/api-coverage.md lists every extension of either server, and which has it', async () => {
    await expect(coverageDocument(served)).toMatchFileSnapshot(join(repo, 'docs', 'api-coverage.md'));
  });

  it("the README's summary is the document's", () => {
    expect(readFileSync(join(repo, 'README.md'), 'utf8')).toContain(summary(served));
  });
});

function summary(served: readonly Extension[]): string {
  const ours = new Set(served.map((extension) => extension.alias));
  const theirs = new Set(neutron.map((extension) => extension.alias));
  const quoted = (aliases: string[]) => aliases.map((alias) => `\`${alias}\``).join(', ');
  const missing = [...theirs].filter((alias) => !ours.has(alias));
  const own = [...ours].filter((alias) => !theirs.has(alias)).sort();
  const lead =
    `neutron-server Zed lists ${neutron.length} extensions with ML2 and its in-tree service plugins; net-server with every ` +
    `package of this repository lists ${served.length}`;
  const extra = own.length > 0 ? ` and ${own.length} neutron Zed does not have (${quoted(own)})` : '';
  return missing.length === 0
    ? `${lead}: every one of neutron's${extra}.`
    : `${lead}, ${neutron.length - missing.length} of them neutron's${extra}. Not yet in net-server (${missing.length}): ${quoted(missing)}.`;
}

function coverageDocument(served: readonly Extension[]): string {
  const ours = new Map(served.map((extension) => [extension.alias, extension]));
  const theirs = new Set(neutron.map((extension) => extension.alias));
  const rows = [...neutron, ...served.filter((extension) => !theirs.has(extension.alias))]
    .sort((a, b) => a.alias.localeCompare(b.alias))
    .map(
      (extension) =>
        `| \`${extension.alias}\` | ${extension.name} | ${theirs.has(extension.alias) ? 'yes' : 'no'} | ${ours.has(extension.alias) ? 'yes' : 'no'} |`,
    );
  return [
    '# API coverage',
    '',
    'The API extensions neutron-server Zed lists at `GET /v2.0/extensions`, and',
    "whether net-server lists them too. neutron's list was taken from a real",
    "neutron-server Zed (Debian's 2:21.0.0) with ML2 (openvswitch, linuxbridge,",
    'l2population; the port_security, qos and dns extension drivers) and the',
    'service plugins router, qos, segments, metering, trunk, port_forwarding,',
    'network_segment_range, conntrack_helper, ndp_proxy, local_ip and log;',
    "net-server's from a server with ML2 (port_security, dns, qos) and every",
    'service plugin of this repository. An extension is listed only when its',
    'behaviour is there.',
    '',
    'This file is written by `tools/server/test/api-coverage.test.ts`, which',
    'fails when it no longer matches what net-server serves; after adding an',
    'extension, run `npx vitest run tools/server/test/api-coverage.test.ts -u`.',
    '',
    summary(served),
    '',
    '| extension | name | neutron Zed | net-server |',
    '|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
