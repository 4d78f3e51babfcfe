import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import { createApiHttpServer } from '../api/http-server.js';

export interface HttpListenerOptions {
  host: string;
  port: number;
  backlog: number;
  /** Seconds an idle client connection stays open; 0: no limit. */
  keepAliveTimeout: number;
  keepAlive: boolean;
  maxHeaderSize: number;
  /** How long a client may take to send its headers; default 30 s. */
  headersTimeoutMs?: number;
}

/**
 * The API's HTTP server. Inside a cluster worker, `listen` shares the
 * master's socket. `drain()` stops accepting, tells keep-alive clients to
 * close after their current response, and resolves once every request
 * already received has been answered. The handler can be swapped while
 * listening (SIGHUP in a single-process server).
 */
export class HttpListener {
  readonly #server: Server;
  readonly #active = new Set<ServerResponse>();
  #handler: RequestListener;
  #draining = false;
  readonly #closed: Promise<void>;

  constructor(
    handler: RequestListener,
    private readonly options: HttpListenerOptions,
  ) {
    this.#handler = handler;
    this.#server = createApiHttpServer((req, res) => this.#serve(req, res), {
      maxHeaderSize: options.maxHeaderSize,
      keepAliveTimeoutMs: options.keepAliveTimeout * 1000,
      headersTimeoutMs: options.headersTimeoutMs,
    });
    this.#closed = new Promise((resolve) => this.#server.once('close', () => resolve()));
  }

  /** Resolves once listening; rejects with the bind error (EADDRINUSE, EACCES...). */
  listen(): Promise<void> {
    const { host, port, backlog } = this.options;
    return new Promise((resolve, reject) => {
      const onError = (error: Error): void => reject(error);
      this.#server.once('error', onError);
      this.#server.listen({ host, port, backlog }, () => {
        this.#server.off('error', onError);
        resolve();
      });
    });
  }

  get address(): { address: string; port: number } | undefined {
    const address = this.#server.address();
    return address && typeof address === 'object' ? { address: address.address, port: address.port } : undefined;
  }

  setHandler(handler: RequestListener): void {
    this.#handler = handler;
  }

  /** Resolves when the server has closed (after `drain()`). */
  closed(): Promise<void> {
    return this.#closed;
  }

  get inFlight(): number {
    return this.#active.size;
  }

  drain(): Promise<void> {
    if (!this.#draining) {
      this.#draining = true;
      for (const res of this.#active) if (!res.headersSent) res.shouldKeepAlive = false;
      this.#server.close();
      this.#server.closeIdleConnections();
    }
    return this.#closed;
  }

  /** Ends every connection now, answered or not (the graceful timeout passed). */
  abort(): void {
    this.#server.close();
    this.#server.closeAllConnections();
  }

  #serve(req: IncomingMessage, res: ServerResponse): void {
    if (this.#draining || !this.options.keepAlive) res.shouldKeepAlive = false;
    this.#active.add(res);
    res.once('close', () => {
      this.#active.delete(res);
      if (this.#draining) this.#server.closeIdleConnections();
    });
    this.#handler(req, res);
  }
}
