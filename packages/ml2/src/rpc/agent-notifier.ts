import type { Context } from '@net-server/lib';
import { RpcClient, Target, type Transport } from '@net-server/rpc';

/**
 * Sends notifications to agents: fanout casts on the
 * `q-agent-notifier-<resource>-<operation>` topics, or casts to one host.
 */
export interface AgentNotifier {
  fanout(context: Context, topic: string, method: string, args: Record<string, unknown>, version?: string): Promise<void>;
  castToHost(context: Context, topic: string, host: string, method: string, args: Record<string, unknown>, version?: string): Promise<void>;
}

/** An AgentNotifier over an RPC transport (neutron's AgentNotifierApi client side). */
export class RpcAgentNotifier implements AgentNotifier {
  readonly #client: RpcClient;

  constructor(transport: Transport) {
    this.#client = new RpcClient(transport, new Target({ version: '1.0' }));
  }

  async fanout(context: Context, topic: string, method: string, args: Record<string, unknown>, version = '1.0'): Promise<void> {
    await this.#client.prepare({ topic, fanout: true, version }).cast(context.toDict(), method, args);
  }

  async castToHost(context: Context, topic: string, host: string, method: string, args: Record<string, unknown>, version = '1.0'): Promise<void> {
    await this.#client.prepare({ topic, server: host, version }).cast(context.toDict(), method, args);
  }
}
