import { hostname } from 'node:os';
import { RpcServer, type RpcServerOptions } from './server.js';
import { Target } from './target.js';
import type { Transport } from './transport.js';

export interface ConsumerOptions {
  /**
   * Marks the server's target as fanout, as neutron does; whatever the flag,
   * a server receives the topic's fanout casts besides its topic and
   * topic.server messages (oslo's behaviour).
   */
  fanout?: boolean;
  /** The server name of the target; default this host's name (neutron's `cfg.CONF.host`). */
  server?: string;
}

/** neutron_lib.rpc.Connection: a set of RPC servers started and stopped together. */
export interface Connection {
  /** A server on `topic` for `endpoints` (objects; see EndpointDeclarations). */
  createConsumer(topic: string, endpoints: readonly object[], options?: ConsumerOptions): RpcServer;
  /** Start every consumer (neutron's `consume_in_threads`). */
  consume(): Promise<RpcServer[]>;
  /** Stop every consumer, then wait for their in-flight requests. */
  close(): Promise<void>;
}

export function createConnection(transport: Transport, serverOptions: RpcServerOptions = {}): Connection {
  const servers: RpcServer[] = [];
  return {
    createConsumer(topic, endpoints, options = {}) {
      const target = new Target({ topic, server: options.server ?? hostname(), fanout: options.fanout ?? false });
      const server = new RpcServer(transport, target, endpoints, serverOptions);
      servers.push(server);
      return server;
    },
    async consume() {
      for (const server of servers) await server.start();
      return [...servers];
    },
    async close() {
      await Promise.all(servers.map((server) => server.stop()));
      await Promise.all(servers.map((server) => server.wait()));
    },
  };
}
