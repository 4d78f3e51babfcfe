import { randomUUID } from 'node:crypto';
import {
  ATTR_NOT_SPECIFIED,
  NetworkInUse,
  NetworkNotFound,
  NotFound,
  PortNotFound,
  SubnetNotFound,
  type Context,
  type ListOptions,
  type ResourceDict,
  type ResourceRequest,
} from '@net-server/lib';

/*
 * A core plugin that keeps networks, subnets and ports in memory, for the
 * API's routing and serialisation tests only: it scopes by project as
 * neutron's DB layer does (own and shared networks), applies filters and
 * fields, and leaves sorting and paging to the API's emulation.
 */

type Store = Map<string, ResourceDict>;

function specified(body: ResourceRequest): ResourceDict {
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== ATTR_NOT_SPECIFIED));
}

function visible(context: Context, item: ResourceDict, sharedAttribute?: string): boolean {
  return context.isAdmin || item['project_id'] === context.projectId || (sharedAttribute !== undefined && item[sharedAttribute] === true);
}

function matches(item: ResourceDict, options: ListOptions): boolean {
  return Object.entries(options.filters ?? {}).every(([key, values]) =>
    values.some((value) => (Array.isArray(item[key]) ? (item[key] as unknown[]).includes(value) : String(item[key]) === String(value))),
  );
}

function select(item: ResourceDict, fields?: readonly string[]): ResourceDict {
  return fields && fields.length > 0 ? Object.fromEntries(Object.entries(item).filter(([key]) => fields.includes(key))) : { ...item };
}

export class MemoryPlugin {
  readonly supportedExtensionAliases = ['external-net', 'provider', 'binding', 'standard-attr-description'];
  readonly networks: Store = new Map();
  readonly subnets: Store = new Map();
  readonly ports: Store = new Map();
  /** Fails the next create whose name is this, to test bulk rollback. */
  failOnName = 'explode';

  async createNetwork(context: Context, body: ResourceRequest): Promise<ResourceDict> {
    if (body['name'] === this.failOnName) throw new Error('simulated backend failure');
    const network: ResourceDict = {
      'provider:network_type': 'vxlan',
      'provider:physical_network': null,
      'provider:segmentation_id': 1000 + this.networks.size,
      ...specified(body),
      id: randomUUID(),
      status: 'ACTIVE',
      subnets: [],
      'router:external': body['router:external'] === true,
    };
    this.networks.set(network['id'] as string, network);
    return { ...network };
  }

  async getNetwork(context: Context, id: string, fields?: readonly string[]): Promise<ResourceDict> {
    const network = this.networks.get(id);
    if (!network || !visible(context, network, 'shared')) throw new NetworkNotFound({ net_id: id });
    return select(network, fields);
  }

  async getNetworks(context: Context, options: ListOptions = {}): Promise<ResourceDict[]> {
    return [...this.networks.values()].filter((n) => visible(context, n, 'shared') && matches(n, options)).map((n) => select(n, options.fields));
  }

  async updateNetwork(context: Context, id: string, body: ResourceRequest): Promise<ResourceDict> {
    const network = this.networks.get(id);
    if (!network || !visible(context, network)) throw new NetworkNotFound({ net_id: id });
    Object.assign(network, specified(body));
    return { ...network };
  }

  async deleteNetwork(context: Context, id: string): Promise<void> {
    const network = this.networks.get(id);
    if (!network || !visible(context, network)) throw new NetworkNotFound({ net_id: id });
    if ([...this.ports.values()].some((port) => port['network_id'] === id)) throw new NetworkInUse({ net_id: id });
    this.networks.delete(id);
  }

  async createPort(context: Context, body: ResourceRequest): Promise<ResourceDict> {
    const port: ResourceDict = {
      mac_address: `fa:16:3e:00:00:${(this.ports.size % 256).toString(16).padStart(2, '0')}`,
      fixed_ips: [],
      'binding:host_id': '',
      'binding:profile': {},
      'binding:vif_type': 'unbound',
      'binding:vif_details': {},
      ...specified(body),
      id: randomUUID(),
      status: 'DOWN',
    };
    this.ports.set(port['id'] as string, port);
    return { ...port };
  }

  async getPort(context: Context, id: string, fields?: readonly string[]): Promise<ResourceDict> {
    const port = this.ports.get(id);
    if (!port || !visible(context, port)) throw new PortNotFound({ port_id: id });
    return select(port, fields);
  }

  async getPorts(context: Context, options: ListOptions = {}): Promise<ResourceDict[]> {
    return [...this.ports.values()].filter((p) => visible(context, p) && matches(p, options)).map((p) => select(p, options.fields));
  }

  async updatePort(context: Context, id: string, body: ResourceRequest): Promise<ResourceDict> {
    const port = this.ports.get(id);
    if (!port || !visible(context, port)) throw new PortNotFound({ port_id: id });
    Object.assign(port, specified(body));
    return { ...port };
  }

  async deletePort(context: Context, id: string): Promise<void> {
    if (!this.ports.get(id)) throw new PortNotFound({ port_id: id });
    this.ports.delete(id);
  }

  async getSubnet(context: Context, id: string): Promise<ResourceDict> {
    throw new SubnetNotFound({ subnet_id: id });
  }

  async getSubnets(): Promise<ResourceDict[]> {
    return [];
  }

  async getSubnetpool(): Promise<ResourceDict> {
    throw new NotFound({});
  }
}
