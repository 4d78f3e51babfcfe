import type { IncomingMessage, ServerResponse } from 'node:http';
import { NeutronException, getAdminContext } from '@net-server/lib';
import type { ApiApp, ApiAppInit } from './api-app.js';

/*
 * Serves GET /v2.0/networks and GET /v2.0/networks/{id} straight from the
 * core plugin, in Neutron's body format, until the REST API (src/api/) is on
 * main and `start` serves it instead. Anything else answers 404.
 */

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function notFound(res: ServerResponse, path: string): void {
  send(res, 404, { NeutronError: { type: 'HTTPNotFound', message: `The resource ${path} could not be found.`, detail: '' } });
}

async function route(init: ApiAppInit, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const match = /^\/v2\.0\/networks(?:\/([^/]+))?\/?$/.exec(url.pathname.replace(/\.json$/, ''));
  if (req.method !== 'GET' || !match) return notFound(res, url.pathname);
  const plugin = init.manager.corePlugin;
  const context = getAdminContext();
  const id = match[1];
  if (id === undefined) {
    const filters = Object.fromEntries([...url.searchParams.keys()].map((key) => [key, url.searchParams.getAll(key)]));
    return send(res, 200, { networks: await plugin.getNetworks(context, { filters }) });
  }
  return send(res, 200, { network: await plugin.getNetwork(context, decodeURIComponent(id)) });
}

export function interimApiApp(init: ApiAppInit): ApiApp {
  return {
    handler: (req, res) => {
      route(init, req, res).catch((error: unknown) => {
        if (error instanceof NeutronException) {
          send(res, error.httpStatus, { NeutronError: error.toNeutronError() });
          return;
        }
        init.logger.error('request failed', { method: req.method, url: req.url, error: String(error) });
        send(res, 500, { NeutronError: { type: 'HTTPInternalServerError', message: 'Request Failed: internal server error while processing your request.', detail: '' } });
      });
    },
  };
}
