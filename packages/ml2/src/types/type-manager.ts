import {
  isAttrSpecified,
  InvalidInput,
  NoNetworkAvailable,
  SegmentsContainDuplicateEntry,
  SegmentsSetInConjunctionWithProviders,
  type ConfigReader,
  type Context,
  type Logger,
  type ResourceDict,
  type ResourceRequest,
} from '@net-server/lib';
import { ml2Options } from '../config/options.js';
import { networkSegments } from '../db/network-segments.js';
import type { Ml2Db } from '../db/schema.js';
import { loadDrivers, type DriverDiscovery } from '../driver-loading.js';
import { Ml2ConfigError } from '../errors.js';
import { MtuSettings } from './mtu.js';
import {
  PROVIDER_ATTRIBUTES,
  PROVIDER_NETWORK_TYPE,
  PROVIDER_PHYSICAL_NETWORK,
  PROVIDER_SEGMENTATION_ID,
  SEGMENTS,
  type NetworkSegment,
  type SegmentSpec,
} from './segment.js';
import type { TypeDriver, TypeDriverInit } from './type-driver.js';

export const TYPE_DRIVERS_NAMESPACE = 'net_server.ml2.type_drivers';

function given(value: unknown): boolean {
  return value !== undefined && value !== null && isAttrSpecified(value);
}

function asText(value: unknown): string | null {
  return given(value) ? String(value) : null;
}

function asId(value: unknown): number | null {
  if (!given(value)) return null;
  const id = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(id)) throw new InvalidInput({ error_message: `'${String(value)}' is not an integer` });
  return id;
}

/**
 * The loaded type drivers (neutron's TypeManager): turns provider attributes
 * into segments, reserves and allocates them through the driver of their
 * type, releases them, and reports them back as provider attributes.
 */
export class TypeManager {
  readonly drivers = new Map<string, TypeDriver>();
  readonly tenantNetworkTypes: readonly string[];
  readonly externalNetworkType: string | undefined;
  readonly #mtu: MtuSettings;

  constructor(
    drivers: readonly TypeDriver[],
    config: ConfigReader,
    private readonly logger: Logger,
  ) {
    for (const driver of drivers) {
      if (this.drivers.has(driver.networkType)) {
        logger.error(`Type driver ignored because a type driver for network type '${driver.networkType}' is already registered`);
        continue;
      }
      this.drivers.set(driver.networkType, driver);
    }
    const overlay = config.get('ml2', ml2Options.overlayIpVersion);
    if (overlay !== 4 && overlay !== 6) throw new Ml2ConfigError('ml2', 'overlay_ip_version', `${overlay} is neither 4 nor 6`);
    this.tenantNetworkTypes = config.get('ml2', ml2Options.tenantNetworkTypes);
    for (const type of this.tenantNetworkTypes) {
      if (!this.drivers.has(type)) {
        throw new Ml2ConfigError('ml2', 'tenant_network_types', `no type driver for tenant network type '${type}' is loaded (add it to [ml2] type_drivers)`);
      }
    }
    this.externalNetworkType = config.get('ml2', ml2Options.externalNetworkType);
    if (this.externalNetworkType !== undefined && !this.drivers.has(this.externalNetworkType)) {
      throw new Ml2ConfigError('ml2', 'external_network_type', `no type driver for '${this.externalNetworkType}' is loaded`);
    }
    this.#mtu = new MtuSettings(config);
  }

  /** Loads `[ml2] type_drivers` by name from the installed packages and initializes them. */
  static async load(config: ConfigReader, logger: Logger, discovery: DriverDiscovery = {}): Promise<TypeManager> {
    const init: TypeDriverInit = { config, logger };
    const names = config.get('ml2', ml2Options.typeDrivers);
    const extensions = await loadDrivers<TypeDriver>('type', TYPE_DRIVERS_NAMESPACE, names, init, discovery, logger);
    const manager = new TypeManager(
      extensions.map((extension) => extension.obj!),
      config,
      logger,
    );
    await manager.initialize();
    return manager;
  }

