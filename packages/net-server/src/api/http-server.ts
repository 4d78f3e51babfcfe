import { createServer, type RequestListener, type Server } from 'node:http';

/** How long a client may take to send its headers, and a whole request: one that stalls is cut off, not waited for. */
const HEADERS_TIMEOUT_MS = 30_000;
const REQUEST_TIMEOUT_MS = 60_000;

export interface ApiHttpServerOptions {
  maxHeaderSize: number;
  keepAliveTimeoutMs: number;
  /** Default 30 s; under the 60 s a whole request may take. */
  headersTimeoutMs?: number;
}

/** The API's node:http server, with the timeouts every API listener uses (`net-server start`'s and a test's alike). */
export function createApiHttpServer(handler: RequestListener, options: ApiHttpServerOptions): Server {
  // Node checks the timeouts every connectionsCheckingInterval (30 s by default), which would let a stalled client hold on for up to twice as long.
  const server = createServer({ maxHeaderSize: options.maxHeaderSize, connectionsCheckingInterval: 1_000 }, handler);
  server.headersTimeout = options.headersTimeoutMs ?? HEADERS_TIMEOUT_MS;
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  server.keepAliveTimeout = options.keepAliveTimeoutMs;
  return server;
}
