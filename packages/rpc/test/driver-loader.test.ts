import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '@net-server/lib';
import { DriverLoadFailure, RpcClient, TRANSPORTS_NAMESPACE, Target, getRpcTransport } from '@net-server/rpc';

// An application directory with third-party transport packages installed.
let root: string;

function installPackage(name: string, entries: Record<string, string>, files: Record<string, string>): void {
  const dir = join(root, 'node_modules', ...name.split('/'));
  mkdirSync(dir, { recursive: true });
  const manifest = { name, version: '1.0.0', type: 'module', entryPoints: { [TRANSPORTS_NAMESPACE]: entries } };
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest));
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'rpc-driver-loader-'));
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'app', version: '0.0.0' }));
  installPackage(
    '@acme/rpc-echo',
    { echo: './driver.js:echoDriver' },
    {
      'driver.js': `export const echoDriver = (url, options) => ({
        send: async (target, context, message) => ({ result: { scheme: url.scheme, exchange: options.controlExchange, method: message.method, host: url.hosts[0].hostname } }),
        listen: async () => ({ stop: async () => {} }),
        cleanup: async () => {},
      });`,
    },
  );
  installPackage('rpc-broken', { broken: './missing.js:nothing', notfn: './value.js:value' }, { 'value.js': 'export const value = 42;' });
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('driver lookup through installed entry points', () => {
  it('loads the driver an installed package declares for the scheme', async () => {
    const transport = await getRpcTransport({ transport_url: 'echo://user:pw@broker-1/', control_exchange: 'neutron' }, { root, logger: silentLogger });
    await expect(new RpcClient(transport, new Target({ topic: 't' })).call({}, 'hello')).resolves.toEqual({
      scheme: 'echo',
      exchange: 'neutron',
      method: 'hello',
      host: 'broker-1',
    });
    await transport.cleanup();
  });

  it('names every installed transport when the scheme has none', async () => {
    const error = await getRpcTransport('nats://u:pw@h/', { root, logger: silentLogger }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DriverLoadFailure);
    const failure = error as DriverLoadFailure;
    expect(failure.installed).toEqual(expect.arrayContaining(['echo', 'memory', 'broken', 'notfn']));
    expect(failure.message).toMatch(/No RPC transport driver for scheme "nats".*Installed transports: .*echo/);
    expect(failure.message).not.toContain(':pw@');
  });

  it('reports a declared driver that fails to load, and one that is not a factory', async () => {
    const broken = await getRpcTransport('broken://', { root, logger: silentLogger }).catch((e: unknown) => e);
    expect(broken).toBeInstanceOf(DriverLoadFailure);
    expect((broken as Error).message).toMatch(/scheme "broken".*failed to load: /);
    const notFn = await getRpcTransport('notfn://', { root, logger: silentLogger }).catch((e: unknown) => e);
    expect(notFn).toMatchObject({ code: 'DriverLoadFailure' });
    expect((notFn as Error).message).toContain('exports number, not a DriverFactory function');
  });

  it('prefers explicitly given drivers over installed ones', async () => {
    const transport = await getRpcTransport('echo://', {
      root,
      logger: silentLogger,
      drivers: {
        echo: () => ({
          send: async () => ({ result: 'explicit' }),
          listen: async () => ({ stop: async () => undefined }),
          cleanup: async () => undefined,
        }),
      },
    });
    await expect(new RpcClient(transport, new Target({ topic: 't' })).call({}, 'm')).resolves.toBe('explicit');
  });
});