  async initialize(): Promise<void> {
    for (const [type, driver] of this.drivers) {
      this.logger.info(`Initializing driver for type '${type}'`);
      await driver.initialize?.();
    }
  }

  /**
   * The segments a create request asks for (provider attributes or
   * `segments`), validated; undefined when it asks for none.
   */
  processProviderCreate(network: ResourceRequest): SegmentSpec[] | undefined {
    if (PROVIDER_ATTRIBUTES.some((attr) => given(network[attr]))) {
      if (given(network[SEGMENTS])) throw new SegmentsSetInConjunctionWithProviders({});
      return [this.processProviderSegment(network)];
    }
    if (given(network[SEGMENTS])) {
      const requested = network[SEGMENTS];
      if (!Array.isArray(requested)) throw new InvalidInput({ error_message: 'segments must be a list of segment dictionaries' });
      const segments = requested.map((segment: unknown) => {
        if (typeof segment !== 'object' || segment === null) throw new InvalidInput({ error_message: 'segments must be a list of segment dictionaries' });
        return this.processProviderSegment(segment as ResourceRequest);
      });
      const full = segments.filter((segment) => !this.isPartialSegment(segment));
      const keys = new Set(full.map((s) => JSON.stringify([s.network_type, s.physical_network, s.segmentation_id])));
      if (keys.size !== full.length) throw new SegmentsContainDuplicateEntry({});
      return segments;
    }
    return undefined;
  }

  isPartialSegment(segment: SegmentSpec): boolean {
    return this.driverFor(segment.network_type).isPartialSegment(segment);
  }

  validateProviderSegment(segment: SegmentSpec): void {
    this.driverFor(segment.network_type).validateProviderSegment(segment);
  }

  /**
   * Reserves or allocates the network's segments inside the caller's
   * transaction and stores them; a rollback releases them with the rest.
   */
  async createNetworkSegments(
    db: Ml2Db,
    context: Context,
    network: ResourceRequest,
    networkId: string,
    projectId: string | undefined,
  ): Promise<NetworkSegment[]> {
    const requested = this.processProviderCreate(network);
    const filters = projectId === undefined ? {} : { projectId };
    const created: NetworkSegment[] = [];
    if (requested) {
      for (const [index, segment] of requested.entries()) {
        const reserved = await this.driverFor(segment.network_type).reserveProviderSegment(db, segment, context, filters);
        created.push(await networkSegments.add(db, networkId, reserved, index));
      }
      return created;
    }
    const external = this.externalNetworkType !== undefined && network['router:external'] === true;
    const types = external ? [this.externalNetworkType!] : this.tenantNetworkTypes;
    for (const type of types) {
      const segment = await this.driverFor(type).allocateTenantSegment(db, context, filters);
      if (segment) return [await networkSegments.add(db, networkId, segment, 0)];
    }
    throw new NoNetworkAvailable({});
  }

  /** Releases and forgets every segment of a network, dynamic ones included. */
  async releaseNetworkSegments(db: Ml2Db, networkId: string): Promise<void> {
    for (const segment of await networkSegments.forNetwork(db, networkId, true)) {
      const driver = this.drivers.get(segment.network_type);
      if (driver) await driver.releaseSegment(db, segment);
      else this.logger.error(`Failed to release segment because network type '${segment.network_type}' is not supported`, { segment });
    }
    await networkSegments.deleteForNetwork(db, networkId);
  }

