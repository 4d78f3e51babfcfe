import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** net-server's own package.json, found from this module whether it runs from src or dist. */
export function ownPackageVersion(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (manifest.name === 'net-server') return manifest.version ?? '0.0.0';
    } catch {
      // no package.json here; keep walking up
    }
    if (dirname(dir) === dir) return '0.0.0';
  }
}
