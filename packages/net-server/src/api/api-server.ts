import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Context, HTTPBadRequest, NeutronException, type ConfigReader, type ExtensionDescriptor, type Logger } from '@net-server/lib';
import { coreOptions, serviceOptions } from '../config/server-options.js';
import type { NeutronManager } from '../manager/neutron-manager.js';
import { ownPackageVersion } from '../own-package.js';
import type { PluginSource } from '../plugin-source.js';
import { ApiModel } from './api-model.js';
import { keystoneOptions, middlewareOptions, optionValue, policyOptions } from './api-options.js';
import type { Authenticator } from './auth/authenticator.js';
import { KeystoneAuth } from './auth/keystone-auth.js';
import { noAuth } from './auth/noauth.js';
import { extensionDocument, extensionsDocument, resourcesDocument, versionsDocument } from './documents.js';
import { API_SHIM_EXTENSIONS, loadExtensionCatalog } from './extension-catalog.js';
import { HTTPInternalServerError, HTTPMethodNotAllowed, HTTPNotFound, HTTPUnauthorized } from './http-errors.js';
import { createApiHttpServer } from './http-server.js';
import { toJsonText } from './json-text.js';
import { openApiDocument } from './openapi.js';
import type { PolicyRuleDefault } from './policy/default-rules.js';
import { enforcedPolicyRules } from './policy/enforced-rules.js';
import { loadPolicyRules } from './policy/load-policy-rules.js';
import { PolicyEnforcer } from './policy/policy-enforcer.js';
import { readJsonBody, readJsonValue } from './request-body.js';
import { ResourceController, type ApiResult, type ResourceCall } from './resource-controller.js';
import { routeResource } from './route-resource.js';
import { QuotaController } from './quota-controller.js';
import type { CoreCapabilities } from '../db-base-plugin/core-capabilities.js';
import { QuotaEngine } from '../quota/quota-engine.js';
import { QUOTA_EXTENSIONS } from '../quota/quota-extensions.js';
import { NULL_QUOTA_DRIVER, quotaOptions } from '../quota/quota-options.js';
import { servedQuotaResources } from '../quota/quota-resources.js';
import { QuotaStore } from '../quota/quota-store.js';

export interface ApiServerOptions {
  manager: NeutronManager;
  config: ConfigReader;
  logger: Logger;
  /** Where to discover `net_server.api.extensions` and `net_server.policies`; the working directory by default. */
  plugins?: PluginSource;
  /** Extension descriptors beyond the installed ones. */
  extensions?: readonly ExtensionDescriptor[];
  /** Policy defaults beyond neutron's and the installed ones (the policy file still overrides them). */
  policyDefaults?: readonly PolicyRuleDefault[];
}

export interface ListenOptions {
  /** Default: [DEFAULT] bind_port. 0 picks a free port. */
  port?: number;
  /** Default: [DEFAULT] bind_host. */
  host?: string;
}

export interface ApiServer {
  /** The request handler, for a server the caller creates (e.g. on an inherited socket). */
  readonly handler: (request: IncomingMessage, response: ServerResponse) => void;
  /** Starts an HTTP server with the handler; resolves with the bound address. */
  listen(options?: ListenOptions): Promise<AddressInfo>;
  /** Stops accepting connections and resolves once in-flight requests are answered. */
  close(): Promise<void>;
  /** The server `listen` started, if any. */
  readonly server: Server | undefined;
  readonly model: ApiModel;
  readonly policy: PolicyEnforcer;
}

/**
 * Builds the Neutron v2.0 REST API over the manager's loaded plugins: the
 * extensions they support, their resources, policy (neutron's defaults,
 * installed packages' and the policy file) and auth_strategy (noauth or
 * keystone). Everything that can fail (a bad policy file, an invalid
 * extension) fails here, before the server listens.
 */