  /**
   * A dynamic segment of the network for hierarchical binding (neutron's
   * allocate_dynamic_segment): an existing dynamic segment of the same type
   * and physical network (and id, when given) is shared, else the type
   * driver reserves or allocates one.
   */
  async allocateDynamicSegment(db: Ml2Db, context: Context, networkId: string, segment: SegmentSpec): Promise<NetworkSegment> {
    const existing = (await networkSegments.forNetwork(db, networkId, true)).find(
      (known) =>
        known.is_dynamic &&
        known.network_type === segment.network_type &&
        known.physical_network === (segment.physical_network ?? null) &&
        (segment.segmentation_id === null || segment.segmentation_id === undefined || known.segmentation_id === segment.segmentation_id),
    );
    if (existing) return existing;
    const reserved = await this.driverFor(segment.network_type).reserveProviderSegment(db, segment, context);
    const index = (await networkSegments.forNetwork(db, networkId, true)).length;
    return networkSegments.add(db, networkId, reserved, index, true);
  }

  /** Releases a dynamic segment and forgets it. */
  async releaseDynamicSegment(db: Ml2Db, segmentId: string): Promise<void> {
    const segment = await networkSegments.get(db, segmentId);
    if (!segment) return;
    await this.driverFor(segment.network_type).releaseSegment(db, segment);
    await networkSegments.delete(db, segmentId);
  }

  /** Adds provider attributes (one segment) or `segments` (several) to a network dict. */
  extendNetworkWithProviderSegments(network: ResourceDict, segments: readonly NetworkSegment[]): void {
    if (segments.length === 0) {
      for (const attr of PROVIDER_ATTRIBUTES) network[attr] = null;
    } else if (segments.length > 1) {
      network[SEGMENTS] = segments.map((segment) => ({
        [PROVIDER_NETWORK_TYPE]: segment.network_type,
        [PROVIDER_PHYSICAL_NETWORK]: segment.physical_network,
        [PROVIDER_SEGMENTATION_ID]: segment.segmentation_id,
      }));
    } else {
      const [segment] = segments;
      network[PROVIDER_NETWORK_TYPE] = segment!.network_type;
      network[PROVIDER_PHYSICAL_NETWORK] = segment!.physical_network;
      network[PROVIDER_SEGMENTATION_ID] = segment!.segmentation_id;
    }
  }

  /** The network MTU: the smallest segment MTU, the deployment's physnet MTU when no segment knows. */
  getNetworkMtu(segments: readonly NetworkSegment[]): number {
    const mtus = segments.map((segment) => this.drivers.get(segment.network_type)?.getMtu(segment.physical_network) ?? 0).filter((mtu) => mtu > 0);
    return mtus.length > 0 ? Math.min(...mtus) : this.#mtu.globalPhysnetMtu;
  }

  /** Whether one of the network's segments matches every provider filter given. */
  segmentsMatchFilters(segments: readonly NetworkSegment[], filters: Readonly<Record<string, readonly unknown[]>>): boolean {
    const wanted = PROVIDER_ATTRIBUTES.filter((attr) => (filters[attr]?.length ?? 0) > 0);
    if (wanted.length === 0) return true;
    const valueOf = (segment: NetworkSegment, attr: string): unknown =>
      attr === PROVIDER_NETWORK_TYPE ? segment.network_type : attr === PROVIDER_PHYSICAL_NETWORK ? segment.physical_network : segment.segmentation_id;
    return segments.some((segment) => wanted.every((attr) => filters[attr]!.some((value) => String(value) === String(valueOf(segment, attr)))));
  }

  private processProviderSegment(request: ResourceRequest): SegmentSpec {
    const networkType = asText(request[PROVIDER_NETWORK_TYPE]);
    if (networkType === null) throw new InvalidInput({ error_message: 'network_type required' });
    const segment: SegmentSpec = {
      network_type: networkType,
      physical_network: asText(request[PROVIDER_PHYSICAL_NETWORK]),
      segmentation_id: asId(request[PROVIDER_SEGMENTATION_ID]),
    };
    this.validateProviderSegment(segment);
    return segment;
  }

  private driverFor(networkType: string): TypeDriver {
    const driver = this.drivers.get(networkType);
    if (!driver) throw new InvalidInput({ error_message: `network_type value '${networkType}' not supported` });
    return driver;
  }
}
