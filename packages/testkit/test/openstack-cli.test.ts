import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { OpenstackCli, OpenstackCommandFailed, startServer, type TestServer } from '@net-server/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
let server: TestServer;
let cli: OpenstackCli;

beforeAll(async () => {
  server = await startServer({ root });
  cli = new OpenstackCli(server.url);
});

afterAll(async () => {
  await cli?.close();
  await server?.stop();
});

describe('OpenstackCli', () => {
  it('prints what the openstack command prints, command after command', async () => {
    const created = await cli.json<{ id: string; name: string }>('network', 'create', 'cli-a');
    expect(created.name).toBe('cli-a');
    await cli.run('network', 'create', 'cli-b');
    const listed = await cli.run('network', 'list', '--sort-column', 'Name', '-f', 'json');
    const { stdout } = await promisify(execFile)(
      '/usr/bin/openstack',
      ['--os-auth-type', 'none', '--os-endpoint', server.url, 'network', 'list', '--sort-column', 'Name', '-f', 'json'],
      { env: { ...process.env, OS_CLOUD: '' } },
    );
    expect(listed).toBe(stdout);
    expect((JSON.parse(listed) as { Name: string }[]).map((network) => network.Name)).toEqual(['cli-a', 'cli-b']);
  });

  it('answers a failed command with its exit status and error, and goes on', async () => {
    const missing = await cli.exec('network', 'show', 'no-such-network');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/No Network found for no-such-network/);
    expect(missing.stdout).toBe('');
    await expect(cli.run('network', 'show', 'no-such-network')).rejects.toBeInstanceOf(OpenstackCommandFailed);
    expect(await cli.failure('network', 'create')).toMatch(/required: <name>/);
    // Commands queued at once run one after another, each with its own output.
    const [a, b] = await Promise.all([cli.json<{ name: string }>('network', 'show', 'cli-a'), cli.json<{ name: string }>('network', 'show', 'cli-b')]);
    expect([a.name, b.name]).toEqual(['cli-a', 'cli-b']);
  });
});
