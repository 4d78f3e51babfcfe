import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const packagesDir = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface FakePackage {
  name: string;
  version?: string;
  entryPoints: Record<string, Record<string, string>>;
  /** Module files, by path inside the package. */
  files: Record<string, string>;
  /** Workspace packages to link into the package's node_modules, e.g. "@net-server/lib". */
  links?: string[];
  /** Host API ranges the plugin was built for. */
  peerDependencies?: Record<string, string>;
}

/**
 * Writes a real package (package.json with entryPoints plus its modules)
 * into `<root>/node_modules/<name>`, as npm would install it.
 */
export function installFakePackage(root: string, pkg: FakePackage): string {
  const dir = join(root, 'node_modules', pkg.name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify(
      { name: pkg.name, version: pkg.version ?? '1.0.0', type: 'module', peerDependencies: pkg.peerDependencies, entryPoints: pkg.entryPoints },
      null,
      2,
    ),
  );
  for (const [path, text] of Object.entries(pkg.files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  for (const link of pkg.links ?? []) linkWorkspacePackage(dir, link);
  return dir;
}

/** Makes a workspace package (its built dist) importable from `dir`. */
export function linkWorkspacePackage(dir: string, name: string): void {
  const target = join(packagesDir, name === 'net-server' ? 'net-server' : name.replace('@net-server/', ''));
  const link = join(dir, 'node_modules', name);
  mkdirSync(dirname(link), { recursive: true });
  symlinkSync(target, link, 'dir');
}

/** An application root: a package.json, as `npm init -y` leaves it. */
export function makeAppRoot(root: string): string {
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }));
  return root;
}
