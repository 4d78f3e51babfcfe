import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type Json, type RunningApi } from './api-harness.js';

/*
 * The real `openstack` client (Debian's python3-openstackclient, installed
 * by .ci/run) against the API, with --os-auth-type none as against a
 * noauth neutron-server, asserting on its JSON output.
 */

const run = promisify(execFile);
const OPENSTACK = '/usr/bin/openstack';

let running: RunningApi;

async function openstack(...args: string[]): Promise<Json> {
  const { stdout } = await run(OPENSTACK, ['--os-auth-type', 'none', '--os-endpoint', running.url, ...args], {
    timeout: 60_000,
    env: { ...process.env, OS_CLOUD: '', HOME: process.env['HOME'] ?? '/tmp' },
  });
  return stdout.trim() === '' ? undefined : JSON.parse(stdout);
}

beforeAll(async () => {
  expect(existsSync(OPENSTACK), 'install python3-openstackclient (apt-get install -y python3-openstackclient)').toBe(true);
  running = await startApi();
});

afterAll(async () => {
  await running.stop();
});

describe('openstack network', () => {
  it('creates, lists, shows, sets and deletes a network', { timeout: 120_000 }, async () => {
    const created = await openstack('network', 'create', 'cli-net', '--disable', '--description', 'from the CLI', '-f', 'json');
    expect(created).toMatchObject({ name: 'cli-net', admin_state_up: false, description: 'from the CLI', shared: false, status: 'ACTIVE' });
    const id = created.id as string;

    const listed = await openstack('network', 'list', '-f', 'json');
    expect(listed).toEqual(expect.arrayContaining([expect.objectContaining({ ID: id, Name: 'cli-net' })]));

    const byName = await openstack('network', 'show', 'cli-net', '-f', 'json');
    expect(byName).toMatchObject({ id, name: 'cli-net', project_id: 'fake_project_id' });

    await openstack('network', 'set', id, '--name', 'cli-net-2', '--enable');
    const updated = await openstack('network', 'show', id, '-f', 'json');
    expect(updated).toMatchObject({ id, name: 'cli-net-2', admin_state_up: true });

    await openstack('network', 'delete', id);
    const after = await openstack('network', 'list', '-f', 'json');
    expect(after.map((row: Json) => row.ID)).not.toContain(id);
    const missing = await openstack('network', 'show', id, '-f', 'json').catch((error: { stderr: string }) => error.stderr);
    expect(missing).toMatch(/No Network found/i);
  });
});
