import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidEntryPointsError, ManifestParseError, PackageReadError, type EntryPointError, type ErrorContext } from './errors.js';
import type { EntryPoint, PackageInfo } from './entry-point.js';
import { stamp, type ScanResult, type SkippedPackage, type Validator } from './scan.js';

/**
 * A scan result on disk, valid while every file-system fact it depended on
 * (top-level node_modules directories, install markers, linked manifests,
 * and plugin manifests where no install marker stands for them) has the same
 * full-precision stamp. Any doubt (missing, corrupt, other format,
 * unwritable) means a fresh scan.
 *
 * Beside the whole scan, each namespace has a file of its own holding its
 * entry points and their packages, so a warm start that wants one namespace
 * reads and builds that one and nothing else. Every file of one scan carries
 * the same scan id (a digest of its validators), so parts read one after the
 * other are known to come from the same scan.
 */
const FORMAT = 3;
const DISABLE_VALUES = new Set(['0', 'false', 'off', 'no']);

interface StoredError {
  code: string;
  reason: string;
  context: ErrorContext;
}

interface StoredSkipped {
  path: string;
  error: StoredError;
  text?: string;
}

/** An entry point as stored: [name, module, export name or null, index of its package]; `value` is `module[:export]`. */
type StoredEntryPoint = [string, string, string | null, number];

interface StoredPart {
  format: number;
  key: string;
  scan: string;
  validators: Validator[];
  packages: PackageInfo[];
  skipped: StoredSkipped[];
}

interface StoredScan extends StoredPart {
  /** By namespace, in discovery's order: the namespace is stored once, not with each of its entry points. */
  entryPoints: Record<string, StoredEntryPoint[]>;
  shadowed: Array<{ package: PackageInfo; winner: number }>;
}

interface StoredNamespace extends StoredPart {
  namespace: string;
  /** Indexes are into this file's `packages`: those of the namespace's entry points. */
  entryPoints: StoredEntryPoint[];
}

/** One namespace's part of a cached scan. */
interface CachedNamespace {
  scan: string;
  entryPoints: EntryPoint[];
  skipped: SkippedPackage[];
}

type CachedScan = ScanResult & { scan: string };

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

function digest(text: string, length: number): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

export function cacheKey(parts: Record<string, unknown>): string {
  return digest(JSON.stringify({ format: FORMAT, ...parts }), 32);
}

const scanFile = (key: string): string => join(cacheDir(), `${key}.json`);
const namespaceFile = (key: string, namespace: string): string => join(cacheDir(), `${key}-${digest(namespace, 16)}.json`);

const errorClasses: Record<string, new (message: string, context: ErrorContext) => EntryPointError> = {
  EP_PACKAGE_READ: PackageReadError,
  EP_MANIFEST_PARSE: ManifestParseError,
  EP_INVALID_ENTRY_POINTS: InvalidEntryPointsError,
};

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * A stored part of this key's scan, and current: from the scan `knownScan`
 * when one was read already, otherwise with every validator's stamp unchanged.
 */
function isCurrent(stored: StoredPart, key: string, knownScan: string | undefined): boolean {
  if (stored.format !== FORMAT || stored.key !== key) return false;
  if (knownScan !== undefined) return stored.scan === knownScan;
  return stored.validators.every((validator) => stamp(validator.path) === validator.stamp);
}

function packageAt(packages: readonly PackageInfo[], index: number): PackageInfo {
  const info = packages[index];
  if (!info) throw new Error('corrupt cache');
  return info;
}

function entryPointsOf(namespace: string, entries: readonly StoredEntryPoint[], packages: readonly PackageInfo[]): EntryPoint[] {
  return entries.map(([name, module, exportName, index]) => ({
    namespace,
    name,
    value: exportName === null ? module : `${module}:${exportName}`,
    module,
    exportName: exportName ?? undefined,
    package: packageAt(packages, index),
  }));
}

function skippedOf(stored: readonly StoredSkipped[]): SkippedPackage[] {
  return stored.map(({ path, error, text }) => {
    const ErrorClass = errorClasses[error.code];
    if (!ErrorClass) throw new Error('corrupt cache');
    return { path, error: new ErrorClass(error.reason, error.context), ...(text === undefined ? {} : { text }) };
  });
}

function readCache(key: string, knownScan?: string): CachedScan | undefined {
  const stored = readJson(scanFile(key)) as StoredScan | undefined;
  try {
    if (stored === undefined || !isCurrent(stored, key, knownScan)) return undefined;
    return {
      scan: stored.scan,
      packages: stored.packages,
      entryPoints: Object.entries(stored.entryPoints).flatMap(([namespace, entries]) => entryPointsOf(namespace, entries, stored.packages)),
      skipped: skippedOf(stored.skipped),
      shadowed: stored.shadowed.map(({ package: info, winner }) => ({ package: info, winner: packageAt(stored.packages, winner) })),
      validators: stored.validators,
    };
  } catch {
    // A cache written by a broken or foreign writer: scan instead.
    return undefined;
  }
}

