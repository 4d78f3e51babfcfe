import { InvalidInput, NeutronException, type Context, type ResourceDict } from '@net-server/lib';
import { missingDetailsMessage, validateSubports } from '../api/subports-format.js';
import { SEGMENTATION_TYPE_INHERIT } from '../constants.js';
import type { TrunkDb } from '../db/schema.js';
import { ParentPortInUse, SegmentationIdNotInteger, SegmentationIdOutOfRange, SubPortMtuGreaterThanTrunkPortMtu, UnknownSegmentationType } from '../errors.js';
import { coreSupports, type TrunkCorePlugin } from './core-access.js';
import type { NewSubPort } from './subports.js';
import type { TrunkPortValidator } from './trunk-port-validator.js';

type Subport = Readonly<Record<string, unknown>>;

/** neutron_lib's convert_to_int (Python's int()): integers, integral strings, floats truncated, booleans; undefined otherwise. */
function pythonInt(value: unknown): number | undefined {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : undefined;
  if (typeof value === 'string' && /^\s*[+-]?\d+\s*$/.test(value)) return Number.parseInt(value, 10);
  return undefined;
}

/**
 * neutron's SubPortsValidator: the request's shape (for the member actions,
 * whose bodies the API does not check against the attribute map), then
 * each subport against the trunk: not its parent, an MTU no greater than
 * the parent's, a supported segmentation type with an id in its range
 * (`inherit` takes the subport's network's), and a port free to be a
 * subport.
 */
export class SubPortsValidator {
  constructor(
    private readonly core: TrunkCorePlugin,
    private readonly segmentationTypes: ReadonlyMap<string, (id: number) => boolean>,
    private readonly ports: TrunkPortValidator,
  ) {}

  /** validate_subports on a body the API left unchecked: InvalidInput with its message. */
  basic(data: unknown): Subport[] {
    const message = validateSubports(data);
    if (message !== undefined) throw new InvalidInput({ error_message: message });
    return data as Subport[];
  }

  async validate(db: TrunkDb, context: Context, requested: readonly Subport[], trunkPortId: string): Promise<NewSubPort[]> {
    const trunkMtu = await this.#portMtu(context, trunkPortId);
    const { prepared, mtus } = await this.#prepare(context, requested);
    const valid: NewSubPort[] = [];
    for (const subport of prepared) {
      const portId = String(subport['port_id']);
      if (portId === trunkPortId) throw new ParentPortInUse({ port_id: portId });
      const mtu = mtus.get(portId);
      if (trunkMtu && mtu && mtu > trunkMtu)
        throw new SubPortMtuGreaterThanTrunkPortMtu({ port_id: portId, port_mtu: mtu, trunk_id: trunkPortId, trunk_mtu: trunkMtu });
      const segmentation = this.#segmentation(subport);
      await this.ports.validate(db, context, portId, false);
      valid.push({ port_id: portId, ...segmentation });
    }
    return valid;
  }

  /** The subport's segmentation type and id, checked as neutron's _raise_if_segmentation_details_missing and _invalid do. */
  #segmentation(subport: Subport): Omit<NewSubPort, 'port_id'> {
    if (!('segmentation_type' in subport) || !('segmentation_id' in subport)) throw new InvalidInput({ error_message: missingDetailsMessage(subport) });
    const type = subport['segmentation_type'];
    const id = pythonInt(subport['segmentation_id']);
    if (id === undefined) throw new SegmentationIdNotInteger({ segmentation_id: subport['segmentation_id'] });
    const check = typeof type === 'string' ? this.segmentationTypes.get(type) : undefined;
    if (check === undefined) throw new UnknownSegmentationType({ segmentation_type: type });
    if (!check(id)) throw new SegmentationIdOutOfRange({ segmentation_id: id });
    return { segmentation_type: type as string, segmentation_id: id };
  }

  /**
   * neutron's _prepare_subports: subports that inherit take their network's
   * provider type and id (which the core plugin must have), and each
   * subport's network MTU is read, in two lookups.
   */
  async #prepare(context: Context, requested: readonly Subport[]): Promise<{ prepared: Subport[]; mtus: Map<string, number> }> {
    const inherits = (subport: Subport): boolean => subport['segmentation_type'] === SEGMENTATION_TYPE_INHERIT;
    if (requested.some(inherits) && !coreSupports(this.core, 'provider')) {
      throw new InvalidInput({ error_message: `Cannot accept segmentation type ${SEGMENTATION_TYPE_INHERIT}` });
    }
    const prepared = [...requested];
    const mtus = new Map<string, number>();
    const ports = await this.core.getPorts(context, { filters: { id: requested.map((subport) => String(subport['port_id'])) } });
    const networks = await this.core.getNetworks(context.elevated(), { filters: { id: [...new Set(ports.map((port) => String(port['network_id'])))] } });
    const byId = new Map<string, ResourceDict>(networks.map((network) => [String(network['id']), network]));
    const withMtu = coreSupports(this.core, 'net-mtu');
    for (const port of ports) {
      const network = byId.get(String(port['network_id']));
      if (network === undefined) continue;
      const index = requested.findIndex((subport) => subport['port_id'] === port['id']);
      if (inherits(requested[index]!)) {
        prepared[index] = { port_id: port['id'], segmentation_id: network['provider:segmentation_id'], segmentation_type: network['provider:network_type'] };
      }
      if (withMtu) mtus.set(String(port['id']), Number(network['mtu']));
    }
    return { prepared, mtus };
  }

  /** The MTU of the port's network; none without net-mtu, or when the port or network is gone. */
  async #portMtu(context: Context, portId: string): Promise<number | undefined> {
    if (!coreSupports(this.core, 'net-mtu')) return undefined;
    try {
      const port = await this.core.getPort(context, portId);
      return Number((await this.core.getNetwork(context, String(port['network_id'])))['mtu']);
    } catch (error) {
      if (error instanceof NeutronException && (error.type === 'PortNotFound' || error.type === 'NetworkNotFound')) return undefined;
      throw error;
    }
  }
}
