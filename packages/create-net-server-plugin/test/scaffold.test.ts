import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { main, PLUGIN_KINDS, scaffold, type PluginKind } from 'create-net-server-plugin';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const RANGES = { '@net-server/lib': '^1.2.0', 'net-server': '^1.3.0', '@net-server/ml2': '^1.4.0', '@net-server/testkit': '^1.5.0' };
const work = mkdtempSync(join(tmpdir(), 'create-plugin-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Manifest {
  name: string;
  entryPoints: Record<string, Record<string, string>>;
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}

const NAMESPACE: Record<PluginKind, string> = {
  'mechanism-driver': 'net_server.ml2.mechanism_drivers',
  'type-driver': 'net_server.ml2.type_drivers',
  'service-plugin': 'net_server.service_plugins',
  'core-plugin': 'net_server.core_plugins',
};

/**
 * Installs the scaffolded package's dependencies as links to the workspace's
 * packages and tools (what `npm install` would put there from the registry).
 */
function linkDependencies(dir: string): void {
  const links: Record<string, string> = {
    '@net-server/lib': 'packages/lib',
    'net-server': 'packages/net-server',
    '@net-server/ml2': 'packages/ml2',
    '@net-server/testkit': 'packages/testkit',
    tsup: 'node_modules/tsup',
    typescript: 'node_modules/typescript',
    vitest: 'node_modules/vitest',
    '@types/node': 'node_modules/@types/node',
  };
  for (const [name, target] of Object.entries(links)) {
    const link = join(dir, 'node_modules', name);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(join(repo, target), link, 'dir');
  }
}

const SHORT: Record<PluginKind, string> = { 'mechanism-driver': 'mech', 'type-driver': 'type', 'service-plugin': 'service', 'core-plugin': 'core' };

describe.each(PLUGIN_KINDS)('scaffolding a %s', (kind) => {
  // The alias comes from the name without its net-server- and kind prefixes.
  const dir = join(work, `net-server-${SHORT[kind]}-acme`);
  const result = scaffold({ directory: dir, kind, ranges: RANGES });
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;

  it('writes a package whose entry point names a built module of an entry source', () => {
    expect(result.alias).toBe('acme');
    expect(manifest.name).toBe(`net-server-${SHORT[kind]}-acme`);
    const value = manifest.entryPoints[NAMESPACE[kind]]?.['acme'];
    expect(value).toMatch(/^\.\/dist\/entries\/[a-z]+\.js:[A-Z][A-Za-z]+$/);
    const [module, exported] = value!.split(':');
    const source = join(dir, module!.replace('./dist/', 'src/').replace(/\.js$/, '.ts'));
    expect(readFileSync(source, 'utf8')).toContain(exported);
    expect(result.files).toEqual(
      expect.arrayContaining(['package.json', 'tsconfig.json', 'tsup.config.ts', 'vitest.config.ts', 'README.md', '.changeset/config.json', 'src/index.ts', 'test/acme.test.ts']),
    );
    expect(readFileSync(join(dir, 'test/acme.test.ts'), 'utf8')).toContain('@net-server/testkit');
  });

  it('depends on the published API only, with build, test and release scripts', () => {
    expect(manifest.dependencies).toEqual({ '@net-server/lib': '^1.2.0' });
    const drivers = kind === 'mechanism-driver' || kind === 'type-driver';
    expect(manifest.peerDependencies).toEqual(drivers ? { 'net-server': '^1.3.0', '@net-server/ml2': '^1.4.0' } : { 'net-server': '^1.3.0' });
    expect(manifest.devDependencies).toMatchObject({ '@net-server/testkit': '^1.5.0', tsup: expect.any(String), vitest: expect.any(String), '@changesets/cli': expect.any(String) });
    expect(manifest.scripts).toMatchObject({ build: 'tsup', test: 'vitest run', release: 'npm run build && changeset publish' });
    expect(readFileSync(join(dir, '.changeset/initial-release.md'), 'utf8')).toContain(`"net-server-${SHORT[kind]}-acme": minor`);
  });

  it('type-checks against the real packages', async () => {
    linkDependencies(dir);
    await expect(run(process.execPath, [join(repo, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', 'tsconfig.json'], { cwd: dir, timeout: 120_000 })).resolves.toBeDefined();
  }, 120_000);
});

describe.each(PLUGIN_KINDS)('a scaffolded %s', (kind) => {
  it('builds and passes its own tests', async () => {
    const dir = join(work, `net-server-${SHORT[kind]}-built`);
    // The real ranges: the server refuses a plugin declaring a peer range the running net-server is outside.
    scaffold({ directory: dir, kind, alias: 'gadgets' });
    linkDependencies(dir);
    await run(process.execPath, [join(repo, 'node_modules/tsup/dist/cli-default.js')], { cwd: dir, timeout: 120_000 });
    expect(existsSync(join(dir, 'dist/index.js'))).toBe(true);
    const { stdout } = await run(process.execPath, [join(repo, 'node_modules/vitest/vitest.mjs'), 'run'], { cwd: dir, timeout: 120_000, env: { ...process.env, NO_COLOR: '1' } });
    expect(stdout).toMatch(/Tests\s+\d+ passed \(\d+\)/);
    expect(stdout).not.toMatch(/failed|skipped/);
  }, 240_000);
});

describe('the command line', () => {
  function invoke(args: string[]): { status: number; stdout: string; stderr: string } {
    let stdout = '';
    let stderr = '';
    const status = main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: work });
    return { status, stdout, stderr };
  }

  it('explains itself with --help', () => {
    const { status, stdout } = invoke(['--help']);
    expect(status).toBe(0);
    for (const kind of PLUGIN_KINDS) expect(stdout).toContain(kind);
  });

  it('creates a package in a directory relative to the working directory', () => {
    const { status, stdout } = invoke(['cli-made', '--kind', 'core-plugin', '--name', '@acme/net-server-core-made', '--alias', 'made']);
    expect(status).toBe(0);
    expect(stdout).toContain('Created @acme/net-server-core-made, a net-server core plugin named "made"');
    expect(JSON.parse(readFileSync(join(work, 'cli-made/package.json'), 'utf8'))).toMatchObject({ name: '@acme/net-server-core-made' });
  });

  it('refuses bad usage with status 2 and a reason', () => {
    expect(invoke(['x'])).toMatchObject({ status: 2, stderr: expect.stringContaining('--kind is required') });
    expect(invoke(['x', '--kind', 'router'])).toMatchObject({ status: 2, stderr: expect.stringContaining('unknown kind "router"') });
    expect(invoke(['--kind', 'core-plugin'])).toMatchObject({ status: 2, stderr: expect.stringContaining('exactly one directory') });
    expect(invoke(['Bad Name', '--kind', 'core-plugin'])).toMatchObject({ status: 2, stderr: expect.stringContaining('SCAFFOLD_BAD_NAME') });
    mkdirSync(join(work, 'taken'));
    writeFileSync(join(work, 'taken/file'), 'keep me');
    expect(invoke(['taken', '--kind', 'core-plugin'])).toMatchObject({ status: 2, stderr: expect.stringContaining('SCAFFOLD_NOT_EMPTY') });
    expect(readFileSync(join(work, 'taken/file'), 'utf8')).toBe('keep me');
  });
});
