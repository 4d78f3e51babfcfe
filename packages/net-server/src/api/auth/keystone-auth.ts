import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ServiceUnavailable, defineNeutronException, type ErrorFields, type Logger } from '@net-server/lib';
import { HTTPUnauthorized } from '../http-errors.js';
import { header, type Authenticator, type Identity } from './authenticator.js';
import { TokenCache } from './token-cache.js';

export interface KeystoneAuthOptions {
  /** Keystone's endpoint, e.g. http://keystone:5000 (with or without /v3). */
  authUrl: string;
  /** The public endpoint announced in WWW-Authenticate; authUrl when empty. */
  wwwAuthenticateUri: string;
  username: string;
  password: string;
  projectName: string;
  userDomainName: string;
  projectDomainName: string;
  tokenCacheSeconds: number;
  /** Seconds to wait for each request to Keystone; undefined: as long as it takes (keystonemiddleware's default). */
  timeoutSeconds: number | undefined;
  /** Tries after the first for a request that could not connect or timed out (http_request_max_retries). */
  maxRetries: number;
  logger: Logger;
  /** The clock tokens expire by; the system's by default. */
  now?: () => number;
}

/** Keystone could not answer (unreachable, timed out, failing): a 503 unless a token validated before still stands. */
class KeystoneUnavailable extends Error {}

/**
 * The 503 for a token Keystone could not validate, with keystonemiddleware's
 * message, which tells the client what is away (the generic "The service is
 * unavailable." read as if net-server itself were down).
 */
const KeystoneServiceUnavailable = defineNeutronException<ErrorFields>(
  ServiceUnavailable,
  'ServiceUnavailable',
  'The Keystone service is temporarily unavailable.',
  { register: false },
);

/** What a validated token says about its bearer. */
interface TokenIdentity {
  userId: string;
  userName: string | undefined;
  projectId: string | undefined;
  projectName: string | undefined;
  roles: string[];
}

interface TokenBody {
  token?: {
    expires_at?: string;
    user?: { id?: string; name?: string };
    project?: { id?: string; name?: string };
    roles?: { name?: string }[];
  };
}

/**
 * auth_strategy = keystone: validates X-Auth-Token against Keystone v3
 * (GET /v3/auth/tokens with the service's own token, as keystonemiddleware's
 * auth_token) and builds the context from the token's user, project and
 * roles. Valid tokens are cached for token_cache_time; a missing or invalid
 * token is a 401. A request Keystone cannot answer is tried again
 * (http_request_max_retries, with keystoneauth's backoff); while Keystone
 * stays away, a token validated before is still taken until it expires, and
 * only an unknown one gets a 503.
 */
export class KeystoneAuth implements Authenticator {
  readonly challenge: string;
  readonly #base: string;
  readonly #cache: TokenCache<TokenIdentity>;
  #serviceToken: { token: string; expiresAt: number } | undefined;

  constructor(private readonly options: KeystoneAuthOptions) {
    this.#base = `${options.authUrl.replace(/\/+$/, '').replace(/\/v3$/, '')}/v3`;
    this.challenge = `Keystone uri="${options.wwwAuthenticateUri || options.authUrl}"`;
    this.#cache = new TokenCache(options.tokenCacheSeconds * 1000, undefined, options.now);
  }

  async authenticate(request: Parameters<Authenticator['authenticate']>[0]): Promise<Identity> {
    const token = header(request, 'x-auth-token') ?? header(request, 'x-storage-token');
    if (!token) throw new HTTPUnauthorized({});
    // Cached by digest, as keystonemiddleware does, so the cache holds no usable tokens.
    const key = createHash('sha256').update(token).digest('base64');
    const identity = this.#cache.get(key) ?? (await this.#validateOrStale(token, key));
    return { context: { ...identity, authToken: token }, elevated: false };
  }

