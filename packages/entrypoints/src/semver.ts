/**
 * Just enough of npm's semver to check a plugin's peer range against the
 * running host: comparators (<, <=, >, >=, =), caret, tilde, x-ranges,
 * hyphen ranges and `||`. Kept here so the loader has no dependencies.
 */
type Version = readonly [number, number, number, readonly string[]];

interface Comparator {
  op: '<' | '<=' | '>' | '>=' | '=';
  version: Version;
}

const VERSION = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;
const PARTIAL = /^v?(\d+|[xX*])(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

export function parseVersion(text: string): Version | undefined {
  const match = VERSION.exec(text.trim());
  if (!match) return undefined;
  return [Number(match[1]), Number(match[2]), Number(match[3]), match[4] ? match[4].split('.') : []];
}

function compareIdentifiers(a: string, b: string): number {
  const na = /^\d+$/.test(a);
  const nb = /^\d+$/.test(b);
  if (na && nb) return Number(a) - Number(b);
  if (na) return -1;
  if (nb) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function compare(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) {
    const diff = (a[i] as number) - (b[i] as number);
    if (diff !== 0) return diff;
  }
  const [pa, pb] = [a[3], b[3]];
  if (pa.length === 0 || pb.length === 0) return pb.length - pa.length;
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    if (pa[i] === undefined) return -1;
    if (pb[i] === undefined) return 1;
    const diff = compareIdentifiers(pa[i] as string, pb[i] as string);
    if (diff !== 0) return diff;
  }
  return 0;
}

interface Partial {
  major?: number;
  minor?: number;
  patch?: number;
  pre: string[];
}

function parsePartial(text: string): Partial | undefined {
  const match = PARTIAL.exec(text);
  if (!match) return undefined;
  const part = (value: string | undefined): number | undefined => (value === undefined || /^[xX*]$/.test(value) ? undefined : Number(value));
  const major = part(match[1]);
  const minor = major === undefined ? undefined : part(match[2]);
  const patch = minor === undefined ? undefined : part(match[3]);
  return { major, minor, patch, pre: match[4] ? match[4].split('.') : [] };
}

const v = (major: number, minor: number, patch: number, pre: readonly string[] = []): Version => [major, minor, patch, pre];

/** Expands one term (`^1.2`, `~1.2.3`, `>=2`, `1.x`) into comparators. */
function expand(term: string): Comparator[] | undefined {
  const match = /^(\^|~>?|[<>]=?|=)?\s*(.+)$/.exec(term);
  if (!match) return undefined;
  const op = match[1] ?? '';
  const p = parsePartial(match[2] as string);
  if (!p) return undefined;
  if (p.major === undefined) return op === '<' || op === '>' ? [{ op: '<', version: v(0, 0, 0) }] : [];
  const { major } = p;
  const minor = p.minor ?? 0;
  const patch = p.patch ?? 0;
  const exact = v(major, minor, patch, p.pre);
  switch (op) {
    case '^': {
      const upper = major > 0 || p.minor === undefined ? v(major + 1, 0, 0) : minor > 0 || p.patch === undefined ? v(0, minor + 1, 0) : v(0, 0, patch + 1);
      return [
        { op: '>=', version: exact },
        { op: '<', version: upper },
      ];
    }
    case '~':
    case '~>': {
      const upper = p.minor === undefined ? v(major + 1, 0, 0) : v(major, minor + 1, 0);
      return [
        { op: '>=', version: exact },
        { op: '<', version: upper },
      ];
    }
    case '>':
      if (p.minor === undefined) return [{ op: '>=', version: v(major + 1, 0, 0) }];
      if (p.patch === undefined) return [{ op: '>=', version: v(major, minor + 1, 0) }];
      return [{ op: '>', version: exact }];
    case '<=':
      if (p.minor === undefined) return [{ op: '<', version: v(major + 1, 0, 0) }];
      if (p.patch === undefined) return [{ op: '<', version: v(major, minor + 1, 0) }];
      return [{ op: '<=', version: exact }];
    case '<':
    case '>=':
      return [{ op, version: exact }];
    default:
      if (p.minor === undefined)
        return [
          { op: '>=', version: exact },
          { op: '<', version: v(major + 1, 0, 0) },
        ];
      if (p.patch === undefined)
        return [
          { op: '>=', version: exact },
          { op: '<', version: v(major, minor + 1, 0) },
        ];
      return [{ op: '=', version: exact }];
  }
}

function parseSet(text: string): Comparator[] | undefined {
  const hyphen = /^(\S+)\s+-\s+(\S+)$/.exec(text);
  if (hyphen) {
    const low = expand(`>=${hyphen[1] as string}`);
    const high = expand(`<=${hyphen[2] as string}`);
    return low && high ? [...low, ...high] : undefined;
  }
  const comparators: Comparator[] = [];
  // Operators may be separated from their version by spaces (">= 1.2").
  for (const term of text
    .replace(/([<>=^~]+)\s+/g, '$1')
    .split(/\s+/)
    .filter(Boolean)) {
    const expanded = expand(term);
    if (!expanded) return undefined;
    comparators.push(...expanded);
  }
  return comparators;
}

function test(comparator: Comparator, version: Version): boolean {
  const diff = compare(version, comparator.version);
  switch (comparator.op) {
    case '<':
      return diff < 0;
    case '<=':
      return diff <= 0;
    case '>':
      return diff > 0;
    case '>=':
      return diff >= 0;
    default:
      return diff === 0;
  }
}

/** Whether `range` is a range this module understands. */
export function validRange(range: string): boolean {
  return range.split('||').every((set) => parseSet(set.trim()) !== undefined);
}

/**
 * npm's rule: a prerelease version satisfies a set only if some comparator
 * of that set names a prerelease of the same major.minor.patch.
 */
export function satisfies(version: string, range: string): boolean {
  const parsed = parseVersion(version);
  if (!parsed) return false;
  return range.split('||').some((text) => {
    const set = parseSet(text.trim());
    if (!set || !set.every((comparator) => test(comparator, parsed))) return false;
    if (parsed[3].length === 0) return true;
    return set.some(({ version: c }) => c[3].length > 0 && c[0] === parsed[0] && c[1] === parsed[1] && c[2] === parsed[2]);
  });
}
