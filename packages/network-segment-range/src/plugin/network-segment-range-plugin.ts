import type { Context, Filters, ListOptions, ResourceDict, ResourceRequest, ServicePlugin, TagsCapable } from '@net-server/lib';
import { ResourceStore, givenInteger, givenString, requireCoreCapabilities, unwrapBody, type PluginInit, type Session, type Transactions } from 'net-server';
import { NETWORK_SEGMENT_RANGE, NETWORK_SEGMENT_RANGE_SERVICE_TYPE } from '../api/definitions.js';
import { rangesView, type NetworkSegmentRangeRow } from '../db/schema.js';
import { NetworkSegmentRangeDefaultReadOnly, NetworkSegmentRangeNetTypeNotSupported } from '../errors.js';
import { DefaultRanges } from './default-ranges.js';
import { rangedTypeDrivers } from './ml2-types.js';
import { checkEligible, checkNoOverlap, checkUpdateLeavesSegments, physicalNetworkOf } from './range-checks.js';
import { rangeOf } from './range-segments.js';
import { rangeUsageHooks } from './range-usage.js';
import { networkSegmentRanges } from './segment-ranges.js';

/**
 * The `network_segment_range` service plugin (neutron's
 * services/network_segment_range): ranges of VLAN, VXLAN, GRE and Geneve
 * ids that ML2's type drivers allocate tenant networks from once it is
 * loaded, a project's own ranges before the shared ones. The configured
 * ranges ([ml2_type_vlan] network_vlan_ranges, [ml2_type_vxlan]
 * vni_ranges, ...) are its default ranges, which the API shows but does not
 * change. Ranges are kept with the resource kit in the core plugin's
 * transactions, which allocation reads them in.
 */
export class NetworkSegmentRangePlugin implements ServicePlugin, TagsCapable {
  readonly pluginType = NETWORK_SEGMENT_RANGE_SERVICE_TYPE;
  readonly pluginDescription = 'Adds network segment ranges to Neutron resources';
  readonly supportedExtensionAliases = [NETWORK_SEGMENT_RANGE.alias];
  readonly resources = ['network_segment_ranges'];
  readonly taggableCollections = ['network_segment_ranges'];
  readonly nativePaginationSupport = true;
  readonly nativeSortingSupport = true;
  readonly ranges: ResourceStore<NetworkSegmentRangeRow>;
  readonly defaults: DefaultRanges;
  readonly #transactions: Transactions;
  #defaultsStored = false;

  constructor(init: PluginInit) {
    const core = requireCoreCapabilities(init.directory.corePlugin, 'network_segment_range', ['transactions']);
    this.#transactions = core.transactions;
    const drivers = rangedTypeDrivers(core);
    this.defaults = new DefaultRanges(drivers);
    for (const driver of drivers.values()) driver.useSegmentRanges(this.defaults);
    this.ranges = new ResourceStore(core.transactions, networkSegmentRanges);
    this.ranges.hooks.add(rangeUsageHooks);
  }

  /** TagsCapable: a range whose tags changed has a new revision. */
  tagsChanged(context: Context, collection: string, id: string): Promise<boolean> {
    return collection === 'network_segment_ranges' ? this.ranges.tagsChanged(context, id) : Promise.resolve(false);
  }

  async createNetworkSegmentRange(context: Context, body: ResourceRequest): Promise<ResourceDict> {
    await this.#storeDefaults(context);
    return this.#transactions.write(context, (session) => this.#create(session, body));
  }

  async createNetworkSegmentRangeBulk(context: Context, bodies: readonly ResourceRequest[]): Promise<ResourceDict[]> {
    await this.#storeDefaults(context);
    return this.#transactions.write(context, async (session) => {
      const created: ResourceDict[] = [];
      for (const body of bodies) created.push(await this.#create(session, body));
      return created;
    });
  }

  async updateNetworkSegmentRange(context: Context, id: string, body: ResourceRequest): Promise<ResourceDict> {
    await this.#storeDefaults(context);
    return this.#transactions.write(context, async (session) => {
      const request = unwrapBody(body, networkSegmentRanges.member);
      const { row, dict } = await this.ranges.find(session, id);
      if (Boolean(row.default)) throw new NetworkSegmentRangeDefaultReadOnly({ range_id: id });
      const minimum = givenInteger(request, 'minimum') ?? Number(row.minimum);
      const maximum = givenInteger(request, 'maximum') ?? Number(row.maximum);
      await checkUpdateLeavesSegments(rangesView(session.db), dict, minimum, maximum);
      checkEligible({ ...rangeOf(row), minimum, maximum });
      return this.ranges.updateIn(session, id, request);
    });
  }

  async deleteNetworkSegmentRange(context: Context, id: string): Promise<void> {
    await this.#storeDefaults(context);
    return this.ranges.delete(context, id);
  }

  async getNetworkSegmentRange(context: Context, id: string, fields?: readonly string[]): Promise<ResourceDict> {
    await this.#storeDefaults(context);
    return this.ranges.get(context, id, fields);
  }

  async getNetworkSegmentRanges(context: Context, options?: ListOptions): Promise<ResourceDict[]> {
    await this.#storeDefaults(context);
    return this.ranges.list(context, options);
  }

  async getNetworkSegmentRangesCount(context: Context, filters?: Filters): Promise<number> {
    await this.#storeDefaults(context);
    return this.ranges.count(context, filters);
  }

  /** neutron's create_network_segment_range: a type ML2 serves, bounds of the type, no overlap with another non-default range. */
  async #create(session: Session, body: ResourceRequest): Promise<ResourceDict> {
    const request = unwrapBody(body, networkSegmentRanges.member);
    const networkType = givenString(request, 'network_type');
    if (networkType === undefined || !this.defaults.networkTypes.includes(networkType)) {
      throw new NetworkSegmentRangeNetTypeNotSupported({ type: networkType ?? request['network_type'] });
    }
    const range = { ...rangeOf(request), network_type: networkType, physical_network: physicalNetworkOf(request, networkType) };
    checkEligible(range);
    await checkNoOverlap(rangesView(session.db), range);
    return this.ranges.createIn(session, { ...request, physical_network: range.physical_network });
  }

  /** The configured ranges stored as default ones, once per process before the API first reads or writes ranges (allocation does it in its own transactions). */
  async #storeDefaults(context: Context): Promise<void> {
    if (this.#defaultsStored) return;
    await this.#transactions.write(context.elevated(), (session) => this.defaults.syncAll(rangesView(session.db)));
    this.#defaultsStored = true;
  }
}
