/**
 * RPC API versions `major.minor[.rev]`, compared as oslo.messaging does:
 * an implementation serves a request when the majors are equal and the
 * requested minor is not above its own.
 */
export interface ParsedVersion {
  major: number;
  minor: number;
  revision: number;
}

const versionPattern = /^(\d+)\.(\d+)(?:\.(\d+))?$/;

/** Parse `major.minor[.rev]`; `undefined` when malformed. */
export function parseVersion(version: string): ParsedVersion | undefined {
  const match = versionPattern.exec(version);
  if (!match) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]), revision: Number(match[3] ?? 0) };
}

// Every message is checked against the endpoints' versions, and a process
// sees only a few distinct versions: parsing them once saves a regex per
// check. Bounded, because requested versions come from the wire.
const parsedVersions = new Map<string, ParsedVersion | undefined>();
const PARSED_VERSIONS_MAX = 256;

function parsedVersion(version: string): ParsedVersion | undefined {
  if (parsedVersions.has(version)) return parsedVersions.get(version);
  const parsed = parseVersion(version);
  if (parsedVersions.size >= PARSED_VERSIONS_MAX) parsedVersions.clear();
  parsedVersions.set(version, parsed);
  return parsed;
}

/**
 * Whether an implementation at `implemented` serves a request for
 * `requested`. No implemented version means anything goes; a request without
 * a version is never compatible with a declared one; malformed versions are
 * never compatible.
 */
export function versionIsCompatible(implemented: string | undefined, requested: string | undefined): boolean {
  if (implemented === undefined) return true;
  if (requested === undefined) return false;
  const imp = parsedVersion(implemented);
  const req = parsedVersion(requested);
  if (!imp || !req) return false;
  if (req.major !== imp.major) return false;
  if (req.minor > imp.minor) return false;
  return req.minor < imp.minor || req.revision <= imp.revision;
}
