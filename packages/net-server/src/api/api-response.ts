import type { IncomingMessage, ServerResponse } from 'node:http';
import { NeutronException } from '@net-server/lib';
import type { AccessRecord } from './access-record.js';
import { HTTPInternalServerError, HTTPUnauthorized } from './http-errors.js';
import { toJsonText } from './json-text.js';
import type { ApiResult } from './resource-controller.js';

/** Writes a result: no body for 204, text as text/plain (none for HEAD), anything else as JSON. */
export function send(response: ServerResponse, request: IncomingMessage, result: ApiResult): void {
  if (result.status === 204 || result.body === undefined) {
    response.writeHead(result.status).end();
    return;
  }
  if (typeof result.body === 'string') {
    response.writeHead(result.status, { 'content-type': 'text/plain; charset=UTF-8' });
    response.end(request.method === 'HEAD' ? undefined : result.body);
    return;
  }
  const text = toJsonText(result.body);
  response.writeHead(result.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

/**
 * Writes an error as neutron's {"NeutronError": {...}} with its status (a
 * 500 for anything not a NeutronException), the auth challenge with a 401,
 * and notes it in the access record.
 */
export function sendError(response: ServerResponse, request: IncomingMessage, error: unknown, log: AccessRecord, challenge: string | undefined): void {
  let failure: NeutronException;
  if (error instanceof NeutronException) {
    failure = error;
  } else {
    failure = new HTTPInternalServerError({});
  }
  if (failure.httpStatus >= 500) log.error = error;
  else log.reason = failure.message;
  if (response.headersSent) {
    response.destroy();
    return;
  }
  const text = JSON.stringify({ NeutronError: failure.toNeutronError() });
  const headers: Record<string, string | number> = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) };
  if (failure instanceof HTTPUnauthorized && challenge) headers['www-authenticate'] = challenge;
  // A request whose body was refused unread cannot leave the connection reusable.
  if (!request.readableEnded) headers['connection'] = 'close';
  response.writeHead(failure.httpStatus, headers);
  response.end(text);
}
