import type { CorePlugin, ResourceDict } from '@net-server/lib';
import { filtersArg, Target } from '@net-server/rpc';
import { rpcContext } from './rpc-args.js';

/**
 * The metadata agent's callback on q-plugin (neutron's MetadataRpcCallback,
 * 1.0): the ports behind a metadata request, found by router, address,
 * network or MAC (`fixed_ips: {ip_address: [...]}` included).
 */
export class MetadataCallbacks {
  readonly target = new Target({ version: '1.0' });

  constructor(private readonly plugin: Pick<CorePlugin, 'getPorts'>) {}

  async get_ports(context: unknown, args: Record<string, unknown>): Promise<ResourceDict[]> {
    return this.plugin.getPorts(rpcContext(context), { filters: filtersArg(args) });
  }
}
