import { InvalidEntryPointsError, ManifestParseError, type EntryPointError } from './errors.js';
import { parseEntryPointValue, type EntryPoint, type PackageInfo } from './entry-point.js';

/** The fields of a package.json the loader uses. */
export interface Manifest {
  name: string;
  version: string;
  peerDependencies: Record<string, string>;
  entryPoints: EntryPoint[];
}

// Most installed packages declare no entry points; a byte search lets
// discovery skip decoding and JSON.parse for them, which dominate a cold scan.
export function mayDeclareEntryPoints(bytes: Buffer): boolean {
  return bytes.includes('"entryPoints"');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringRecord(value: unknown): Record<string, string> {
  if (!isRecord(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((pair): pair is [string, string] => typeof pair[1] === 'string'));
}

export function parseManifest(text: string, file: string, dir: string, linked: boolean): Manifest | EntryPointError {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return new ManifestParseError(`package.json is not valid JSON: ${(error as Error).message}; fix or reinstall the package`, { file });
  }
  if (!isRecord(json) || typeof json['name'] !== 'string' || json['name'] === '') {
    return new ManifestParseError('package.json has no "name"; a package must be named to provide entry points', { file });
  }
  const name = json['name'];
  const version = typeof json['version'] === 'string' ? json['version'] : '0.0.0';
  const context = { package: name, version, file };
  const info: PackageInfo = { name, version, path: dir, linked, peerDependencies: stringRecord(json['peerDependencies']) };
  const declared = json['entryPoints'];
  const entryPoints: EntryPoint[] = [];
  if (declared !== undefined) {
    if (!isRecord(declared)) {
      return new InvalidEntryPointsError(
        '"entryPoints" must be an object of namespaces, e.g. {"net_server.core_plugins": {"name": "./dist/plugin.js:Plugin"}}',
        context,
      );
    }
    for (const [namespace, entries] of Object.entries(declared)) {
      if (!isRecord(entries)) {
        return new InvalidEntryPointsError(`"entryPoints.${namespace}" must be an object mapping names to "module:export" strings`, { ...context, namespace });
      }
      for (const [entryName, value] of Object.entries(entries)) {
        const parsed = typeof value === 'string' ? parseEntryPointValue(value) : undefined;
        if (entryName === '' || !parsed) {
          return new InvalidEntryPointsError(`"entryPoints.${namespace}.${entryName}" must be a "module:export" string, got ${JSON.stringify(value)}`, {
            ...context,
            namespace,
            entry: entryName,
          });
        }
        entryPoints.push({ namespace, name: entryName, value: value as string, module: parsed.module, exportName: parsed.exportName, package: info });
      }
    }
  }
  return { name, version, peerDependencies: info.peerDependencies as Record<string, string>, entryPoints };
}
