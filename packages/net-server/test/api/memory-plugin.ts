import { randomUUID } from 'node:crypto';
import {
  ATTR_NOT_SPECIFIED,
  NetworkInUse,
  NetworkNotFound,
  PortNotFound,
  SubnetNotFound,
  SubnetPoolNotFound,
  type Context,
  type ListOptions,
  type NeutronException,
  type ResourceDict,
  type ResourceRequest,
} from '@net-server/lib';

/*
 * A core plugin that keeps its resources in memory, for the API's routing
 * and serialisation tests only: it scopes by project as neutron's DB layer
 * does (own resources, plus shared ones where the resource has `shared`),
 * applies filters and fields, and leaves sorting and paging to the API's
 * emulation. Resource semantics (IPAM, MACs, ...) are the DB plugin's job.
 */

function specified(body: ResourceRequest): ResourceDict {
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== ATTR_NOT_SPECIFIED));
}

function matches(item: ResourceDict, options: ListOptions): boolean {
  return Object.entries(options.filters ?? {}).every(([key, values]) =>
    values.some((value) => (Array.isArray(item[key]) ? (item[key] as unknown[]).includes(value) : String(item[key]) === String(value))),
  );
}

function select(item: ResourceDict, fields?: readonly string[]): ResourceDict {
  return fields && fields.length > 0 ? Object.fromEntries(Object.entries(item).filter(([key]) => fields.includes(key))) : { ...item };
}

class MemoryCollection {
  readonly items = new Map<string, ResourceDict>();

  constructor(
    private readonly notFound: (id: string) => NeutronException,
    private readonly defaults: (size: number) => ResourceDict,
    private readonly computed: (body: ResourceRequest) => ResourceDict,
  ) {}

  #visible(context: Context, item: ResourceDict, forWrite: boolean): boolean {
    return context.isAdmin || item['project_id'] === context.projectId || (!forWrite && item['shared'] === true);
  }

  #find(context: Context, id: string, forWrite: boolean): ResourceDict {
    const item = this.items.get(id);
    if (!item || !this.#visible(context, item, forWrite)) throw this.notFound(id);
    return item;
  }

  create(body: ResourceRequest): ResourceDict {
    const item: ResourceDict = { ...this.defaults(this.items.size), ...specified(body), ...this.computed(body), id: randomUUID() };
    this.items.set(item['id'] as string, item);
    return { ...item };
  }

  get(context: Context, id: string, fields?: readonly string[]): ResourceDict {
    return select(this.#find(context, id, false), fields);
  }

  list(context: Context, options: ListOptions = {}): ResourceDict[] {
    return [...this.items.values()].filter((item) => this.#visible(context, item, false) && matches(item, options)).map((item) => select(item, options.fields));
  }

  update(context: Context, id: string, body: ResourceRequest): ResourceDict {
    const item = this.#find(context, id, true);
    Object.assign(item, specified(body));
    return { ...item };
  }

  delete(context: Context, id: string): void {
    this.#find(context, id, true);
    this.items.delete(id);
  }
}

export class MemoryPlugin {
  readonly supportedExtensionAliases = ['external-net', 'provider', 'binding', 'standard-attr-description'];
  /** A create with this name fails as a backend would, to test bulk rollback. */
  readonly failOnName = 'explode';
  readonly networks = new MemoryCollection(
    (id) => new NetworkNotFound({ net_id: id }),
    (size) => ({ 'provider:network_type': 'vxlan', 'provider:physical_network': null, 'provider:segmentation_id': 1000 + size }),
    (body) => ({ status: 'ACTIVE', subnets: [], 'router:external': body['router:external'] === true }),
  );
  readonly ports = new MemoryCollection(
    (id) => new PortNotFound({ port_id: id }),
    (size) => ({
      mac_address: `fa:16:3e:00:${Math.floor(size / 256) % 256}:${size % 256}`.replace(
        /:(\d+)/g,
        (_all, n: string) => `:${Number(n).toString(16).padStart(2, '0')}`,
      ),
      fixed_ips: [],
      'binding:host_id': '',
      'binding:profile': {},
      'binding:vif_type': 'unbound',
      'binding:vif_details': {},
    }),
    () => ({ status: 'DOWN' }),
  );
  readonly subnets = new MemoryCollection(
    (id) => new SubnetNotFound({ subnet_id: id }),
    () => ({}),
    () => ({}),
  );
  readonly subnetpools = new MemoryCollection(
    (id) => new SubnetPoolNotFound({ subnetpool_id: id }),
    () => ({}),
    () => ({}),
  );

  async createNetwork(context: Context, body: ResourceRequest): Promise<ResourceDict> {
    if (body['name'] === this.failOnName) throw new Error('simulated backend failure');
    return this.networks.create(body);
  }
  async getNetwork(context: Context, id: string, fields?: readonly string[]): Promise<ResourceDict> {
    return this.networks.get(context, id, fields);
  }
  async getNetworks(context: Context, options?: ListOptions): Promise<ResourceDict[]> {
    return this.networks.list(context, options);
  }
  async updateNetwork(context: Context, id: string, body: ResourceRequest): Promise<ResourceDict> {
    return this.networks.update(context, id, body);
  }
  async deleteNetwork(context: Context, id: string): Promise<void> {
    this.networks.get(context, id);
    if ([...this.ports.items.values()].some((port) => port['network_id'] === id)) throw new NetworkInUse({ net_id: id });
    this.networks.delete(context, id);
  }

  async createPort(context: Context, body: ResourceRequest): Promise<ResourceDict> {
    return this.ports.create(body);
  }
  async getPort(context: Context, id: string, fields?: readonly string[]): Promise<ResourceDict> {
    return this.ports.get(context, id, fields);
  }
  async getPorts(context: Context, options?: ListOptions): Promise<ResourceDict[]> {
    return this.ports.list(context, options);
  }
  async updatePort(context: Context, id: string, body: ResourceRequest): Promise<ResourceDict> {
    return this.ports.update(context, id, body);
  }
  async deletePort(context: Context, id: string): Promise<void> {
    this.ports.delete(context, id);
  }

  async createSubnet(context: Context, body: ResourceRequest): Promise<ResourceDict> {
    this.networks.get(context, String(body['network_id']));
    return this.subnets.create(body);
  }
  async getSubnet(context: Context, id: string, fields?: readonly string[]): Promise<ResourceDict> {
    return this.subnets.get(context, id, fields);
  }
  async getSubnets(context: Context, options?: ListOptions): Promise<ResourceDict[]> {
    return this.subnets.list(context, options);
  }
  async updateSubnet(context: Context, id: string, body: ResourceRequest): Promise<ResourceDict> {
    return this.subnets.update(context, id, body);
  }
  async deleteSubnet(context: Context, id: string): Promise<void> {
    this.subnets.delete(context, id);
  }

  async createSubnetpool(context: Context, body: ResourceRequest): Promise<ResourceDict> {
    return this.subnetpools.create(body);
  }
  async getSubnetpool(context: Context, id: string, fields?: readonly string[]): Promise<ResourceDict> {
    return this.subnetpools.get(context, id, fields);
  }
  async getSubnetpools(context: Context, options?: ListOptions): Promise<ResourceDict[]> {
    return this.subnetpools.list(context, options);
  }
  async updateSubnetpool(context: Context, id: string, body: ResourceRequest): Promise<ResourceDict> {
    return this.subnetpools.update(context, id, body);
  }
  async deleteSubnetpool(context: Context, id: string): Promise<void> {
    this.subnetpools.delete(context, id);
  }
}
