import type { IncomingMessage } from 'node:http';
import { HTTPBadRequest } from '@net-server/lib';
import type { AccessRecord } from './access-record.js';
import type { ApiModel } from './api-model.js';
import { routeApiPath } from './api-router.js';
import { extensionDocument, extensionsDocument, resourcesDocument, versionsDocument } from './documents.js';
import { HTTPMethodNotAllowed, HTTPNotFound } from './http-errors.js';
import { openApiDocument } from './openapi.js';
import type { QuotaController } from './quota-controller.js';
import type { RequestContextBuilder } from './request-context.js';
import { readJsonBody, readJsonValue } from './request-body.js';
import type { ApiResult, ResourceCall, ResourceController } from './resource-controller.js';
import type { ResourceRoute } from './route-resource.js';
import { listServiceProviders, type ServiceProvider } from './service-providers.js';

export interface DispatcherOptions {
  model: ApiModel;
  controller: ResourceController;
  /** Absent when quotas are off: /v2.0/quotas is then an unknown path. */
  quotaController: QuotaController | undefined;
  requestContext: RequestContextBuilder;
  /** [oslo_middleware] max_request_body_size. */
  bodyLimit: number;
  /** The server's version, for the OpenAPI document. */
  version: string;
  /** [service_providers], for GET /v2.0/service-providers. */
  serviceProviders: readonly ServiceProvider[];
}

/** Answers one request: its route, its caller, then the document or controller that serves it. */
export type Dispatch = (request: IncomingMessage, url: URL, requestId: string, log: AccessRecord) => Promise<ApiResult>;

/**
 * The API's dispatcher: `/` and `/healthcheck` answer anyone; everything
 * under /v2.0 needs an authenticated caller (a 401 before a 404), whose
 * request goes to the documents, the quota controller or the resource
 * controller.
 */
export function createDispatcher(options: DispatcherOptions): Dispatch {
  const { model, controller, quotaController, requestContext, bodyLimit, version, serviceProviders } = options;
  return async (request, url, requestId, log) => {
    const method = request.method ?? 'GET';
    const base = baseUrl(request);
    const route = routeApiPath(request.url, model, quotaController !== undefined);
    if (route.kind === 'versions') return only(method, 'GET', () => versionsDocument(base));
    if (route.kind === 'healthcheck') return only(method, 'GET', () => 'OK');
    if (route.kind === 'outside') throw new HTTPNotFound({});
    const context = await requestContext(request, requestId, log);
    for (const [key, value] of url.searchParams) {
      if (key.includes('\0') || value.includes('\0'))
        throw new HTTPBadRequest({ msg: `Query parameter ${JSON.stringify(key)} may not contain NUL characters` });
    }
    const needsBody = method === 'POST' || method === 'PUT';
    switch (route.kind) {
      case 'resources':
        return only(method, 'GET', () => resourcesDocument(model, base));
      case 'openapi':
        return only(method, 'GET', () => openApiDocument(model, `${base}/v2.0`, version));
      case 'extensions':
        return only(method, 'GET', () => extensionsDocument(model));
      case 'extension':
        return only(method, 'GET', () => extensionDocument(model, route.alias));
      case 'service-providers':
        return only(method, 'GET', () => listServiceProviders(serviceProviders, url.searchParams));
      case 'quotas':
        if (!quotaController) throw new HTTPNotFound({});
        return quotaController.handle(context, method, route.segments, needsBody ? await readJsonBody(request, bodyLimit) : undefined);
      case 'controlled': {
        const body = needsBody ? await readJsonValue(request, bodyLimit) : undefined;
        return controller.controlled({ context, method, body, ...route.route });
      }
      case 'resource': {
        const call: ResourceCall = {
          context,
          resource: route.route.resource,
          params: url.searchParams,
          url: `${base}${url.pathname}`,
          body: needsBody ? await readJsonBody(request, bodyLimit) : undefined,
          ...(route.route.id !== undefined ? { id: route.route.id } : {}),
          ...(route.route.parentId !== undefined ? { parentId: route.route.parentId } : {}),
          ...(request.headers['if-match'] !== undefined ? { ifMatch: request.headers['if-match'] } : {}),
        };
        return callResource(controller, method, call, route.route);
      }
      case 'unknown':
        throw new HTTPNotFound({});
    }
  };
}

/** The controller operation a method asks of a collection, a member or a member action. */
function callResource(controller: ResourceController, method: string, call: ResourceCall, route: ResourceRoute): Promise<ApiResult> {
  if (route.action !== undefined) {
    if (method !== route.actionMethod) throw new HTTPMethodNotAllowed({ method });
    return controller.action(call, route.action);
  }
  if (route.id === undefined) {
    if (method === 'GET') return controller.list(call);
    if (method === 'POST') return controller.create(call);
  } else {
    if (method === 'GET') return controller.show(call);
    if (method === 'PUT') return controller.update(call);
    if (method === 'DELETE') return controller.delete(call);
  }
  throw new HTTPMethodNotAllowed({ method });
}

function only(method: string, allowed: string, body: () => unknown): ApiResult {
  if (method !== allowed) throw new HTTPMethodNotAllowed({ method });
  return { status: 200, body: body() };
}

/** scheme://host[:port] as the client addressed us (X-Forwarded-Proto honoured, as neutron's get_path_url). */
function baseUrl(request: IncomingMessage): string {
  const forwarded = request.headers['x-forwarded-proto'];
  const scheme = (Array.isArray(forwarded) ? forwarded[0] : forwarded) ?? 'http';
  const host = request.headers.host ?? `${request.socket.localAddress ?? '127.0.0.1'}:${request.socket.localPort ?? ''}`;
  return `${scheme === 'https' ? 'https' : 'http'}://${host}`;
}
