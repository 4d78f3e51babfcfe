import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '@net-server/lib';
import type { AccessRecord } from './access-record.js';
import type { Dispatch } from './api-dispatcher.js';
import { send, sendError } from './api-response.js';

/**
 * The node:http request handler around a dispatcher: a request id (sent
 * back as X-OpenStack-Request-ID), one access log entry per request once
 * answered, and the result or error written.
 */
export function createApiHandler(
  dispatch: Dispatch,
  challenge: string | undefined,
  logger: Logger,
): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    const started = process.hrtime.bigint();
    const requestId = `req-${randomUUID()}`;
    response.setHeader('x-openstack-request-id', requestId);
    const log: AccessRecord = { request_id: requestId, method: request.method, path: request.url, remote: request.socket.remoteAddress };
    response.on('finish', () => {
      log.status = response.statusCode;
      log.duration_ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (response.statusCode >= 500) logger.error('request', log);
      else logger.info('request', log);
    });
    let url: URL;
    try {
      url = new URL(request.url ?? '/', 'http://localhost');
    } catch {
      url = new URL('http://localhost/');
    }
    dispatch(request, url, requestId, log)
      .then((result) => send(response, request, result))
      .catch((error: unknown) => sendError(response, request, error, log, challenge));
  };
}
