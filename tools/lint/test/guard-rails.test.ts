import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importCycles } from '../src/import-cycles.js';
import { sourceFiles } from '../src/source-files.js';
import { explicitAny, longFunctions } from '../src/source-rules.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const files = sourceFiles(repo);

describe('the guard rails every package is held to', () => {
  it('reads the whole tree', () => {
    expect(files.length).toBeGreaterThan(500);
    expect(files.some((file) => file.path === 'packages/net-server/src/index.ts')).toBe(true);
  });

  it('has no import cycle between source modules, type imports included', () => {
    expect(importCycles(files, repo)).toEqual([]);
  });

  it('has no function over 80 lines of code in a package', () => {
    expect(longFunctions(files)).toEqual([]);
  });

  it('writes no `any`', () => {
    expect(explicitAny(files)).toEqual([]);
  });
});
