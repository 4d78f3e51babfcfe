import type { IncomingMessage, ServerResponse } from 'node:http';
import type { InjectOptions } from 'light-my-request';

/** What `ApiServer.inject` takes: fetch's request, without a socket. */
export interface InjectRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

/** Statuses whose responses have no body: a web `Response` refuses one, even an empty one. */
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/**
 * Runs one request through the API's handler in memory, as fastify's
 * `inject` does: the same dispatch, auth, policy and error paths as over a
 * socket, answered as fetch answers, so a test can swap one for the other.
 */
export async function injectRequest(
  handler: (request: IncomingMessage, response: ServerResponse) => void,
  path: string,
  request: InjectRequest = {},
): Promise<Response> {
  // Loaded on first use: a server that only listens never needs it.
  const { inject } = await import('light-my-request');
  const reply = await inject(handler, {
    method: (request.method ?? 'GET').toUpperCase() as InjectOptions['method'],
    url: path,
    headers: request.headers ?? {},
    ...(request.body === undefined ? {} : { payload: request.body }),
  });
  const headers = new Headers();
  for (const [name, value] of Object.entries(reply.headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [String(value)]) headers.append(name, one);
  }
  return new Response(NULL_BODY_STATUSES.has(reply.statusCode) ? null : reply.rawPayload, { status: reply.statusCode, headers });
}
