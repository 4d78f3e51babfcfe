import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '@net-server/lib';
import { ConnectionFailure, EndpointNotFound, KeystoneAuthFailed } from './errors.js';
import { sendHttp, type HttpCall, type HttpReply, type TlsSettings } from './http-request.js';

/** keystoneauth's v3 password plugin options, as [nova] holds them (domains already defaulted from default_domain_*). */
export interface PasswordCredentials {
  authUrl: string;
  password: string;
  username?: string;
  userId?: string;
  userDomainName?: string;
  userDomainId?: string;
  projectName?: string;
  projectId?: string;
  projectDomainName?: string;
  projectDomainId?: string;
}

export interface SessionSettings {
  /** Milliseconds for each request, answer included. */
  timeoutMs: number;
  /** Tries after the first for a request that got no answer (neutron's http_retries, keystoneauth's connect_retries). */
  connectRetries: number;
  tls: TlsSettings;
  logger: Logger;
  /** The clock tokens expire by; the system's by default. */
  now?: () => number;
  /** How the session waits between connect retries; real time by default. */
  delay?: (ms: number) => Promise<void>;
}

/** Where one request goes: a service found in the token's catalog, and a path under its endpoint. */
export interface ServiceRequest {
  serviceType: string;
  /** The catalog interface: public, internal or admin. */
  interface: string;
  region: string | undefined;
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

interface CatalogEndpoint {
  interface?: string;
  region?: string | null;
  region_id?: string | null;
  url?: string;
}

interface CatalogService {
  type?: string;
  endpoints?: CatalogEndpoint[];
}

interface AuthRef {
  token: string;
  expiresAt: number;
  catalog: CatalogService[];
}

/** keystoneauth's BaseIdentityPlugin.MIN_TOKEN_LIFE_SECONDS: a token closer than this to its expiry is replaced before use. */
const MIN_TOKEN_LIFE_MS = 120_000;

/** keystoneauth's connect retry delays: 0.5 s, doubling, at most 60 s. */
function retryDelayMs(attempt: number): number {
  return Math.min(500 * 2 ** attempt, 60_000);
}

/**
 * What neutron's Nova notifier gets from keystoneauth's Session with the
 * password plugin: a project-scoped token from Keystone v3, reused until it
 * comes within two minutes of its expiry, and renewed once when a service
 * answers 401 (the token was revoked, or Keystone's keys rotated); the
 * service's endpoint found in the token's catalog by type, interface and
 * region; requests that get no answer tried again `connectRetries` times
 * with keystoneauth's backoff. Concurrent callers share one authentication.
 */
export class KeystoneSession {
  readonly #credentials: PasswordCredentials;
  readonly #settings: SessionSettings;
  readonly #tokensUrl: string;
  #auth: AuthRef | undefined;
  #authenticating: Promise<AuthRef> | undefined;

  constructor(credentials: PasswordCredentials, settings: SessionSettings) {
    this.#credentials = credentials;
    this.#settings = settings;
    this.#tokensUrl = `${credentials.authUrl.replace(/\/+$/, '').replace(/\/v3$/, '')}/v3/auth/tokens`;
  }

  /** Sends a request to a service of the catalog with the session's token; a 401 gets a new token and one more try. */
  async request(call: ServiceRequest): Promise<HttpReply> {
    let auth = await this.#token();
    let reply = await this.#send(this.#call(auth, call));
    if (reply.status === 401) {
      this.invalidate(auth);
      auth = await this.#token();
      reply = await this.#send(this.#call(auth, call));
    }
    return reply;
  }

  /** Forgets `auth` (if it is still the current token), so the next request authenticates again. */
  invalidate(auth?: AuthRef): void {
    if (auth === undefined || this.#auth === auth) this.#auth = undefined;
  }

  #call(auth: AuthRef, call: ServiceRequest): HttpCall {
    const endpoint = findEndpoint(auth.catalog, call.serviceType, call.interface, call.region);
    return {
      method: call.method,
      url: `${endpoint.replace(/\/+$/, '')}${call.path}`,
      headers: { ...call.headers, 'x-auth-token': auth.token },
      ...(call.body === undefined ? {} : { body: call.body }),
      timeoutMs: this.#settings.timeoutMs,
      tls: this.#settings.tls,
    };
  }

