/** neutron's timestamp format, as the core resources show it: 2024-05-01T12:00:00Z. */
export function timestampNow(): string {
  return `${new Date().toISOString().slice(0, 19)}Z`;
}
