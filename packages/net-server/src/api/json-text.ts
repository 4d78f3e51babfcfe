/**
 * A response body as JSON text. A bigint is written as a JSON integer, digit
 * for digit, as Python's json writes neutron's ints (IPv6 address counts
 * pass 2^53); JSON.stringify refuses bigints, so bodies that hold one take
 * the slower path below and all others the native one.
 */
export function toJsonText(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch (error) {
    if (error instanceof TypeError && error.message.includes('BigInt')) return withBigInts(value) ?? 'null';
    throw error;
  }
}

/** JSON.stringify's rules (toJSON, skipped undefined and functions, null in arrays) plus bigints. */
function withBigInts(value: unknown): string | undefined {
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const json = (value as { toJSON?: () => unknown }).toJSON;
  if (typeof json === 'function') return withBigInts(json.call(value));
  if (Array.isArray(value)) return `[${value.map((item) => withBigInts(item) ?? 'null').join(',')}]`;
  const members: string[] = [];
  for (const [key, member] of Object.entries(value)) {
    const text = withBigInts(member);
    if (text !== undefined) members.push(`${JSON.stringify(key)}:${text}`);
  }
  return `{${members.join(',')}}`;
}
