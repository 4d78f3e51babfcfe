import { PluginConfigError } from '@net-server/lib';
import { ConntrackHelperNotAllowed, InvalidProtocolForHelper } from '../errors.js';

/** The protocols each allowed helper takes, from `allowed_conntrack_helpers` (`helper:protocol` items). */
export function helperConstraints(items: readonly string[]): ReadonlyMap<string, readonly string[]> {
  const constraints = new Map<string, string[]>();
  for (const item of items) {
    const at = item.indexOf(':');
    if (at <= 0) throw new PluginConfigError('DEFAULT', 'allowed_conntrack_helpers', `"${item}" is not helper:protocol (e.g. tftp:udp)`);
    const helper = item.slice(0, at).trim();
    constraints.set(helper, [...(constraints.get(helper) ?? []), item.slice(at + 1).trim()]);
  }
  return constraints;
}

/** neutron's _check_conntrack_helper_constraints. */
export function checkHelper(constraints: ReadonlyMap<string, readonly string[]>, helper: string, protocol: string): void {
  const protocols = constraints.get(helper);
  if (protocols === undefined) throw new ConntrackHelperNotAllowed({ helper });
  if (!protocols.includes(protocol)) throw new InvalidProtocolForHelper({ helper, protocol, supported_protocols: protocols.join(', ') });
}
