import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { main, PLUGIN_KINDS, rangesFromManifest, scaffold, type PluginKind } from 'create-net-server-plugin';
import { buildIfStale } from '@net-server/testkit';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const RANGES = { '@net-server/lib': '^1.2.0', 'net-server': '^1.3.0', '@net-server/ml2': '^1.4.0', '@net-server/testkit': '^1.5.0' };
const work = mkdtempSync(join(tmpdir(), 'create-plugin-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Manifest {
  name: string;
  keywords: string[];
  license: string;
  author?: string;
  files: string[];
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
      expect.arrayContaining([
        'package.json',
        'tsconfig.json',
        'tsup.config.ts',
        'vitest.config.ts',
        'README.md',
        '.changeset/config.json',
        'src/index.ts',
        'test/acme.test.ts',
      ]),
    );
    expect(readFileSync(join(dir, 'test/acme.test.ts'), 'utf8')).toContain('@net-server/testkit');
  });

  it('depends on the published API only, with build, test and release scripts', () => {
    expect(manifest.dependencies).toEqual({ '@net-server/lib': '^1.2.0' });
    const drivers = kind === 'mechanism-driver' || kind === 'type-driver';
    expect(manifest.peerDependencies).toEqual(drivers ? { 'net-server': '^1.3.0', '@net-server/ml2': '^1.4.0' } : { 'net-server': '^1.3.0' });
    expect(manifest.devDependencies).toMatchObject({
      '@net-server/testkit': '^1.5.0',
      tsup: expect.any(String),
      vitest: expect.any(String),
      '@changesets/cli': expect.any(String),
    });
    expect(manifest.scripts).toMatchObject({ build: 'tsup', test: 'vitest run', release: 'npm run build && changeset publish' });
    expect(readFileSync(join(dir, '.changeset/initial-release.md'), 'utf8')).toContain(`"net-server-${SHORT[kind]}-acme": minor`);
  });

  it('is found by the net-server-plugin keyword and ships an Apache-2.0 LICENSE with the year', () => {
    expect(manifest.keywords).toEqual(expect.arrayContaining(['net-server-plugin', 'net-server']));
    expect(manifest.license).toBe('Apache-2.0');
    expect(manifest.author).toBeUndefined();
    expect(manifest.files).toEqual(['dist', 'README.md', 'LICENSE']);
    const license = readFileSync(join(dir, 'LICENSE'), 'utf8');
    expect(license).toContain('Apache License\n                           Version 2.0, January 2004');
    expect(license).toContain(`   Copyright ${new Date().getFullYear()} the net-server-${SHORT[kind]}-acme authors\n`);
    expect(license).not.toContain('[yyyy]');
  });

  it('type-checks against the real packages', async () => {
    linkDependencies(dir);
    await expect(
      run(process.execPath, [join(repo, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', 'tsconfig.json'], { cwd: dir, timeout: 120_000 }),
    ).resolves.toBeDefined();
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
    const { stdout } = await run(process.execPath, [join(repo, 'node_modules/vitest/vitest.mjs'), 'run'], {
      cwd: dir,
      timeout: 120_000,
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(stdout).toMatch(/Tests\s+\d+ passed \(\d+\)/);
    expect(stdout).not.toMatch(/failed|skipped/);
  }, 240_000);
});

describe('a scaffolded service plugin', () => {
  it('serves its collection under a path prefix of its own, as neutron serves those of service plugins', () => {
    const dir = join(work, 'net-server-service-widgets');
    scaffold({ directory: dir, kind: 'service-plugin', ranges: RANGES });
    expect(readFileSync(join(dir, 'src/definitions.ts'), 'utf8')).toContain("apiPrefix: '/widgets',");
    expect(readFileSync(join(dir, 'test/widgets.test.ts'), 'utf8')).toContain("server.client.post('/v2.0/widgets/widgets'");
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toContain('It serves `/v2.0/widgets/widgets`');
    const underscored = join(work, 'net-server-service-acme-fw');
    scaffold({ directory: underscored, kind: 'service-plugin', ranges: RANGES });
    expect(readFileSync(join(underscored, 'src/definitions.ts'), 'utf8')).toContain("apiPrefix: '/acme-fw',");
  });
});

describe('the ranges on net-server packages', () => {
  it('are those publishing wrote into the generator, or ^ the linked version in the monorepo', () => {
    const published = { 'net-server': '^0.1.0', '@net-server/lib': '^0.1.0', '@net-server/ml2': '^0.1.2', '@net-server/testkit': '^0.1.0' };
    expect(rangesFromManifest(published, () => '9.9.9')).toEqual(published);
    const workspace = { 'net-server': 'workspace:^', '@net-server/lib': 'workspace:^', '@net-server/ml2': 'workspace:^', '@net-server/testkit': 'workspace:^' };
    expect(rangesFromManifest(workspace, (name) => (name === 'net-server' ? '0.1.0' : '0.1.4'))).toEqual({
      'net-server': '^0.1.0',
      '@net-server/lib': '^0.1.4',
      '@net-server/ml2': '^0.1.4',
      '@net-server/testkit': '^0.1.4',
    });
  });
});

function sink(): { write: (text: string) => void; text: () => string } {
  let text = '';
  return { write: (chunk) => (text += chunk), text: () => text };
}

describe('the command line', () => {
  async function invoke(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
    const stdout = sink();
    const stderr = sink();
    const status = await main(args, { stdout: stdout.write, stderr: stderr.write, cwd: work });
    return { status, stdout: stdout.text(), stderr: stderr.text() };
  }

  it('explains itself with --help', async () => {
    const { status, stdout } = await invoke(['--help']);
    expect(status).toBe(0);
    for (const kind of PLUGIN_KINDS) expect(stdout).toContain(kind);
    expect(stdout).toContain('--license <id>');
  });

  it('creates a package in a directory relative to the working directory, with the author and license given', async () => {
    const { status, stdout } = await invoke([
      'cli-made',
      '--kind',
      'core-plugin',
      '--name',
      '@acme/net-server-core-made',
      '--alias',
      'made',
      '--author',
      'Acme Networks',
      '--license',
      'mit',
    ]);
    expect(status).toBe(0);
    expect(stdout).toContain('Created @acme/net-server-core-made, a net-server core plugin named "made" (MIT)');
    expect(JSON.parse(readFileSync(join(work, 'cli-made/package.json'), 'utf8'))).toMatchObject({
      name: '@acme/net-server-core-made',
      author: 'Acme Networks',
      license: 'MIT',
    });
    const license = readFileSync(join(work, 'cli-made/LICENSE'), 'utf8');
    expect(license.split('\n').slice(0, 3)).toEqual(['MIT License', '', `Copyright (c) ${new Date().getFullYear()} Acme Networks`]);
  });

  it('without a terminal, refuses missing arguments with status 2, naming what to pass', async () => {
    const none = await invoke([]);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('missing <directory> and --kind <mechanism-driver|type-driver|service-plugin|core-plugin>: pass them');
    expect(none.stderr).toContain('npm create net-server-plugin net-server-mech-acme -- --kind mechanism-driver');
    expect(none.stderr).toContain('or run in a terminal to be asked');
    expect(await invoke(['x'])).toMatchObject({ status: 2, stderr: expect.stringContaining('missing --kind <') });
    expect(await invoke(['--kind', 'core-plugin'])).toMatchObject({ status: 2, stderr: expect.stringContaining('missing <directory>: pass it') });
    expect(existsSync(join(work, 'x'))).toBe(false);
  });

  it('refuses bad usage with status 2 and a reason', async () => {
    expect(await invoke(['x', '--kind', 'router'])).toMatchObject({ status: 2, stderr: expect.stringContaining('unknown kind "router"') });
    expect(await invoke(['x', 'y', '--kind', 'core-plugin'])).toMatchObject({ status: 2, stderr: expect.stringContaining('give one directory') });
    expect(await invoke(['Bad Name', '--kind', 'core-plugin'])).toMatchObject({ status: 2, stderr: expect.stringContaining('SCAFFOLD_BAD_NAME') });
    expect(await invoke(['x', '--kind', 'core-plugin', '--license', 'GPL-3.0'])).toMatchObject({
      status: 2,
      stderr: expect.stringContaining('SCAFFOLD_BAD_LICENSE'),
    });
    mkdirSync(join(work, 'taken'));
    writeFileSync(join(work, 'taken/file'), 'keep me');
    expect(await invoke(['taken', '--kind', 'core-plugin'])).toMatchObject({ status: 2, stderr: expect.stringContaining('SCAFFOLD_NOT_EMPTY') });
    expect(readFileSync(join(work, 'taken/file'), 'utf8')).toBe('keep me');
  });
});

/**
 * The questions, answered through an input stream as a person would: each
 * answer is typed once its question has been shown.
 */
async function converse(
  args: string[],
  script: readonly (readonly [question: string, answer: string | null])[],
  cwd: string,
): Promise<{ status: number; shown: string; stdout: string; stderr: string }> {
  const input = new PassThrough();
  const output = new PassThrough();
  let shown = '';
  const stdout = sink();
  const stderr = sink();
  output.on('data', (chunk: Buffer) => (shown += chunk.toString()));
  const status = main(args, { stdout: stdout.write, stderr: stderr.write, cwd, prompt: { input, output, interactive: true } });
  let from = 0;
  for (const [question, answer] of script) {
    const deadline = Date.now() + 5_000;
    while (shown.indexOf(question, from) < 0) {
      if (Date.now() > deadline) throw new Error(`never asked "${question}"; shown:\n${shown}`);
      await new Promise((wait) => setTimeout(wait, 5));
    }
    from = shown.indexOf(question, from) + question.length;
    if (answer === null) input.end();
    else input.write(`${answer}\n`);
  }
  return { status: await status, shown, stdout: stdout.text(), stderr: stderr.text() };
}

describe('the questions for what the command line left out', () => {
  it('asks for the directory, kind, author and license, re-asking after a refused answer', async () => {
    const cwd = join(work, 'asked');
    mkdirSync(join(cwd, 'occupied'), { recursive: true });
    writeFileSync(join(cwd, 'occupied/file'), 'keep me');
    const { status, shown, stdout } = await converse(
      [],
      [
        ['? Directory to create the package in (net-server-plugin): ', 'occupied'],
        ['occupied is not empty: choose a new directory', 'net-server-service-gadgets'],
        ['? Kind of plugin', 'router'],
        ['"router" is not one of them: answer 1-4 or a name.', '3'],
        ['? Author, for package.json and LICENSE (Enter for none): ', 'Jane Doe <jane@example.org>'],
        ['? License', ''],
      ],
      cwd,
    );
    expect(status, shown).toBe(0);
    expect(shown).toContain('  3. service-plugin    a service plugin with its API extension (net_server.service_plugins)');
    expect(stdout).toContain('Created net-server-service-gadgets, a net-server service plugin named "gadgets" (Apache-2.0)');
    const dir = join(cwd, 'net-server-service-gadgets');
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))).toMatchObject({
      author: 'Jane Doe <jane@example.org>',
      license: 'Apache-2.0',
      keywords: expect.arrayContaining(['net-server-plugin']),
    });
    expect(readFileSync(join(dir, 'LICENSE'), 'utf8')).toContain(`   Copyright ${new Date().getFullYear()} Jane Doe <jane@example.org>\n`);
    expect(readFileSync(join(cwd, 'occupied/file'), 'utf8')).toBe('keep me');
  });

  it('asks only for what is missing, and for a package name when the directory name is not one', async () => {
    const cwd = join(work, 'asked-name');
    mkdirSync(cwd, { recursive: true });
    const { status, shown } = await converse(
      ['My Switch', '--author', 'Acme', '--license', 'MIT'],
      [
        ['? Kind of plugin', 'mechanism-driver'],
        ['? Package name (my-switch): ', ''],
      ],
      cwd,
    );
    expect(status, shown).toBe(0);
    expect(shown).not.toContain('? Directory');
    expect(shown).not.toContain('? Author');
    expect(shown).not.toContain('? License');
    expect(JSON.parse(readFileSync(join(cwd, 'My Switch/package.json'), 'utf8'))).toMatchObject({
      name: 'my-switch',
      license: 'MIT',
      author: 'Acme',
      entryPoints: { 'net_server.ml2.mechanism_drivers': { my_switch: expect.any(String) } },
    });
  });

  it('takes answers that arrive before their questions (pasted), and asks nothing when everything is given', async () => {
    const cwd = join(work, 'pasted');
    mkdirSync(cwd, { recursive: true });
    const input = new PassThrough();
    const output = new PassThrough();
    input.end('pasted-plugin\ncore-plugin\n\n2\n');
    const out = sink();
    const status = await main([], { stdout: out.write, stderr: out.write, cwd, prompt: { input, output, interactive: true } });
    expect(status, out.text()).toBe(0);
    expect(JSON.parse(readFileSync(join(cwd, 'pasted-plugin/package.json'), 'utf8'))).toMatchObject({
      license: 'MIT',
      entryPoints: { 'net_server.core_plugins': { pasted_plugin: expect.any(String) } },
    });
    expect(JSON.parse(readFileSync(join(cwd, 'pasted-plugin/package.json'), 'utf8'))).not.toHaveProperty('author');

    const quiet = new PassThrough();
    const all = await main(['given', '--kind', 'type-driver'], {
      stdout: out.write,
      stderr: out.write,
      cwd,
      prompt: { input: new PassThrough(), output: quiet, interactive: true },
    });
    expect(all).toBe(0);
    expect(quiet.read()).toBeNull();
  });

  it('stops with status 130 and writes nothing when the input ends before the answers', async () => {
    const cwd = join(work, 'stopped');
    mkdirSync(cwd, { recursive: true });
    const { status, stderr } = await converse(
      [],
      [
        ['? Directory to create the package in', 'half-done'],
        ['? Kind of plugin', null],
      ],
      cwd,
    );
    expect(status).toBe(130);
    expect(stderr).toContain('stopped: nothing was written.');
    expect(readdirSync(cwd)).toEqual([]);
  });
});

