/** A minimal Neutron v2.0 client for auth_strategy = noauth: X-Project-Id and X-Roles headers. */
export type Resource = Record<string, unknown> & { id: string };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    what: string,
  ) {
    super(`${what} -> HTTP ${status}: ${body.slice(0, 2000)}`);
  }
}

export class NeutronApi {
  constructor(
    readonly url: string,
    readonly projectId: string,
    readonly admin = true,
  ) {}

  async request<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {
      'x-project-id': this.projectId,
      'x-roles': this.admin ? 'admin,member,reader' : 'member,reader',
      accept: 'application/json',
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.url}/v2.0${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    if (!response.ok) throw new ApiError(response.status, text, `${method} ${path}`);
    return (text ? JSON.parse(text) : {}) as T;
  }

  async create(collection: string, key: string, body: Record<string, unknown>): Promise<Resource> {
    return (await this.request<Record<string, Resource>>('POST', `/${collection}`, { [key]: body }))[key] as Resource;
  }

  async show(collection: string, key: string, id: string): Promise<Resource> {
    return (await this.request<Record<string, Resource>>('GET', `/${collection}/${id}`))[key] as Resource;
  }

  async list(collection: string, query: Record<string, string> = {}): Promise<Resource[]> {
    const search = new URLSearchParams(query).toString();
    const answer = await this.request<Record<string, Resource[]>>('GET', `/${collection}${search ? `?${search}` : ''}`);
    return answer[collection.replace(/-/g, '_')] ?? [];
  }

  async update(collection: string, key: string, id: string, body: Record<string, unknown>): Promise<Resource> {
    return (await this.request<Record<string, Resource>>('PUT', `/${collection}/${id}`, { [key]: body }))[key] as Resource;
  }

  async remove(collection: string, id: string): Promise<void> {
    await this.request('DELETE', `/${collection}/${id}`);
  }

  async action(collection: string, id: string, action: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
    return this.request('PUT', `/${collection}/${id}/${action}`, body);
  }
}
