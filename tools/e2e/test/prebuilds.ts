import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './processes.js';

/**
 * Native packages installed with prebuild-install (better-sqlite3) download
 * their binary from GitHub at install time. The test must not leave the
 * machine, so it offers the binary the workspace already built as a
 * "local prebuild" (prebuild-install's npm_config_<name>_local_prebuilds),
 * named as the download would be. Returns the environment variables.
 */
export async function localPrebuilds(packageDirs: Iterable<string>, dir: string): Promise<Record<string, string>> {
  const env: Record<string, string> = {};
  for (const packageDir of packageDirs) {
    const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { name: string; version: string; scripts?: Record<string, string> };
    const release = join(packageDir, 'build/Release');
    if (!manifest.scripts?.['install']?.includes('prebuild-install') || !existsSync(release)) continue;
    // The addon only: prebuild-install loads the last .node file it unpacks (better-sqlite3 also builds a test extension).
    const binaries = readdirSync(release).filter((file) => file === `${manifest.name.replace(/-/g, '_')}.node`);
    if (binaries.length === 0) continue;
    mkdirSync(dir, { recursive: true });
    const file = `${manifest.name}-v${manifest.version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
    await run('tar', ['-czf', join(dir, file), '-C', packageDir, ...binaries.map((binary) => `build/Release/${binary}`)], { cwd: packageDir, timeoutMs: 60_000 });
    env[`npm_config_${manifest.name.replace(/[^a-zA-Z0-9]/g, '_').replace(/^_/, '')}_local_prebuilds`] = dir;
  }
  return env;
}
