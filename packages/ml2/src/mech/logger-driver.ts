import type { Logger } from '@net-server/lib';
import type { MechanismDriver, MechanismDriverInit } from './mechanism-driver.js';
import type { NetworkContext } from './network-context.js';
import type { PortContext } from './port-context.js';
import type { SubnetContext } from './subnet-context.js';

function describe(context: NetworkContext | SubnetContext | PortContext): Record<string, unknown> {
  const fields: Record<string, unknown> = { current: context.current, original: context.original };
  if ('networkSegments' in context) fields['segments'] = context.networkSegments;
  else fields['network'] = context.network.current;
  if ('binding' in context) fields['binding'] = { host: context.host, vif_type: context.vifType, levels: context.bindingLevels };
  return fields;
}

/**
 * Logs every call with the context it got (neutron's logger mechanism
 * driver); a way to watch what ML2 tells drivers. It binds nothing.
 */
export class LoggerDriver implements MechanismDriver {
  readonly #logger: Logger;

  constructor({ logger }: MechanismDriverInit) {
    this.#logger = logger.child({ driver: 'logger' });
  }

  private log(method: string, context: NetworkContext | SubnetContext | PortContext): void {
    this.#logger.info(`${method} called`, describe(context));
  }

  createNetworkPrecommit(c: NetworkContext): void {
    this.log('create_network_precommit', c);
  }
  createNetworkPostcommit(c: NetworkContext): void {
    this.log('create_network_postcommit', c);
  }
  updateNetworkPrecommit(c: NetworkContext): void {
    this.log('update_network_precommit', c);
  }
  updateNetworkPostcommit(c: NetworkContext): void {
    this.log('update_network_postcommit', c);
  }
  deleteNetworkPrecommit(c: NetworkContext): void {
    this.log('delete_network_precommit', c);
  }
  deleteNetworkPostcommit(c: NetworkContext): void {
    this.log('delete_network_postcommit', c);
  }
  createSubnetPrecommit(c: SubnetContext): void {
    this.log('create_subnet_precommit', c);
  }
  createSubnetPostcommit(c: SubnetContext): void {
    this.log('create_subnet_postcommit', c);
  }
  updateSubnetPrecommit(c: SubnetContext): void {
    this.log('update_subnet_precommit', c);
  }
  updateSubnetPostcommit(c: SubnetContext): void {
    this.log('update_subnet_postcommit', c);
  }
  deleteSubnetPrecommit(c: SubnetContext): void {
    this.log('delete_subnet_precommit', c);
  }
  deleteSubnetPostcommit(c: SubnetContext): void {
    this.log('delete_subnet_postcommit', c);
  }
  createPortPrecommit(c: PortContext): void {
    this.log('create_port_precommit', c);
  }
  createPortPostcommit(c: PortContext): void {
    this.log('create_port_postcommit', c);
  }
  updatePortPrecommit(c: PortContext): void {
    this.log('update_port_precommit', c);
  }
  updatePortPostcommit(c: PortContext): void {
    this.log('update_port_postcommit', c);
  }
  deletePortPrecommit(c: PortContext): void {
    this.log('delete_port_precommit', c);
  }
  deletePortPostcommit(c: PortContext): void {
    this.log('delete_port_postcommit', c);
  }
  bindPort(c: PortContext): void {
    this.log('bind_port', c);
  }
}
