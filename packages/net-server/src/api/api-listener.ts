import type { RequestListener, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ConfigReader, Logger } from '@net-server/lib';
import { coreOptions, serviceOptions } from '../config/server-options.js';
import { createApiHttpServer } from './http-server.js';

export interface ListenOptions {
  /** Default: [DEFAULT] bind_port. 0 picks a free port. */
  port?: number;
  /** Default: [DEFAULT] bind_host. */
  host?: string;
}

/** An HTTP server for the API's handler, started and stopped on demand. */
export interface ApiListener {
  /** Starts an HTTP server with the handler; resolves with the bound address. */
  listen(options?: ListenOptions): Promise<AddressInfo>;
  /** Stops accepting connections and resolves once in-flight requests are answered. */
  close(): Promise<void>;
  /** The server `listen` started, if any. */
  readonly server: Server | undefined;
}

/** The listener with [DEFAULT]'s bind address, backlog, header size and keep-alive. */
export function createApiListener(handler: RequestListener, config: ConfigReader, logger: Logger): ApiListener {
  let server: Server | undefined;
  return {
    get server() {
      return server;
    },
    async listen(listen: ListenOptions = {}) {
      const port = listen.port ?? config.get('DEFAULT', coreOptions.bindPort);
      const host = listen.host ?? config.get('DEFAULT', coreOptions.bindHost);
      server = createApiHttpServer(handler, {
        maxHeaderSize: config.get('DEFAULT', serviceOptions.maxHeaderLine) * 2,
        keepAliveTimeoutMs: config.get('DEFAULT', serviceOptions.wsgiKeepAlive) ? 5_000 : 0,
      });
      const started = server;
      await new Promise<void>((resolve, reject) => {
        started.once('error', reject);
        started.listen({ port, host, backlog: config.get('DEFAULT', serviceOptions.backlog) }, () => {
          started.off('error', reject);
          resolve();
        });
      });
      const address = started.address() as AddressInfo;
      logger.info('API listening', { host: address.address, port: address.port });
      return address;
    },
    async close() {
      const running = server;
      if (!running) return;
      server = undefined;
      await new Promise<void>((resolve) => {
        running.close(() => resolve());
        running.closeIdleConnections();
      });
    },
  };
}
