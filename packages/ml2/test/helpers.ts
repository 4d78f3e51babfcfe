import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger, getAdminContext, silentLogger, type Logger } from '@net-server/lib';
import { Config, coreMigrations, coreOptions, Database, Migrator, OptionRegistry, parseIni } from 'net-server';
import { afterEach } from 'vitest';
import { migrations, ml2OptionGroups } from '@net-server/ml2';

export const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const repoDir = resolve(packageDir, '../..');
export const adminContext = getAdminContext();
export const logger: Logger = silentLogger;

/** A logger that keeps every record for assertions. */
export function recordingLogger(): { logger: Logger; records: Record<string, unknown>[] } {
  const records: Record<string, unknown>[] = [];
  return { logger: createLogger({ level: 'debug', write: (line) => records.push(JSON.parse(line) as Record<string, unknown>) }), records };
}

/** The configuration a server would load from this ml2_conf.ini text. */
export function ml2Config(ini = ''): Config {
  const registry = new OptionRegistry();
  registry.register([{ group: 'DEFAULT', options: Object.values(coreOptions) }], 'net-server');
  registry.register(ml2OptionGroups, '@net-server/ml2');
  return Config.resolve(registry, { files: [parseIni(ini, 'ml2_conf.ini')], env: {} });
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Runs `fn` after the current test. */
export function onCleanup(fn: () => Promise<void> | void): void {
  cleanups.push(fn);
}

export function tempDir(prefix = 'ml2-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A database with the core's and ML2's tables (ML2 runs on the core's): a temporary SQLite file unless a PostgreSQL URL is given. */
export async function migratedDatabase(url?: string): Promise<{ database: Database; url: string }> {
  const target = url ?? `sqlite:///${join(tempDir(), 'ml2.sqlite')}`;
  const database = Database.open(target);
  cleanups.push(() => database.close());
  await new Migrator(database, [
    { packageName: 'net-server', migrations: coreMigrations },
    { packageName: '@net-server/ml2', migrations },
  ]).upgrade();
  return { database, url: target };
}

/**
 * An application directory whose node_modules holds the workspace packages
 * (as links), so that drivers are found by name as in an installed server.
 */
export function appWithPackages(names: Record<string, string> = { '@net-server/ml2': 'ml2', 'net-server': 'net-server' }): string {
  const app = tempDir('ml2-app-');
  for (const [name, dir] of Object.entries(names)) {
    const link = join(app, 'node_modules', name);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(join(repoDir, 'packages', dir), link, 'dir');
  }
  return app;
}
