import { constants, type Context, type ResourceDict } from '@net-server/lib';
import type { Agent } from '../agents/agent.js';
import { DynamicSegmentsUnavailableError } from '../errors.js';
import type { NetworkSegment, SegmentSpec } from '../types/segment.js';
import type { NetworkContext } from './network-context.js';
import type { BindingLevel, PortBinding } from './port-binding.js';

/** Allocates and releases dynamic segments of the port's network (hierarchical binding). */
export interface DynamicSegments {
  allocate(networkId: string, segment: SegmentSpec): Promise<NetworkSegment>;
  release(segmentId: string): Promise<void>;
}

/** Looks up the agents of a type on a host, for agent-based drivers. */
export type HostAgentsLookup = (agentType: string, host: string) => Promise<Agent[]>;

export interface PortContextOptions {
  pluginContext: Context;
  current: ResourceDict;
  network: NetworkContext;
  binding: PortBinding;
  bindingLevels?: readonly BindingLevel[];
  original?: ResourceDict;
  originalBinding?: PortBinding;
  originalBindingLevels?: readonly BindingLevel[];
  hostAgents: HostAgentsLookup;
  /** Without it, drivers cannot allocate dynamic segments. */
  dynamicSegments?: DynamicSegments;
}

/**
 * What mechanism drivers see of a port operation (neutron's PortContext):
 * current and original port and binding, the binding levels, and, while
 * binding, the segments to bind and the calls that bind them.
 */
export class PortContext {
  readonly pluginContext: Context;
  readonly current: ResourceDict;
  readonly original: ResourceDict | undefined;
  readonly network: NetworkContext;
  readonly binding: PortBinding;
  readonly originalBinding: PortBinding | undefined;
  #levels: BindingLevel[];
  readonly #originalLevels: readonly BindingLevel[] | undefined;
  readonly #hostAgents: HostAgentsLookup;
  readonly #dynamic: DynamicSegments | undefined;
  // Dynamic segments allocated while binding, so that levels can name them.
  readonly #allocated: NetworkSegment[] = [];
  #segmentsToBind: readonly NetworkSegment[] = [];
  #newBoundSegment: string | undefined;
  #nextSegmentsToBind: readonly NetworkSegment[] | undefined;
  #newPortStatus: string | undefined;

  constructor(options: PortContextOptions) {
    this.pluginContext = options.pluginContext;
    this.current = options.current;
    this.original = options.original;
    this.network = options.network;
    this.binding = options.binding;
    this.originalBinding = options.originalBinding;
    this.#levels = [...(options.bindingLevels ?? [])];
    this.#originalLevels = options.originalBindingLevels;
    this.#hostAgents = options.hostAgents;
    this.#dynamic = options.dynamicSegments;
  }

  get status(): string {
    return String(this.current['status'] ?? '');
  }

  get originalStatus(): string | undefined {
    return this.original === undefined ? undefined : String(this.original['status'] ?? '');
  }

  get bindingLevels(): readonly BindingLevel[] {
    return this.#levels;
  }

  get originalBindingLevels(): readonly BindingLevel[] | undefined {
    return this.#originalLevels;
  }

  get topBoundSegment(): NetworkSegment | undefined {
    return this.expandSegment(this.#levels[0]?.segment_id);
  }

  get bottomBoundSegment(): NetworkSegment | undefined {
    return this.expandSegment(this.#levels.at(-1)?.segment_id);
  }

  get originalTopBoundSegment(): NetworkSegment | undefined {
    return this.expandSegment(this.#originalLevels?.[0]?.segment_id);
  }

  get originalBottomBoundSegment(): NetworkSegment | undefined {
    return this.expandSegment(this.#originalLevels?.at(-1)?.segment_id);
  }

  get host(): string {
    return this.binding.host;
  }

  get originalHost(): string | undefined {
    return this.originalBinding?.host;
  }

  get vifType(): string {
    return this.binding.vif_type;
  }

  get originalVifType(): string | undefined {
    return this.originalBinding?.vif_type;
  }

  get vifDetails(): Record<string, unknown> {
    return this.binding.vif_details;
  }

  get vnicType(): string {
    return this.binding.vnic_type || constants.VNIC_NORMAL;
  }

  /** The segments a driver's bindPort is asked to bind at this level. */
  get segmentsToBind(): readonly NetworkSegment[] {
    return this.#segmentsToBind;
  }

  /** The live and dead agents of a type on this port's host. */
  hostAgents(agentType: string): Promise<Agent[]> {
    return this.#hostAgents(agentType, this.host);
  }

  /**
   * A dynamic segment of this port's network (e.g. the VLAN a top-of-rack
   * switch uses below a VXLAN segment), to pass to `continueBinding`.
   */
  async allocateDynamicSegment(segment: SegmentSpec): Promise<NetworkSegment> {
    if (!this.#dynamic) throw new DynamicSegmentsUnavailableError();
    const allocated = await this.#dynamic.allocate(String(this.current['network_id']), segment);
    this.#allocated.push(allocated);
    return allocated;
  }

  async releaseDynamicSegment(segmentId: string): Promise<void> {
    if (!this.#dynamic) throw new DynamicSegmentsUnavailableError();
    await this.#dynamic.release(segmentId);
  }

  /** Completes the binding at this level with one of segmentsToBind. */
  setBinding(segmentId: string, vifType: string, vifDetails: Record<string, unknown>, status?: string): void {
    this.#newBoundSegment = segmentId;
    this.binding.vif_type = vifType;
    this.binding.vif_details = vifDetails;
    this.#newPortStatus = status;
  }

  /** Binds this level to `segmentId` and asks the drivers to bind `nextSegments` at the next level. */
  continueBinding(segmentId: string, nextSegments: readonly NetworkSegment[]): void {
    this.#newBoundSegment = segmentId;
    this.#nextSegmentsToBind = nextSegments;
  }

  /** The port status a driver asked for when it bound the port. */
  get newPortStatus(): string | undefined {
    return this.#newPortStatus;
  }

  /** @internal The binding algorithm's steps (MechanismManager). */
  prepareToBind(segments: readonly NetworkSegment[]): void {
    this.#segmentsToBind = segments;
    this.#newBoundSegment = undefined;
    this.#nextSegmentsToBind = undefined;
  }

  /** @internal */
  boundAttempt(): { segmentId: string | undefined; next: readonly NetworkSegment[] | undefined } {
    return { segmentId: this.#newBoundSegment, next: this.#nextSegmentsToBind };
  }

  /** @internal */
  clearBindingLevels(): void {
    this.#levels = [];
  }

  /** @internal */
  pushBindingLevel(level: BindingLevel): void {
    this.#levels.push(level);
  }

  /** @internal */
  popBindingLevel(): void {
    this.#levels.pop();
  }

  private expandSegment(segmentId: string | undefined): NetworkSegment | undefined {
    if (segmentId === undefined) return undefined;
    return [...this.network.networkSegments, ...this.#allocated].find((segment) => segment.id === segmentId);
  }
}
