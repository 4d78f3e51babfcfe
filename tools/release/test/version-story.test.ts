import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/*
 * One version story: what `changeset version` makes of the pending
 * changesets is what gets published, and the plugin author guide and the
 * scaffolder must state the same ranges on it. The first release takes every
 * package from 0.0.0 to 0.1.0 (a minor bump), so the guide says `^0.1.0` and
 * a scaffolded plugin gets `^0.1.0` (the scaffolder's `workspace:^`
 * devDependencies, which publishing rewrites to `^<version>`). Checked on a
 * copy of the manifests, the changeset config and the pending changesets.
 */
const repo = fileURLToPath(new URL('../../..', import.meta.url));
const changesetBin = join(repo, 'node_modules/@changesets/cli/bin.js');
const work = mkdtempSync(join(tmpdir(), 'net-server-version-story-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  devDependencies?: Record<string, string>;
}

const read = (file: string): Manifest => JSON.parse(readFileSync(file, 'utf8')) as Manifest;

/** Name -> manifest of every package under packages/ and examples/ after `changeset version` on a copy. */
const released = new Map<string, Manifest>();
const current = new Map<string, Manifest>();

beforeAll(() => {
  const copies = new Map<string, string>();
  for (const group of ['packages', 'examples']) {
    for (const dir of readdirSync(join(repo, group))) {
      const from = join(repo, group, dir, 'package.json');
      const to = join(work, group, dir, 'package.json');
      mkdirSync(dirname(to), { recursive: true });
      cpSync(from, to);
      current.set(read(from).name, read(from));
      copies.set(read(from).name, to);
    }
  }
  for (const file of ['package.json', 'pnpm-workspace.yaml']) cpSync(join(repo, file), join(work, file));
  cpSync(join(repo, '.changeset'), join(work, '.changeset'), { recursive: true });
  execFileSync(process.execPath, [changesetBin, 'version'], { cwd: work, stdio: 'pipe', env: { ...process.env, CI: '1' } });
  for (const [name, file] of copies) released.set(name, read(file));
}, 60_000);

const parse = (version: string): [number, number, number] => version.split('.').map(Number) as [number, number, number];

describe('the next release', () => {
  it('publishes no package at 0.0.0 and stays before 1.0', () => {
    const publishable = [...released.values()].filter((manifest) => !manifest.private);
    expect(publishable.length).toBeGreaterThanOrEqual(15);
    for (const manifest of publishable) {
      const [major, minor] = parse(manifest.version);
      expect({ name: manifest.name, major }).toEqual({ name: manifest.name, major: 0 });
      expect(minor, `${manifest.name} would be published at ${manifest.version}`).toBeGreaterThanOrEqual(1);
    }
  });

  it('takes every package still at 0.0.0 to exactly 0.1.0 (the first release is a minor bump)', () => {
    for (const [name, manifest] of current) {
      if (manifest.private || manifest.version !== '0.0.0') continue;
      expect({ name, version: released.get(name)!.version }).toEqual({ name, version: '0.1.0' });
    }
  });
});

describe('the ranges a plugin author is told to use', () => {
  const guide = readFileSync(join(repo, 'docs/plugin-author-guide.md'), 'utf8');
  /** `^M.m.0` of the version being released: caret ranges before 1.0 stop at the next minor. */
  const caretOf = (name: string): string => {
    const [major, minor] = parse(released.get(name)!.version);
    return `^${major}.${minor}.0`;
  };

  it('are, in the plugin author guide, the minor being released', () => {
    const peers = /"peerDependencies":\s*(\{[^}]*\})/.exec(guide);
    expect(peers, 'the guide shows a package.json with peerDependencies').not.toBeNull();
    const ranges = JSON.parse(peers![1]!) as Record<string, string>;
    expect(ranges).toEqual({ 'net-server': caretOf('net-server'), '@net-server/ml2': caretOf('@net-server/ml2') });
    // Every other caret range the guide names is the same one.
    for (const [mention] of guide.matchAll(/\^\d+\.\d+\.\d+/g)) expect(mention).toBe(caretOf('net-server'));
  });

  it('are, from the scaffolder, ^ the released versions, within the guide ranges', () => {
    const scaffolder = released.get('create-net-server-plugin')!;
    for (const name of ['net-server', '@net-server/lib', '@net-server/ml2', '@net-server/testkit']) {
      // Publishing rewrites `workspace:^` to `^<version>`: the range the scaffolder writes (rangesFromManifest).
      expect(scaffolder.devDependencies?.[name], `create-net-server-plugin's devDependency on ${name}`).toBe('workspace:^');
      const published = `^${released.get(name)!.version}`;
      expect(published.split('.').slice(0, 2)).toEqual(caretOf(name).split('.').slice(0, 2));
    }
  });
});
