import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/*
 * The peer-range policy: before 1.0, plugins peer-depend on any 0.x of
 * net-server and @net-server/lib, and changesets bumps a peer dependent only
 * when a release leaves its range. So a minor release of the core must not
 * turn every plugin into a major. Checked by running `changeset version` on
 * a copy of the workspace's manifests and changeset config.
 */
const repo = fileURLToPath(new URL('../../..', import.meta.url));
const changesetBin = join(repo, 'node_modules/@changesets/cli/bin.js');
const work = mkdtempSync(join(tmpdir(), 'net-server-versions-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  peerDependencies?: Record<string, string>;
}

const read = (file: string): Manifest => JSON.parse(readFileSync(file, 'utf8')) as Manifest;

function copyWorkspace(target: string): Map<string, string> {
  const manifests = new Map<string, string>();
  for (const group of ['packages', 'examples']) {
    for (const dir of readdirSync(join(repo, group))) {
      const from = join(repo, group, dir, 'package.json');
      const to = join(target, group, dir, 'package.json');
      mkdirSync(dirname(to), { recursive: true });
      cpSync(from, to);
      manifests.set(read(from).name, to);
    }
  }
  for (const file of ['package.json', 'pnpm-workspace.yaml', '.changeset/config.json']) {
    mkdirSync(dirname(join(target, file)), { recursive: true });
    cpSync(join(repo, file), join(target, file));
  }
  return manifests;
}

describe('changeset version under the 0.x peer-range policy', () => {
  it('gives plugins a minor bump, not a major, when net-server and @net-server/lib release a minor', () => {
    const root = join(work, 'minor');
    const manifests = copyWorkspace(root);
    const before = new Map([...manifests].map(([name, file]) => [name, read(file)]));
    writeFileSync(join(root, '.changeset/core-minor.md'), '---\n"net-server": minor\n"@net-server/lib": minor\n---\n\nA new API.\n');
    execFileSync(process.execPath, [changesetBin, 'version'], { cwd: root, stdio: 'pipe', env: { ...process.env, CI: '1' } });

    const peerDependents = [...before.values()].filter((manifest) => !manifest.private && manifest.peerDependencies?.['net-server'] !== undefined);
    expect(peerDependents.map((manifest) => manifest.name)).toEqual(expect.arrayContaining(['@net-server/ml2', '@net-server/l3']));
    for (const manifest of peerDependents) expect(manifest.peerDependencies?.['net-server'], manifest.name).toBe('workspace:>=0.0.0 <1.0.0');
    for (const [name, file] of manifests) {
      const [major, minor] = read(file).version.split('.').map(Number);
      const [oldMajor] = before.get(name)!.version.split('.').map(Number);
      expect({ name, major }).toEqual({ name, major: oldMajor });
      if (name === 'net-server' || name === '@net-server/lib') expect(minor, name).toBe(1);
    }
  });
});
