import type { Logger } from '@net-server/lib';
import type { MechanismDriver, MechanismDriverInit, NetworkContext, PortContext } from '@net-server/ml2';
import { EXAMPLE_GROUP, exampleHosts, exampleVifType } from './options.js';

/** Network types a host-local switch can attach to. */
const BINDABLE_TYPES = new Set(['local', 'flat', 'vlan']);

/**
 * Binds ports whose `binding:host_id` is one of `[ml2_example] hosts` to the
 * first local, flat or VLAN segment, and logs the networks it is told about.
 * ML2 tries the other drivers for every other host.
 */
export class ExampleMechanismDriver implements MechanismDriver {
  readonly #hosts: ReadonlySet<string>;
  readonly #vifType: string;
  readonly #logger: Logger;

  constructor({ config, logger }: MechanismDriverInit) {
    this.#hosts = new Set(config.get(EXAMPLE_GROUP, exampleHosts));
    this.#vifType = config.get(EXAMPLE_GROUP, exampleVifType);
    this.#logger = logger.child({ driver: 'example' });
  }

  createNetworkPostcommit(context: NetworkContext): void {
    this.#logger.info('network created', { network_id: context.current['id'], segments: context.networkSegments.length });
  }

  deleteNetworkPostcommit(context: NetworkContext): void {
    this.#logger.info('network deleted', { network_id: context.current['id'] });
  }

  bindPort(context: PortContext): void {
    if (!this.#hosts.has(context.host)) return;
    const segment = context.segmentsToBind.find((candidate) => BINDABLE_TYPES.has(candidate.network_type));
    if (!segment) {
      this.#logger.warn('no local, flat or VLAN segment to bind', { port_id: context.current['id'], host: context.host });
      return;
    }
    context.setBinding(segment.id, this.#vifType, { port_filter: false });
  }
}
