import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildIfStale } from '@net-server/testkit';
import { afterEach, describe, expect, it } from 'vitest';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A package whose build copies src/a.txt to dist/a.txt and counts its runs in builds.log. */
function fakePackage(): string {
  const dir = mkdtempSync(join(tmpdir(), 'testkit-build-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src/a.txt'), 'one');
  const script = "const f=require('fs');f.mkdirSync('dist',{recursive:true});f.copyFileSync('src/a.txt','dist/a.txt');f.appendFileSync('builds.log','x')";
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'fake', version: '1.0.0', scripts: { build: `node -e "${script}"` } }));
  return dir;
}

describe('buildIfStale', () => {
  it('builds a package without output, not again while current, and again after a source changes', () => {
    const dir = fakePackage();
    buildIfStale(dir);
    expect(readFileSync(join(dir, 'dist/a.txt'), 'utf8')).toBe('one');
    buildIfStale(dir);
    expect(readFileSync(join(dir, 'builds.log'), 'utf8')).toBe('x');
    writeFileSync(join(dir, 'src/a.txt'), 'two');
    const future = new Date(Date.now() + 10_000);
    utimesSync(join(dir, 'src/a.txt'), future, future);
    buildIfStale(dir);
    expect(readFileSync(join(dir, 'dist/a.txt'), 'utf8')).toBe('two');
    expect(readFileSync(join(dir, 'builds.log'), 'utf8')).toBe('xx');
  });

  it('reports a failing build with its output', () => {
    const dir = fakePackage();
    expect(() => buildIfStale(dir, { command: ['node', '-e', 'console.error("boom"); process.exit(3)'] })).toThrow(
      expect.objectContaining({ code: 'TESTKIT_BUILD_FAILED', message: expect.stringContaining('boom') }),
    );
  });
});