describe('npm create net-server-plugin at a terminal', () => {
  const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');

  /**
   * The built bin in a pseudo-terminal (util-linux `script`), so that stdin
   * and stdout are TTYs as under `npm create`; keys are sent once the
   * question they answer is on the screen.
   */
  async function atTerminal(cwd: string, keys: readonly (readonly [question: string, keys: string])[]): Promise<{ code: number | null; screen: string }> {
    buildIfStale(packageDir, { command: [process.execPath, join(repo, 'node_modules/tsup/dist/cli-default.js'), '--config', '../../tsup.config.ts'] });
    const child = spawn('script', ['-qefc', `${JSON.stringify(process.execPath)} ${JSON.stringify(join(packageDir, 'dist/bin.js'))}`, '/dev/null'], {
      cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let screen = '';
    child.stdout.on('data', (chunk: Buffer) => (screen += chunk.toString()));
    const exited = new Promise<number | null>((resolveExit) => child.on('close', (code) => resolveExit(code)));
    let from = 0;
    for (const [question, typed] of keys) {
      const deadline = Date.now() + 10_000;
      while (screen.indexOf(question, from) < 0) {
        if (Date.now() > deadline) {
          child.kill();
          throw new Error(`never asked "${question}"; screen:\n${screen}`);
        }
        await new Promise((wait) => setTimeout(wait, 20));
      }
      from = screen.indexOf(question, from) + question.length;
      child.stdin.write(typed);
    }
    const code = await exited;
    return { code, screen };
  }

  it('asks in a real terminal and creates the package', async () => {
    const cwd = join(work, 'tty');
    mkdirSync(cwd, { recursive: true });
    const { code, screen } = await atTerminal(cwd, [
      ['? Directory to create the package in (net-server-plugin): ', 'net-server-type-tty\r'],
      ['  Number or name (1): ', '2\r'],
      ['? Author, for package.json and LICENSE (Enter for none): ', '\r'],
      ['  Number or name (1): ', '\r'],
    ]);
    expect(code, screen).toBe(0);
    expect(screen).toContain('Created net-server-type-tty, a net-server type driver named "tty" (Apache-2.0)');
    expect(JSON.parse(readFileSync(join(cwd, 'net-server-type-tty/package.json'), 'utf8'))).toMatchObject({
      entryPoints: { 'net_server.ml2.type_drivers': { tty: expect.any(String) } },
    });
  }, 60_000);

  it('stops on Ctrl-C with status 130, leaving nothing behind', async () => {
    const cwd = join(work, 'tty-interrupted');
    mkdirSync(cwd, { recursive: true });
    const { code, screen } = await atTerminal(cwd, [
      ['? Directory to create the package in', 'net-server-mech-never\r'],
      ['  Number or name (1): ', '\u0003'],
    ]);
    expect(code, screen).toBe(130);
    expect(screen).toContain('stopped: nothing was written.');
    expect(readdirSync(cwd)).toEqual([]);
  }, 60_000);
});
