/** neutron's timestamp format for created_at/updated_at: ISO 8601 seconds with a Z, e.g. 2024-05-01T12:00:00Z. */
export function timestampNow(): string {
  return `${new Date().toISOString().slice(0, 19)}Z`;
}