  async #validateOrStale(token: string, key: string): Promise<TokenIdentity> {
    try {
      return await this.#validate(token, key);
    } catch (error) {
      if (!(error instanceof KeystoneUnavailable)) throw error;
      const stale = this.#cache.stale(key);
      if (stale === undefined) {
        this.options.logger.error('token validation failed', { reason: error.message });
        throw new KeystoneServiceUnavailable({});
      }
      this.options.logger.warn('Keystone could not validate a token; taking it as validated before, until it expires', { reason: error.message });
      return stale;
    }
  }

  async #validate(token: string, key: string): Promise<TokenIdentity> {
    let response = await this.#call('GET', '/auth/tokens', { 'x-auth-token': await this.#service(false), 'x-subject-token': token });
    if (response.status === 401) {
      // Our own token expired or was revoked: get a new one, once.
      response = await this.#call('GET', '/auth/tokens', { 'x-auth-token': await this.#service(true), 'x-subject-token': token });
    }
    if (response.status === 404 || response.status === 401) throw new HTTPUnauthorized({});
    if (!response.ok) throw new KeystoneUnavailable(`token validation answered ${response.status}`);
    const body = (await response.json().catch(() => ({}))) as TokenBody;
    const user = body.token?.user;
    if (typeof user?.id !== 'string') throw new HTTPUnauthorized({});
    const identity: TokenIdentity = {
      userId: user.id,
      userName: user.name,
      projectId: body.token?.project?.id,
      projectName: body.token?.project?.name,
      roles: (body.token?.roles ?? []).map((role) => role.name).filter((name): name is string => typeof name === 'string'),
    };
    const expiresAt = Date.parse(body.token?.expires_at ?? '');
    if (!Number.isNaN(expiresAt) && expiresAt <= this.#now()) throw new HTTPUnauthorized({});
    this.#cache.set(key, identity, Number.isNaN(expiresAt) ? Number.POSITIVE_INFINITY : expiresAt);
    return identity;
  }

  async #service(renew: boolean): Promise<string> {
    if (!renew && this.#serviceToken && this.#serviceToken.expiresAt > this.#now() + 30_000) return this.#serviceToken.token;
    const { username, password, projectName, userDomainName, projectDomainName } = this.options;
    const response = await this.#call(
      'POST',
      '/auth/tokens',
      { 'content-type': 'application/json' },
      JSON.stringify({
        auth: {
          identity: { methods: ['password'], password: { user: { name: username, domain: { name: userDomainName }, password } } },
          scope: { project: { name: projectName, domain: { name: projectDomainName } } },
        },
      }),
    );
    const token = response.headers.get('x-subject-token');
    if (!response.ok || !token) {
      throw new KeystoneUnavailable(`the service user ${username} could not get a token (${response.status}); check [keystone_authtoken]`);
    }
    const body = (await response.json().catch(() => ({}))) as TokenBody;
    const expiresAt = Date.parse(body.token?.expires_at ?? '');
    this.#serviceToken = { token, expiresAt: Number.isNaN(expiresAt) ? this.#now() + 3_600_000 : expiresAt };
    return token;
  }

  /** One request to Keystone, tried again after 0.5 s, 1 s, 2 s... when it could not connect or timed out (keystoneauth's connect retries). */
  async #call(method: string, path: string, headers: Record<string, string>, body?: string): Promise<Response> {
    const { timeoutSeconds, maxRetries } = this.options;
    for (let attempt = 0; ; attempt++) {
      try {
        return await fetch(`${this.#base}${path}`, {
          method,
          headers,
          ...(body === undefined ? {} : { body }),
          ...(timeoutSeconds === undefined ? {} : { signal: AbortSignal.timeout(timeoutSeconds * 1000) }),
        });
      } catch (error) {
        const reason = `Keystone at ${this.#base} is unreachable: ${error instanceof Error ? error.message : String(error)}`;
        if (attempt >= maxRetries) throw new KeystoneUnavailable(reason);
        this.options.logger.warn('request to Keystone failed; trying again', { reason, attempt: attempt + 1 });
        await sleep(Math.min(500 * 2 ** attempt, 60_000));
      }
    }
  }

  #now(): number {
    return (this.options.now ?? Date.now)();
  }
}