/** One namespace of the cached scan; undefined when it has no file (no entry points, or an older cache) or is not current. */
function readNamespaceCache(key: string, namespace: string, knownScan?: string): CachedNamespace | undefined {
  const stored = readJson(namespaceFile(key, namespace)) as StoredNamespace | undefined;
  try {
    if (stored === undefined || stored.namespace !== namespace || !isCurrent(stored, key, knownScan)) return undefined;
    return { scan: stored.scan, entryPoints: entryPointsOf(namespace, stored.entryPoints, stored.packages), skipped: skippedOf(stored.skipped) };
  } catch {
    return undefined;
  }
}

function writeJson(file: string, value: unknown): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(value));
  renameSync(temporary, file);
}

function storedPart(key: string, result: ScanResult, packages: PackageInfo[]): StoredPart {
  return {
    format: FORMAT,
    key,
    scan: scanId(result),
    validators: result.validators,
    packages,
    skipped: result.skipped.map(({ path, error, text }) => ({
      path,
      error: { code: error.code, reason: error.reason, context: error.context() },
      ...(text === undefined ? {} : { text }),
    })),
  };
}

// The validators are the scan's every file-system fact: equal validators, equal scans, whichever process scanned.
const scanId = (result: ScanResult): string => digest(JSON.stringify(result.validators), 32);

export function byNamespace(entryPoints: readonly EntryPoint[]): Map<string, EntryPoint[]> {
  const grouped = new Map<string, EntryPoint[]>();
  for (const entry of entryPoints) {
    const list = grouped.get(entry.namespace);
    if (list) list.push(entry);
    else grouped.set(entry.namespace, [entry]);
  }
  return grouped;
}

function writeNamespace(key: string, result: ScanResult, namespace: string, entries: readonly EntryPoint[]): void {
  const packages = [...new Set(entries.map((entry) => entry.package))];
  const index = new Map(packages.map((info, i) => [info, i]));
  const stored: StoredNamespace = {
    ...storedPart(key, result, packages),
    namespace,
    entryPoints: entries.map((entry) => storedEntryPoint(entry, index.get(entry.package) ?? -1)),
  };
  writeJson(namespaceFile(key, namespace), stored);
}

/** Stores `result` (in discovery's order) whole and by namespace. */
function writeCache(key: string, result: ScanResult): void {
  const index = new Map(result.packages.map((info, i) => [info, i]));
  const grouped = byNamespace(result.entryPoints);
  const stored: StoredScan = {
    ...storedPart(key, result, result.packages),
    entryPoints: Object.fromEntries(
      [...grouped].map(([namespace, entries]) => [namespace, entries.map((entry) => storedEntryPoint(entry, index.get(entry.package) ?? -1))]),
    ),
    shadowed: result.shadowed.map(({ package: info, winner }) => ({ package: info, winner: index.get(winner) ?? -1 })),
  };
  try {
    mkdirSync(cacheDir(), { recursive: true });
    for (const [namespace, entries] of grouped) writeNamespace(key, result, namespace, entries);
    writeJson(scanFile(key), stored);
  } catch {
    // Read-only home, full disk: the next run scans again, which is correct.
  }
}

/**
 * The disk cache of one key, read a part at a time as a discovery is asked;
 * every part read comes from one scan, and a part that is not current means
 * the whole is read, or scanned again and stored.
 */
export class ScanCache {
  #scan: string | undefined;

  constructor(
    readonly key: string,
    private readonly rescan: () => ScanResult,
  ) {}

  /** One namespace's part; undefined when it has none (no entry points, or not written) or it is not current. */
  part(namespace: string): CachedNamespace | undefined {
    const part = readNamespaceCache(this.key, namespace, this.#scan);
    if (part) this.#scan = part.scan;
    return part;
  }

  /** The whole scan; `wanted`, a namespace whose part was missing or not current, is stored for the next start. */
  whole(wanted?: string): ScanResult {
    const cached = readCache(this.key, this.#scan);
    if (!cached) {
      const result = this.rescan();
      writeCache(this.key, result);
      this.#scan = scanId(result);
      return result;
    }
    this.#scan = cached.scan;
    const entries = wanted === undefined ? [] : cached.entryPoints.filter((entry) => entry.namespace === wanted);
    if (wanted !== undefined && entries.length > 0) {
      try {
        writeNamespace(this.key, cached, wanted, entries);
      } catch {
        // Unwritable: the next start reads the whole again.
      }
    }
    return cached;
  }
}

function storedEntryPoint(entry: EntryPoint, packageIndex: number): StoredEntryPoint {
  return [entry.name, entry.module, entry.exportName ?? null, packageIndex];
}
