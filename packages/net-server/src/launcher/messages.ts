/** The environment variables that tell a forked child which service to run. */
export const SERVICE_ID_ENV = 'NET_SERVER_SERVICE_ID';
export const SERVICE_NAME_ENV = 'NET_SERVER_SERVICE_NAME';

/** What a child tells the master over the IPC channel. */
export type ChildMessage = { type: 'net-server:ready' } | { type: 'net-server:failed'; reason: string };

export function isChildMessage(value: unknown): value is ChildMessage {
  if (typeof value !== 'object' || value === null) return false;
  const type = (value as { type?: unknown }).type;
  return type === 'net-server:ready' || type === 'net-server:failed';
}
