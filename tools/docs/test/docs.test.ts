import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createLogger } from '@net-server/lib';
import { databaseOptions, loadConfig, parseConnectionUrl } from 'net-server';
import { afterAll, describe, expect, it } from 'vitest';
import { docBlocks } from './doc-blocks.js';

const run = promisify(execFile);
const here = fileURLToPath(new URL('..', import.meta.url));
const repo = resolve(here, '../..');
const userGuide = join(repo, 'docs/user-guide.md');
const authorGuide = join(repo, 'docs/plugin-author-guide.md');
const work = mkdtempSync(join(tmpdir(), 'docs-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the user guide', () => {
  const blocks = docBlocks(userGuide).filter((block) => block.lang === 'ini');

  it('has configuration examples to check', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(3);
  });

  it.each(blocks.map((block) => [block.line, block] as const))('loads the configuration at line %i without an error or a warning', async (line, block) => {
    const file = join(work, `user-guide-${line}.conf`);
    writeFileSync(file, block.code);
    const warnings: string[] = [];
    const logger = createLogger({
      level: 'warn',
      write: (text) => warnings.push(String((JSON.parse(text) as { msg: unknown }).msg)),
    });
    // Options of net-server and of the packages installed for this check (ML2).
    const config = await loadConfig({ configFiles: [file], plugins: { root: here }, env: {}, logger });
    expect(warnings).toEqual([]);
    expect(config.value('DEFAULT', 'core_plugin')).toBe('ml2');
    // The database URL is one the server opens (SQLite, PostgreSQL, MySQL), not only a string the option takes.
    expect(parseConnectionUrl(config.get('database', databaseOptions.connection), work).dialect).toMatch(/^(sqlite|postgres|mysql)$/);
  });
});

describe('the plugin author guide', () => {
  const text = readFileSync(authorGuide, 'utf8');
  const blocks = docBlocks(authorGuide);
  const namespaces = [...text.matchAll(/^\| `(net_server\.[a-z0-9_.]+)` \|/gm)].map((match) => match[1]);

  it('documents the namespaces of the design', () => {
    expect(namespaces).toEqual(
      expect.arrayContaining([
        'net_server.core_plugins',
        'net_server.service_plugins',
        'net_server.ml2.type_drivers',
        'net_server.ml2.mechanism_drivers',
        'net_server.ml2.extension_drivers',
        'net_server.ipam_drivers',
        'net_server.rpc.transports',
        'net_server.db.migrations',
        'net_server.api.extensions',
        'net_server.policies',
        'net_server.config.opts',
      ]),
    );
  });

  it('declares entry points in documented namespaces with module:export values', () => {
    const manifests = blocks.filter((block) => block.lang === 'json');
    expect(manifests.length).toBeGreaterThan(0);
    for (const block of manifests) {
      const manifest = JSON.parse(block.code) as { entryPoints: Record<string, Record<string, string>> };
      for (const [namespace, entries] of Object.entries(manifest.entryPoints)) {
        expect(namespaces, `line ${block.line}`).toContain(namespace);
        for (const value of Object.values(entries)) expect(value).toMatch(/^\.\/dist\/[\w/-]+\.js(:\w+)?$/);
      }
    }
  });

  it('has TypeScript examples that type-check against the published packages', async () => {
    const sources = blocks.filter((block) => block.lang === 'ts');
    expect(sources.length).toBeGreaterThanOrEqual(4);
    const dir = join(work, 'ts');
    const files = sources.map((block) => `example-line-${block.line}.ts`);
    // Each example is its own module resolving packages as an author's project would.
    symlinkSync(join(here, 'node_modules'), join(work, 'node_modules'), 'dir');
    await run('mkdir', ['-p', dir]);
    sources.forEach((block, index) => writeFileSync(join(dir, files[index]!), block.code));
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }');
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: ['node'],
          typeRoots: [join(repo, 'node_modules/@types')],
        },
        files,
      }),
    );
    const tsc = join(repo, 'node_modules/typescript/bin/tsc');
    const result = await run(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')], { cwd: dir, timeout: 120_000 }).catch((error: { stdout?: string }) => ({
      stdout: error.stdout ?? String(error),
    }));
    expect(result.stdout).toBe('');
  }, 150_000);
});
