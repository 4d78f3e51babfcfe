import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface OwnManifest {
  name?: string;
  version?: string;
  optionalDependencies?: Record<string, string>;
}

/** net-server's own package.json, found from this module whether it runs from src or dist. */
export function ownPackageManifest(): OwnManifest {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as OwnManifest;
      if (manifest.name === 'net-server') return manifest;
    } catch {
      // no package.json here; keep walking up
    }
    if (dirname(dir) === dir) return {};
  }
}

export function ownPackageVersion(): string {
  return ownPackageManifest().version ?? '0.0.0';
}
