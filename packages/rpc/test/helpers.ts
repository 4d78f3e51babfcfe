import { randomUUID } from 'node:crypto';
import { silentLogger } from '@net-server/lib';
import {
  RpcServer,
  getRpcTransport,
  type GetTransportOptions,
  type RpcServerOptions,
  type RpcTransportConf,
  type Target,
  type Transport,
} from '@net-server/rpc';

/** A memory:// URL no other test uses, so each test has its own bus. */
export function uniqueUrl(): string {
  return `memory:///${randomUUID()}`;
}

export function transportFor(url: string, conf: RpcTransportConf = {}, options: GetTransportOptions = {}): Promise<Transport> {
  return getRpcTransport({ ...conf, transport_url: url }, { logger: silentLogger, ...options });
}

export interface Gate {
  promise: Promise<void>;
  open(): void;
}

export function gate(): Gate {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/** Let queued deliveries and their handlers run. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i += 1) await new Promise<void>((resolve) => setImmediate(resolve));
}

const cleanups: Array<() => Promise<void>> = [];

/** Register teardown work for {@link runCleanups} (call it from afterEach); runs last-in first-out. */
export function onCleanup(cleanup: () => Promise<void>): void {
  cleanups.push(cleanup);
}

export async function runCleanups(): Promise<void> {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
}

/** A started server, stopped and drained by {@link runCleanups}. */
export async function startServer(transport: Transport, target: Target, endpoints: object[], options: RpcServerOptions = {}): Promise<RpcServer> {
  const server = new RpcServer(transport, target, endpoints, options);
  await server.start();
  onCleanup(async () => {
    await server.stop();
    await server.wait();
  });
  return server;
}
