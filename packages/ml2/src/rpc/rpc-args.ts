import { Context, InvalidInput, type ContextDict } from '@net-server/lib';

/** The request context an agent sent, as a Context (admin unless it says otherwise, as agents use admin contexts). */
export function rpcContext(raw: unknown): Context {
  return typeof raw === 'object' && raw !== null ? Context.fromDict(raw as ContextDict) : new Context({ isAdmin: true, roles: ['admin'] });
}

/** A device as agents name it; agents >= 1.9 may send [mac, pci_slot]. */
export function deviceName(value: unknown): string {
  if (Array.isArray(value)) return String(value[0] ?? '');
  if (typeof value !== 'string') throw new InvalidInput({ error_message: 'a device must be a string or a [mac, pci_slot] pair' });
  return value;
}

export function deviceList(args: Record<string, unknown>, key: string): string[] {
  const value = args[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new InvalidInput({ error_message: `RPC argument '${key}' must be a list of devices` });
  return value.map(deviceName);
}
