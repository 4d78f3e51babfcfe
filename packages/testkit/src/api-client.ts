/** Who a request is made as: noauth reads these from X-Project-Id / X-User-Id / X-Roles. */
export interface Identity {
  projectId: string;
  userId?: string;
  roles?: readonly string[];
}

export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  /** The parsed JSON body; `{}` for an empty one (204). */
  body: T;
}

const ADMIN: Identity = { projectId: 'testkit-project', userId: 'testkit-user', roles: ['admin', 'member'] };

/**
 * A small client for the server's Neutron v2.0 API. Paths are relative to
 * `/v2.0` (`client.get('/networks')`); `as()` gives the same client for
 * another identity.
 */
export class ApiClient {
  constructor(
    /** The server's root URL, e.g. `http://127.0.0.1:41234`. */
    readonly url: string,
    readonly identity: Identity = ADMIN,
  ) {}

  as(identity: Identity): ApiClient {
    return new ApiClient(this.url, identity);
  }

  get<T = Record<string, unknown>>(path: string): Promise<ApiResponse<T>> {
    return this.request<T>('GET', path);
  }

  post<T = Record<string, unknown>>(path: string, body: unknown): Promise<ApiResponse<T>> {
    return this.request<T>('POST', path, body);
  }

  put<T = Record<string, unknown>>(path: string, body: unknown): Promise<ApiResponse<T>> {
    return this.request<T>('PUT', path, body);
  }

  delete<T = Record<string, unknown>>(path: string): Promise<ApiResponse<T>> {
    return this.request<T>('DELETE', path);
  }

  /** Any request; `path` starting with `/v2.0` or `/` outside it (`/healthcheck`) is taken as is. */
  async request<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>> {
    const target = path === '/' || path.startsWith('/v2.0') || path === '/healthcheck' ? path : `/v2.0${path}`;
    const headers: Record<string, string> = {
      accept: 'application/json',
      'x-project-id': this.identity.projectId,
      'x-roles': (this.identity.roles ?? ['member']).join(','),
    };
    if (this.identity.userId !== undefined) headers['x-user-id'] = this.identity.userId;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.url}${target}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    let parsed: unknown = {};
    if (text !== '') {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = { text };
      }
    }
    return { status: response.status, headers: response.headers, body: parsed as T };
  }
}
