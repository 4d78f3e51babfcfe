import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { vi } from 'vitest';
import { Background, freePort, run } from './processes.js';

const registryPackage = fileURLToPath(new URL('../registry', import.meta.url));
const verdaccioBin = join(registryPackage, 'node_modules/verdaccio/bin/verdaccio');

export interface Registry {
  url: string;
  /** An npmrc pointing at the registry with a publish token. */
  npmrc: string;
  token: string;
  stop(): Promise<void>;
}

/**
 * verdaccio lives in its own npm-installed package (tools/e2e/registry, see
 * its package.json for why): installed from its lockfile when missing.
 */
async function ensureVerdaccio(): Promise<void> {
  if (existsSync(verdaccioBin)) return;
  await run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: registryPackage, timeoutMs: 180_000 });
  if (!existsSync(verdaccioBin)) throw new Error(`verdaccio is still missing at ${verdaccioBin} after npm ci in ${registryPackage}`);
}

/** Starts verdaccio on a free port of 127.0.0.1 with its storage in `dir` and no uplinks. */
export async function startRegistry(dir: string): Promise<Registry> {
  await ensureVerdaccio();
  mkdirSync(join(dir, 'storage'), { recursive: true });
  const config = join(dir, 'config.yaml');
  // No uplinks: whatever is not published here does not exist, so nothing is fetched from outside.
  writeFileSync(
    config,
    [
      `storage: ${join(dir, 'storage')}`,
      'auth:',
      '  htpasswd:',
      `    file: ${join(dir, 'htpasswd')}`,
      '    max_users: 1000',
      'uplinks: {}',
      'packages:',
      "  '**':",
      '    access: $all',
      '    publish: $authenticated',
      'max_body_size: 200mb',
      'log: { type: stdout, format: pretty, level: warn }',
      '',
    ].join('\n'),
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = new Background(process.execPath, [verdaccioBin, '--config', config, '--listen', `127.0.0.1:${port}`], { cwd: dir });
  try {
    return await ready(server, url, dir, port);
  } catch (error) {
    await server.stop(5_000);
    throw error;
  }
}

async function ready(server: Background, url: string, dir: string, port: number): Promise<Registry> {
  await vi.waitFor(
    async () => {
      const ping = server.running ? await fetch(`${url}/-/ping`).catch(() => undefined) : undefined;
      if (!ping?.ok) throw new Error(`verdaccio did not answer on ${url}:\n${server.output}`);
    },
    { timeout: 30_000, interval: 250 },
  );
  const response = await fetch(`${url}/-/user/org.couchdb.user:e2e`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'e2e', password: 'e2e-password', type: 'user', roles: [], date: new Date().toISOString() }),
  });
  const { token } = (await response.json()) as { token?: string };
  if (!response.ok || !token) throw new Error(`could not create a verdaccio user (HTTP ${response.status}):\n${server.output}`);
  const npmrc = join(dir, 'npmrc');
  writeFileSync(npmrc, `registry=${url}/\n//127.0.0.1:${port}/:_authToken=${token}\n`);
  return {
    url,
    npmrc,
    token,
    async stop() {
      await server.stop(5_000);
    },
  };
}
