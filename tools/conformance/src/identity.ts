/*
 * A small Keystone v3 REST client: what the harness needs to register a
 * network server (service, region, endpoints, service user) and what the
 * tests need to make tokens of every kind (project-scoped, unscoped,
 * revoked, expiring with an application credential).
 */

export class KeystoneError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    what: string,
  ) {
    super(`Keystone: ${what} -> HTTP ${status}: ${body.slice(0, 1000)}`);
  }
}

export interface TokenInfo {
  token: string;
  expiresAt: string;
  userId: string;
  projectId: string | undefined;
  roles: string[];
  body: Record<string, unknown>;
}

export type PasswordScope = { project: string; domain?: string } | 'unscoped';

/** Every request to Keystone is bounded: a token issue on a loaded 2-core machine has been seen to take several seconds. */
const REQUEST_TIMEOUT_MS = 60_000;

export class IdentityClient {
  /** `url`: Keystone's root (http://127.0.0.1:5000), with or without /v3. */
  readonly base: string;

  constructor(
    url: string,
    readonly token: string,
  ) {
    this.base = `${url.replace(/\/+$/, '').replace(/\/v3$/, '')}/v3`;
  }

  /** A token for `user` by password (POST /v3/auth/tokens). */
  static async password(url: string, user: string, password: string, scope: PasswordScope = 'unscoped', userDomain = 'Default'): Promise<TokenInfo> {
    const auth: Record<string, unknown> = { identity: { methods: ['password'], password: { user: { name: user, domain: { name: userDomain }, password } } } };
    if (scope !== 'unscoped') {
      auth['scope'] = { project: { name: scope.project, domain: { name: scope.domain ?? 'Default' } } };
    }
    return issue(url, { auth }, `password token for ${user}`);
  }

  /** A token from an application credential (its expiry caps the token's). */
  static async applicationCredential(url: string, id: string, secret: string): Promise<TokenInfo> {
    return issue(
      url,
      { auth: { identity: { methods: ['application_credential'], application_credential: { id, secret } } } },
      `application credential token ${id}`,
    );
  }

  static async admin(url: string, password: string): Promise<IdentityClient> {
    const info = await IdentityClient.password(url, 'admin', password, { project: 'admin' });
    return new IdentityClient(url, info.token);
  }

  async request<T = Record<string, unknown>>(method: string, path: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<T> {
    const headers: Record<string, string> = { 'x-auth-token': this.token, accept: 'application/json', ...extraHeaders };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await response.text();
    if (!response.ok) throw new KeystoneError(response.status, text, `${method} ${path}`);
    return (text ? JSON.parse(text) : {}) as T;
  }

  /** The id of the entity of `collection` named `name` (projects, users, roles, services by `type`), or undefined. */
  async findId(collection: 'projects' | 'users' | 'roles' | 'services', name: string): Promise<string | undefined> {
    const filter = collection === 'services' ? `type=${encodeURIComponent(name)}` : `name=${encodeURIComponent(name)}`;
    const found = await this.request<Record<string, { id: string }[]>>('GET', `/${collection}?${filter}`);
    return found[collection]?.[0]?.id;
  }

  async ensureProject(name: string, description = ''): Promise<string> {
    const existing = await this.findId('projects', name);
    if (existing) return existing;
    const { project } = await this.request<{ project: { id: string } }>('POST', '/projects', { project: { name, domain_id: 'default', description } });
    return project.id;
  }

  async ensureRole(name: string): Promise<string> {
    const existing = await this.findId('roles', name);
    if (existing) return existing;
    const { role } = await this.request<{ role: { id: string } }>('POST', '/roles', { role: { name } });
    return role.id;
  }

  /** Creates `name` with `password` in project `projectId`, or resets the password of the user that exists. */
  async ensureUser(name: string, password: string, projectId: string): Promise<string> {
    const existing = await this.findId('users', name);
    if (existing) {
      await this.request('PATCH', `/users/${existing}`, { user: { password, default_project_id: projectId } });
      return existing;
    }
    const { user } = await this.request<{ user: { id: string } }>('POST', '/users', {
      user: { name, password, domain_id: 'default', default_project_id: projectId },
    });
    return user.id;
  }

  async grant(projectId: string, userId: string, roleName: string): Promise<void> {
    const roleId = await this.ensureRole(roleName);
    await this.request('PUT', `/projects/${projectId}/users/${userId}/roles/${roleId}`);
  }

  async ensureService(type: string, name: string): Promise<string> {
    const existing = await this.findId('services', type);
    if (existing) return existing;
    const { service } = await this.request<{ service: { id: string } }>('POST', '/services', { service: { type, name, enabled: true } });
    return service.id;
  }

  async ensureRegion(id: string): Promise<void> {
    try {
      await this.request('POST', '/regions', { region: { id } });
    } catch (error) {
      if (!(error instanceof KeystoneError && error.status === 409)) throw error;
    }
  }

  /** public, internal and admin endpoints of `serviceId` at `url` in `region`; returns their ids. */
  async createEndpoints(serviceId: string, region: string, url: string): Promise<string[]> {
    const ids: string[] = [];
    for (const iface of ['public', 'internal', 'admin']) {
      const { endpoint } = await this.request<{ endpoint: { id: string } }>('POST', '/endpoints', {
        endpoint: { service_id: serviceId, interface: iface, url, region_id: region, enabled: true },
      });
      ids.push(endpoint.id);
    }
    return ids;
  }

  async deleteQuietly(path: string): Promise<void> {
    try {
      await this.request('DELETE', path);
    } catch (error) {
      if (!(error instanceof KeystoneError && error.status === 404)) throw error;
    }
  }

  /** Revokes `token` (DELETE /v3/auth/tokens). */
  async revoke(token: string): Promise<void> {
    await this.request('DELETE', '/auth/tokens', undefined, { 'x-subject-token': token });
  }

  /**
   * An application credential of the token's own user (POST
   * /v3/users/{id}/application_credentials), optionally expiring and
   * restricted by access rules.
   */
  async createApplicationCredential(
    userId: string,
    options: { name: string; expiresAt?: Date; accessRules?: { service: string; method: string; path: string }[] },
  ): Promise<{ id: string; secret: string }> {
    const body: Record<string, unknown> = { name: options.name };
    if (options.expiresAt) body['expires_at'] = options.expiresAt.toISOString().replace(/Z$/, '');
    if (options.accessRules) body['access_rules'] = options.accessRules;
    const { application_credential: credential } = await this.request<{ application_credential: { id: string; secret: string } }>(
      'POST',
      `/users/${userId}/application_credentials`,
      { application_credential: body },
    );
    return { id: credential.id, secret: credential.secret };
  }
}

async function issue(url: string, body: unknown, what: string): Promise<TokenInfo> {
  const base = `${url.replace(/\/+$/, '').replace(/\/v3$/, '')}/v3`;
  const response = await fetch(`${base}/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await response.text();
  const token = response.headers.get('x-subject-token');
  if (!response.ok || !token) throw new KeystoneError(response.status, text, what);
  const parsed = JSON.parse(text) as { token: { expires_at: string; user: { id: string }; project?: { id: string }; roles?: { name: string }[] } };
  return {
    token,
    expiresAt: parsed.token.expires_at,
    userId: parsed.token.user.id,
    projectId: parsed.token.project?.id,
    roles: (parsed.token.roles ?? []).map((role) => role.name),
    body: parsed as unknown as Record<string, unknown>,
  };
}
