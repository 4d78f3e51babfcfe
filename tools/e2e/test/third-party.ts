import { existsSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { run } from './processes.js';
import type { PublishedManifest, Registry } from './registry.js';

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
}

/** Where Node finds `name` from `dir` (the real path of the installed copy), if anywhere. */
function locate(name: string, from: string): string | undefined {
  for (let current = from; ; current = dirname(current)) {
    const candidate = join(current, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    if (dirname(current) === current) return undefined;
  }
}

/**
 * The installed directories of every third-party package the given
 * workspace packages need at run time, transitively, as the workspace's
 * install resolved them. Workspace packages are left out (they are
 * published from source).
 */
export function thirdPartyClosure(packageDirs: readonly string[], workspaceNames: ReadonlySet<string>): Map<string, string> {
  const found = new Map<string, string>();
  const queue = [...packageDirs];
  const seen = new Set<string>();
  while (queue.length > 0) {
    const dir = queue.shift()!;
    if (seen.has(dir)) continue;
    seen.add(dir);
    const manifest = readManifest(dir);
    const optional = new Set([
      ...Object.keys(manifest.optionalDependencies ?? {}),
      ...Object.entries(manifest.peerDependenciesMeta ?? {})
        .filter(([, meta]) => meta.optional)
        .map(([name]) => name),
    ]);
    const wanted = { ...manifest.peerDependencies, ...manifest.optionalDependencies, ...manifest.dependencies };
    for (const name of Object.keys(wanted)) {
      if (workspaceNames.has(name)) continue;
      const location = locate(name, dir);
      if (!location) {
        if (optional.has(name)) continue;
        throw new Error(`${manifest.name} needs ${name}, which is not installed in the workspace: run pnpm install`);
      }
      const { version } = readManifest(location);
      const key = `${name}@${version}`;
      if (!found.has(key)) {
        found.set(key, location);
        queue.push(location);
      }
    }
  }
  return found;
}

/**
 * Publishes an installed package as it was downloaded: its directory
 * (without node_modules) packed as `package/`. Packing with npm would apply
 * the package's publishConfig and scripts, which belong to its authors'
 * release, not to this copy.
 */
export async function publishInstalled(dir: string, registry: Registry): Promise<void> {
  const { publishConfig: _publishConfig, ...manifest } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PublishedManifest;
  const work = mkdtempSync(join(tmpdir(), 'e2e-pack-'));
  try {
    const tarball = join(work, 'package.tgz');
    // A native addon's build/ is this machine's compile output, not part of what its authors publish.
    const excluded = ['--exclude=./node_modules', ...(existsSync(join(dir, 'binding.gyp')) ? ['--exclude=./build'] : [])];
    await run('tar', ['-czf', tarball, ...excluded, '--transform', 's,^\\.,package,', '-C', dir, '.'], { cwd: work, timeoutMs: 60_000 });
    registry.publish(tarball, manifest);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Publishes a tarball `pnpm pack` made (workspace ranges and publishConfig
 * applied, as `pnpm publish` sends them) with the manifest it holds; a
 * private package's is left alone, as `pnpm publish -r` leaves it.
 */
export async function publishPacked(tarball: string, registry: Registry): Promise<void> {
  const { stdout } = await run('tar', ['-xzOf', tarball, 'package/package.json'], { cwd: dirname(tarball), timeoutMs: 60_000 });
  const manifest = JSON.parse(stdout) as PublishedManifest;
  if (!manifest.private) registry.publish(tarball, manifest);
}

/** Workspace package directories under `root`'s packages/ and examples/ that are published. */
export function publishableWorkspacePackages(root: string): string[] {
  const dirs: string[] = [];
  for (const parent of ['packages', 'examples']) {
    for (const entry of readdirSync(join(root, parent))) {
      const dir = join(root, parent, entry);
      if (existsSync(join(dir, 'package.json')) && !readManifest(dir).private) dirs.push(dir);
    }
  }
  return dirs;
}

export function packageName(dir: string): string {
  return readManifest(dir).name;
}