export async function createApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const { manager, config } = options;
  const logger = options.logger.child({ component: 'api' });
  const extensionPaths = config
    .get('DEFAULT', coreOptions.apiExtensionsPath)
    .split(':')
    .filter((dir) => dir.trim() !== '');
  const catalog = await loadExtensionCatalog(options.plugins, options.extensions, extensionPaths, logger);
  const quotaTransactions = quotasEnabled(config, manager);
  const model = new ApiModel(manager, catalog, logger, quotaTransactions ? [...API_SHIM_EXTENSIONS, ...QUOTA_EXTENSIONS] : API_SHIM_EXTENSIONS);
  const rules = await loadPolicyRules({
    policyFile: optionValue(config, 'oslo_policy', policyOptions.policyFile),
    ...(options.plugins ? { plugins: options.plugins } : {}),
    ...(options.policyDefaults ? { defaults: options.policyDefaults } : {}),
    logger,
  });
  const policy = new PolicyEnforcer(rules, (collection) => model.attributesOf(collection));
  const undefinedRules = enforcedPolicyRules(model).filter((rule) => !rules.has(rule));
  if (undefinedRules.length > 0) {
    logger.warn('policy rules are missing for what the API serves; they fall back to the "default" rule (admin or owner)', {
      rules: undefinedRules,
      hint: 'the package serving them should declare them under net_server.policies, or the policy file should',
    });
  }
  const quotas = quotaTransactions
    ? new QuotaEngine(
        servedQuotaResources((collection) => model.resources.has(collection)),
        config,
        new QuotaStore(quotaTransactions),
        (collection) => model.resources.get(collection),
      )
    : undefined;
  const quotaController = quotas ? new QuotaController(quotas, policy) : undefined;
  const authenticator = buildAuthenticator(config, logger);
  const maxLimit = Number.parseInt(config.get('DEFAULT', coreOptions.paginationMaxLimit), 10);
  const controller = new ResourceController({
    model,
    policy,
    allowBulk: config.get('DEFAULT', coreOptions.allowBulk),
    validateFilters: config.get('DEFAULT', coreOptions.filterValidation),
    maxLimit: Number.isNaN(maxLimit) ? -1 : maxLimit,
    ...(quotas ? { quotas } : {}),
  });
  const bodyLimit = optionValue(config, 'oslo_middleware', middlewareOptions.maxRequestBodySize);
  const version = ownPackageVersion();

  /** Who is asking, with admin and advsvc decided by policy (neutron_lib's Context does the same). */
  async function requestContext(request: IncomingMessage, requestId: string, log: AccessRecord): Promise<Context> {
    const identity = await authenticator.authenticate(request);
    const privileges = identity.elevated
      ? { isAdmin: true, isAdvsvc: true }
      : await policy.privileges(new Context({ ...identity.context, isAdmin: false }));
    const context = new Context({ ...identity.context, ...privileges, requestId, ...globalRequestId(request, log) });
    log.project_id = context.projectId;
    log.user_id = context.userId;
    return context;
  }

  async function dispatch(request: IncomingMessage, url: URL, requestId: string, log: AccessRecord): Promise<ApiResult> {
    const method = request.method ?? 'GET';
    const base = baseUrl(request);
    const path = rawPath(request.url).replace(/\/+$/, '') || '/';
    if (path === '/') return only(method, 'GET', () => versionsDocument(base));
    if (path === '/healthcheck') return only(method, 'GET', () => 'OK');
    const segments = path.split('/').filter((segment) => segment !== '').map(decodeSegment);
    // No resource id or name holds a NUL, and databases refuse to look one up. Dot segments
    // are not resolved (/networks/%2e%2e/agents is not /agents), as neutron: a proxy's rules keyed on
    // path prefixes must see the path the server routes.
    if (segments[0] !== 'v2.0' || segments.some((segment) => segment.includes('\0') || segment === '.' || segment === '..')) throw new HTTPNotFound({});
    const context = await requestContext(request, requestId, log);
    for (const [key, value] of url.searchParams) {
      if (key.includes('\0') || value.includes('\0')) throw new HTTPBadRequest({ msg: `Query parameter ${JSON.stringify(key)} may not contain NUL characters` });
    }
    const rest = segments.slice(1);
    if (rest.length === 0) return only(method, 'GET', () => resourcesDocument(model, base));
    if (rest.length === 1 && rest[0] === 'openapi.json') return only(method, 'GET', () => openApiDocument(model, `${base}/v2.0`, version));
    const last = rest[rest.length - 1]!;
    if (last.endsWith('.json')) rest[rest.length - 1] = last.slice(0, -'.json'.length);
    if (rest[0] === 'extensions' && rest.length <= 2) {
      return only(method, 'GET', () => (rest.length === 1 ? extensionsDocument(model) : extensionDocument(model, rest[1]!)));
    }
    const needsBody = method === 'POST' || method === 'PUT';
    if (rest[0] === 'quotas' && quotaController) {
      return quotaController.handle(context, method, rest.slice(1), needsBody ? await readJsonBody(request, bodyLimit) : undefined);
    }
    const route = routeResource(model, rest);
    if (!route) throw new HTTPNotFound({});
    if ('subresource' in route) {
      const body = needsBody ? await readJsonValue(request, bodyLimit) : undefined;
      return controller.controlled({ context, method, body, ...route });
    }
    const call: ResourceCall = {
      context,
      resource: route.resource,
      params: url.searchParams,
      url: `${base}${url.pathname}`,
      body: needsBody ? await readJsonBody(request, bodyLimit) : undefined,
      ...(route.id !== undefined ? { id: route.id } : {}),
      ...(route.parentId !== undefined ? { parentId: route.parentId } : {}),
    };
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

  const handler = (request: IncomingMessage, response: ServerResponse): void => {
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
      .catch((error: unknown) => sendError(response, request, error, log, authenticator.challenge));
  };

  let server: Server | undefined;
  return {
    handler,
    model,
    policy,
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

interface AccessRecord {
  [field: string]: unknown;
}

/**
 * The caller's own request id (X-OpenStack-Request-ID from nova and other
 * services), kept as the global request id when well formed, as
 * oslo.middleware's RequestId does.
 */
function globalRequestId(request: IncomingMessage, log: AccessRecord): { globalRequestId?: string } {
  const value = request.headers['x-openstack-request-id'];
  const id = Array.isArray(value) ? value[0] : value;
  if (id === undefined || !/^req-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)) return {};
  log.global_request_id = id;
  return { globalRequestId: id };
}

function only(method: string, allowed: string, body: () => unknown): ApiResult {
  if (method !== allowed) throw new HTTPMethodNotAllowed({ method });
  return { status: 200, body: body() };
}

/** The path as the client sent it, before the query: URL parsing would resolve dot segments, percent-encoded ones too. */
function rawPath(target: string | undefined): string {
  const raw = target ?? '/';
  if (!raw.startsWith('/')) {
    // An absolute-form target (through a proxy): its host part goes, its path is taken as sent.
    const match = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*([^?#]*)/i.exec(raw);
    return match?.[1] || '/';
  }
  const end = raw.search(/[?#]/);
  return end < 0 ? raw : raw.slice(0, end);
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * The core plugin's transactions when quotas are on: neutron's database
 * quota drivers keep limits beside the resources, so a core plugin without
 * net-server's database has no quotas; so has the null driver.
 */
function quotasEnabled(config: ConfigReader, manager: NeutronManager): CoreCapabilities['transactions'] | undefined {
  if (!config.has('QUOTAS', quotaOptions.quotaDriver.name) || config.get('QUOTAS', quotaOptions.quotaDriver) === NULL_QUOTA_DRIVER) return undefined;
  const { transactions } = manager.corePlugin as Partial<CoreCapabilities>;
  return typeof transactions?.read === 'function' && typeof transactions.write === 'function' ? transactions : undefined;
}

function buildAuthenticator(config: ConfigReader, logger: Logger): Authenticator {
  if (config.get('DEFAULT', coreOptions.authStrategy) !== 'keystone') return noAuth;
  const value = <V>(option: Parameters<typeof optionValue<V>>[2]): V => optionValue(config, 'keystone_authtoken', option);
  return new KeystoneAuth({
    authUrl: value(keystoneOptions.authUrl),
    wwwAuthenticateUri: value(keystoneOptions.wwwAuthenticateUri),
    username: value(keystoneOptions.username),
    password: value(keystoneOptions.password),
    projectName: value(keystoneOptions.projectName),
    userDomainName: value(keystoneOptions.userDomainName),
    projectDomainName: value(keystoneOptions.projectDomainName),
    tokenCacheSeconds: value(keystoneOptions.tokenCacheTime),
    timeoutSeconds: value(keystoneOptions.httpConnectTimeout),
    maxRetries: value(keystoneOptions.httpRequestMaxRetries),
    logger,
  });
}

/** scheme://host[:port] as the client addressed us (X-Forwarded-Proto honoured, as neutron's get_path_url). */
function baseUrl(request: IncomingMessage): string {
  const forwarded = request.headers['x-forwarded-proto'];
  const scheme = (Array.isArray(forwarded) ? forwarded[0] : forwarded) ?? 'http';
  const host = request.headers.host ?? `${request.socket.localAddress ?? '127.0.0.1'}:${request.socket.localPort ?? ''}`;
  return `${scheme === 'https' ? 'https' : 'http'}://${host}`;
}

function send(response: ServerResponse, request: IncomingMessage, result: ApiResult): void {
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

function sendError(response: ServerResponse, request: IncomingMessage, error: unknown, log: AccessRecord, challenge: string | undefined): void {
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
