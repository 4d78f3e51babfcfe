import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importCycles } from '../src/import-cycles.js';
import { sourceFiles } from '../src/source-files.js';
import { explicitAny, longFunctions } from '../src/source-rules.js';

const repo = mkdtempSync(join(tmpdir(), 'net-server-lint-'));
afterAll(() => rmSync(repo, { recursive: true, force: true }));

function write(path: string, text: string): void {
  mkdirSync(dirname(join(repo, path)), { recursive: true });
  writeFileSync(join(repo, path), text);
}

const body = (lines: number): string => Array.from({ length: lines }, (_, i) => `  const v${i} = ${i};`).join('\n');

write('packages/a/src/plugin.ts', "import type { Callbacks } from './rpc/callbacks.js';\nexport class Plugin { callbacks?: Callbacks }\n");
write('packages/a/src/rpc/callbacks.ts', "import { type Plugin } from '../plugin.js';\nexport interface Callbacks { plugin: Plugin }\n");
write('packages/a/src/types.ts', "export type Lazy = import('./lazy/index.js').Lazy;\n");
write('packages/a/src/lazy/index.ts', "export type { Lazy } from './lazy.js';\n");
write('packages/a/src/lazy/lazy.ts', "export type Lazy = import('../types.js').Lazy | string;\nexport const load = () => import('./lazy.js');\n");
write('packages/a/src/self.ts', "export const self = () => import('./self.js');\n");
write('packages/a/src/clean.ts', "import { Plugin } from './plugin.js';\nexport const plugin = new Plugin();\n");
write(
  'packages/a/src/long.ts',
  `export function long(): void {\n${body(79)}\n}\nexport const fine = (): void => {\n${body(78)}\n  // a comment\n\n  /*\n   * and a block\n   */\n};\n`,
);
write('packages/a/src/template.ts', `export function template(): string {\n  return \`\n${body(100)}\n\`;\n}\n`);
write('packages/a/src/db/migrations.ts', `export function up(): void {\n${body(120)}\n}\n`);
write('tools/t/src/scenario.ts', `export function scenario(x: any): void {\n${body(90)}\n}\n`);
write('packages/a/src/types.d.ts', 'export declare const ignored: any;\n');

describe('the guard rails on a tree that breaks them', () => {
  const files = sourceFiles(repo);

  it('reads packages/*/src and tools/*/src, declarations aside', () => {
    expect(files.map((file) => file.path).sort()).toEqual([
      'packages/a/src/clean.ts',
      'packages/a/src/db/migrations.ts',
      'packages/a/src/lazy/index.ts',
      'packages/a/src/lazy/lazy.ts',
      'packages/a/src/long.ts',
      'packages/a/src/plugin.ts',
      'packages/a/src/rpc/callbacks.ts',
      'packages/a/src/self.ts',
      'packages/a/src/template.ts',
      'packages/a/src/types.ts',
      'tools/t/src/scenario.ts',
    ]);
  });

  it('finds type-only cycles, through index files, import() types and dynamic imports, and self-imports', () => {
    expect(importCycles(files, repo)).toEqual(
      expect.arrayContaining([
        ['packages/a/src/plugin.ts', 'packages/a/src/rpc/callbacks.ts'],
        ['packages/a/src/lazy/index.ts', 'packages/a/src/lazy/lazy.ts', 'packages/a/src/types.ts'],
        ['packages/a/src/self.ts'],
      ]),
    );
    expect(importCycles(files, repo)).toHaveLength(3);
  });

  it('finds functions over 80 lines of code (signature and closing brace included) in packages, template text, comments, migrations and tools aside', () => {
    expect(longFunctions(files)).toEqual([{ at: 'packages/a/src/long.ts:1', what: 'long: 81 lines' }]);
  });

  it('finds any', () => {
    expect(explicitAny(files)).toEqual([{ at: 'tools/t/src/scenario.ts:1', what: 'any' }]);
  });
});
