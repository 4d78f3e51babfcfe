import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidEntryPointsError, ManifestParseError, PackageReadError, type EntryPointError, type ErrorContext } from './errors.js';
import type { EntryPoint, PackageInfo } from './entry-point.js';
import { stamp, type ScanResult, type Validator } from './scan.js';

/**
 * A scan result on disk, valid while every file-system fact it depended on
 * (top-level node_modules directories, install markers, linked manifests,
 * and plugin manifests where no install marker stands for them) has the same
 * full-precision stamp. Any doubt (missing, corrupt, other format,
 * unwritable) means a fresh scan.
 */
const FORMAT = 2;
const DISABLE_VALUES = new Set(['0', 'false', 'off', 'no']);

interface StoredError {
  code: string;
  reason: string;
  context: ErrorContext;
}

/** An entry point as stored: [name, module, export name or null, index of its package]; `value` is `module[:export]`. */
type StoredEntryPoint = [string, string, string | null, number];

interface StoredScan {
  format: number;
  key: string;
  validators: Validator[];
  packages: PackageInfo[];
  /** By namespace, in discovery's order: the namespace is stored once, not with each of its entry points. */
  entryPoints: Record<string, StoredEntryPoint[]>;
  skipped: Array<{ path: string; error: StoredError; text?: string }>;
  shadowed: Array<{ package: PackageInfo; winner: number }>;
}

export function cacheEnabled(): boolean {
  const value = process.env['NET_SERVER_ENTRYPOINTS_CACHE'];
  return value === undefined || !DISABLE_VALUES.has(value.toLowerCase());
}

export function cacheDir(): string {
  const override = process.env['NET_SERVER_ENTRYPOINTS_CACHE_DIR'];
  if (override) return override;
  const base = process.env['XDG_CACHE_HOME'] || (homedir() ? join(homedir(), '.cache') : tmpdir());
  return join(base, 'net-server-entrypoints');
}

export function cacheKey(parts: Record<string, unknown>): string {
  return createHash('sha256')
    .update(JSON.stringify({ format: FORMAT, ...parts }))
    .digest('hex')
    .slice(0, 32);
}

const errorClasses: Record<string, new (message: string, context: ErrorContext) => EntryPointError> = {
  EP_PACKAGE_READ: PackageReadError,
  EP_MANIFEST_PARSE: ManifestParseError,
  EP_INVALID_ENTRY_POINTS: InvalidEntryPointsError,
};

export function readCache(key: string): ScanResult | undefined {
  let stored: StoredScan;
  try {
    stored = JSON.parse(readFileSync(join(cacheDir(), `${key}.json`), 'utf8')) as StoredScan;
  } catch {
    return undefined;
  }
  try {
    if (stored.format !== FORMAT || stored.key !== key) return undefined;
    for (const validator of stored.validators) {
      if (stamp(validator.path) !== validator.stamp) return undefined;
    }
    const packageAt = (index: number): PackageInfo => {
      const info = stored.packages[index];
      if (!info) throw new Error('corrupt cache');
      return info;
    };
    const entryPoints: EntryPoint[] = [];
    for (const [namespace, entries] of Object.entries(stored.entryPoints)) {
      for (const [name, module, exportName, index] of entries) {
        entryPoints.push({
          namespace,
          name,
          value: exportName === null ? module : `${module}:${exportName}`,
          module,
          exportName: exportName ?? undefined,
          package: packageAt(index),
        });
      }
    }
    return {
      packages: stored.packages,
      entryPoints,
      skipped: stored.skipped.map(({ path, error, text }) => {
        const ErrorClass = errorClasses[error.code];
        if (!ErrorClass) throw new Error('corrupt cache');
        return { path, error: new ErrorClass(error.reason, error.context), ...(text === undefined ? {} : { text }) };
      }),
      shadowed: stored.shadowed.map(({ package: info, winner }) => ({ package: info, winner: packageAt(winner) })),
      validators: stored.validators,
    };
  } catch {
    // A cache written by a broken or foreign writer: scan instead.
    return undefined;
  }
}

function groupByNamespace(entryPoints: readonly EntryPoint[], index: ReadonlyMap<PackageInfo, number>): Record<string, StoredEntryPoint[]> {
  const grouped: Record<string, StoredEntryPoint[]> = {};
  for (const entry of entryPoints) {
    (grouped[entry.namespace] ??= []).push([entry.name, entry.module, entry.exportName ?? null, index.get(entry.package) ?? -1]);
  }
  return grouped;
}

export function writeCache(key: string, result: ScanResult): void {
  const index = new Map(result.packages.map((info, i) => [info, i]));
  const stored: StoredScan = {
    format: FORMAT,
    key,
    validators: result.validators,
    packages: result.packages,
    entryPoints: groupByNamespace(result.entryPoints, index),
    skipped: result.skipped.map(({ path, error, text }) => ({
      path,
      error: { code: error.code, reason: error.reason, context: error.context() },
      ...(text === undefined ? {} : { text }),
    })),
    shadowed: result.shadowed.map(({ package: info, winner }) => ({ package: info, winner: index.get(winner) ?? -1 })),
  };
  const dir = cacheDir();
  const file = join(dir, `${key}.json`);
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(temporary, JSON.stringify(stored));
    renameSync(temporary, file);
  } catch {
    // Read-only home, full disk: the next run scans again, which is correct.
  }
}