  #token(): Promise<AuthRef> {
    const current = this.#auth;
    if (current !== undefined && current.expiresAt - this.#now() > MIN_TOKEN_LIFE_MS) return Promise.resolve(current);
    this.#authenticating ??= this.#authenticate().finally(() => (this.#authenticating = undefined));
    return this.#authenticating;
  }

  async #authenticate(): Promise<AuthRef> {
    const reply = await this.#send({
      method: 'POST',
      url: this.#tokensUrl,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ auth: passwordAuthBody(this.#credentials) }),
      timeoutMs: this.#settings.timeoutMs,
      tls: this.#settings.tls,
    });
    const header = reply.headers['x-subject-token'];
    const token = Array.isArray(header) ? header[0] : header;
    if (reply.status !== 201 || !token) throw new KeystoneAuthFailed(this.#credentials.authUrl, reply.status, reply.text);
    const body = parseJson(reply.text) as { token?: { expires_at?: unknown; catalog?: unknown } } | undefined;
    const expiresAt = Date.parse(String(body?.token?.expires_at ?? ''));
    const catalog = Array.isArray(body?.token?.catalog) ? (body.token.catalog as CatalogService[]) : [];
    // A token without an expiry is taken for an hour, Keystone's default lifetime.
    this.#auth = { token, expiresAt: Number.isNaN(expiresAt) ? this.#now() + 3_600_000 : expiresAt, catalog };
    return this.#auth;
  }

  /** One request, tried again after 0.5 s, 1 s, 2 s... while it gets no answer, at most connectRetries times. */
  async #send(call: HttpCall): Promise<HttpReply> {
    const { connectRetries, logger } = this.#settings;
    for (let attempt = 0; ; attempt++) {
      try {
        return await sendHttp(call);
      } catch (error) {
        if (!(error instanceof ConnectionFailure) || attempt >= connectRetries) throw error;
        const delay = retryDelayMs(attempt);
        logger.warn('request got no answer; trying again', { url: call.url, reason: error.reason, attempt: attempt + 1, delaySeconds: delay / 1000 });
        await (this.#settings.delay ?? sleep)(delay);
      }
    }
  }

  #now(): number {
    return (this.#settings.now ?? Date.now)();
  }
}

/** The `auth` object of POST /v3/auth/tokens: the password method, scoped to the project when one is named. */
function passwordAuthBody(credentials: PasswordCredentials): Record<string, unknown> {
  const user: Record<string, unknown> =
    credentials.userId !== undefined
      ? { id: credentials.userId }
      : { name: credentials.username, domain: domainOf(credentials.userDomainId, credentials.userDomainName) };
  user['password'] = credentials.password;
  const auth: Record<string, unknown> = { identity: { methods: ['password'], password: { user } } };
  if (credentials.projectId !== undefined) auth['scope'] = { project: { id: credentials.projectId } };
  else if (credentials.projectName !== undefined) {
    auth['scope'] = { project: { name: credentials.projectName, domain: domainOf(credentials.projectDomainId, credentials.projectDomainName) } };
  }
  return auth;
}

function domainOf(id: string | undefined, name: string | undefined): Record<string, string> {
  return id !== undefined ? { id } : { name: name ?? '' };
}

/**
 * The URL of the first endpoint of a `serviceType` service with the
 * interface, in the region when one is named (matched against region_id
 * or region, as keystoneauth does); EndpointNotFound otherwise.
 */
export function findEndpoint(catalog: readonly CatalogService[], serviceType: string, interfaceName: string, region: string | undefined): string {
  for (const service of catalog) {
    if (service.type !== serviceType) continue;
    for (const endpoint of service.endpoints ?? []) {
      if (endpoint.interface !== interfaceName || typeof endpoint.url !== 'string') continue;
      if (region !== undefined && endpoint.region_id !== region && endpoint.region !== region) continue;
      return endpoint.url;
    }
  }
  throw new EndpointNotFound(serviceType, interfaceName, region);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
