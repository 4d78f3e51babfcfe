import { constants, PortInUse, type Context, type ResourceDict } from '@net-server/lib';
import type { TrunkDb } from '../db/schema.js';
import { ParentPortInUse, TrunkPluginDriverConflict, TrunkPortInUse } from '../errors.js';
import { agentTypesOnHost, bindingHost, type TrunkCorePlugin } from './core-access.js';
import { subports } from './subports.js';
import type { TrunkDriver } from './trunk-drivers.js';

/**
 * neutron's TrunkPortValidator: whether a port may become a trunk's parent
 * or subport. Neither may be a subport or a parent already; a parent must
 * be unbound, or bound where a driver that trunks bound ports wires it; a
 * subport must have no device (a VM, a router, DHCP).
 */
export class TrunkPortValidator {
  constructor(
    private readonly core: TrunkCorePlugin,
    private readonly drivers: readonly TrunkDriver[],
  ) {}

  /** The port's id when it may be used; TrunkPortInUse, ParentPortInUse, PortInUse or PortNotFound otherwise. */
  async validate(db: TrunkDb, context: Context, portId: string, parentPort: boolean): Promise<string> {
    if (await subports.ofPort(db, portId)) throw new TrunkPortInUse({ port_id: portId });
    if (await subports.trunkOfParent(db, portId)) throw new ParentPortInUse({ port_id: portId });
    if (parentPort) {
      if (!(await this.canBeTrunkedOrUntrunked(context, portId))) throw new ParentPortInUse({ port_id: portId });
    } else {
      const port = await this.core.getPort(context, portId);
      if (port['device_id']) throw new PortInUse({ net_id: port['network_id'], port_id: port['id'], device_id: port['device_id'] });
    }
    return portId;
  }

  /**
   * Whether a trunk may be made on (or removed from) the port: always when
   * it is unbound; when bound, if the one driver wiring its VIF type on its
   * host (with that driver's agent there) trunks bound ports.
   */
  async canBeTrunkedOrUntrunked(context: Context, portId: string): Promise<boolean> {
    const port: ResourceDict = await this.core.getPort(context, portId);
    const host = bindingHost(port);
    if (host === '') return true;
    const vifType = String(port[constants.VIF_TYPE] ?? '');
    const agentTypes = await agentTypesOnHost(this.core, context, host);
    const candidates = this.drivers.filter((driver) => driver.interfaces.includes(vifType) && agentTypes.includes(driver.agentType));
    if (candidates.length > 1) throw new TrunkPluginDriverConflict({});
    return candidates[0]?.canTrunkBoundPort ?? false;
  }
}
