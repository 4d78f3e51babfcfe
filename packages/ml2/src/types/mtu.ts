import type { ConfigReader } from '@net-server/lib';
import { ml2Options } from '../config/options.js';
import { parseMtuMappings } from './ranges.js';

const IP_HEADER_LENGTH: Record<number, number> = { 4: 20, 6: 40 };

/** The MTU limits every type driver starts from (neutron's _TypeDriverBase.get_mtu). */
export class MtuSettings {
  readonly globalPhysnetMtu: number;
  readonly pathMtu: number;
  readonly physnetMtus: Map<string, number>;
  readonly overlayIpVersion: number;

  constructor(config: ConfigReader) {
    const global = config.has('DEFAULT', 'global_physnet_mtu') ? Number(config.value('DEFAULT', 'global_physnet_mtu')) : 1500;
    this.globalPhysnetMtu = Number.isFinite(global) ? global : 1500;
    this.pathMtu = config.get('ml2', ml2Options.pathMtu);
    this.physnetMtus = parseMtuMappings(config.get('ml2', ml2Options.physicalNetworkMtus), 'ml2', 'physical_network_mtus');
    this.overlayIpVersion = config.get('ml2', ml2Options.overlayIpVersion);
  }

  /** MTU of a segment on a physical network: the smallest configured limit, 0 when none. */
  physical(physicalNetwork: string | null): number {
    const limits: number[] = [];
    const own = physicalNetwork === null ? undefined : this.physnetMtus.get(physicalNetwork);
    if (own !== undefined) limits.push(own);
    if (this.globalPhysnetMtu > 0) limits.push(this.globalPhysnetMtu);
    return limits.length > 0 ? Math.min(...limits) : 0;
  }

  /** MTU inside a tunnel whose encapsulation adds `overhead` bytes plus the outer IP header. */
  tunnel(overhead: number): number {
    const limits = [this.globalPhysnetMtu, this.pathMtu].filter((value) => value > 0);
    if (limits.length === 0) return 0;
    return Math.min(...limits) - (IP_HEADER_LENGTH[this.overlayIpVersion] ?? 20) - overhead;
  }
}
