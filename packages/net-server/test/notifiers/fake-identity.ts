import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface IdentityUser {
  password: string;
  project: string;
  roles: string[];
}

export interface CatalogEntry {
  type: string;
  endpoints: { interface: string; region_id: string; region: string; url: string }[];
}

/** A password authentication as the fake received it (the `auth` object of POST /v3/auth/tokens). */
export type AuthRequest = Record<string, unknown>;

export interface FakeIdentity {
  /** Keystone's root with /v3, as [nova] auth_url is written. */
  url: string;
  /** Password authentications received, refused ones included. */
  authRequests: AuthRequest[];
  /** Token validations (GET /v3/auth/tokens) received. */
  validations(): number;
  /** Every token issued so far stops validating (a revocation, or Keystone's keys rotated). */
  revokeAll(): void;
  /** Seconds tokens issued from now on live. */
  setTokenLifetime(seconds: number): void;
  setCatalog(catalog: CatalogEntry[]): void;
  close(): Promise<void>;
}

interface Issued {
  user: string;
  project: string;
  roles: string[];
  expiresAt: number;
}

/**
 * A Keystone v3 stand-in for the notifier's tests: password authentication
 * of users in the Default domain scoped to their project (by name or id),
 * tokens with an expiry and the catalog, token validation (as
 * keystonemiddleware asks it), revocation. It checks the request shape
 * Keystone requires (a domain for a user or project named, the password
 * method) and answers 401 as Keystone does otherwise.
 */
export async function startFakeIdentity(users: Record<string, IdentityUser>, catalog: CatalogEntry[] = []): Promise<FakeIdentity> {
  const tokens = new Map<string, Issued>();
  const authRequests: AuthRequest[] = [];
  let validations = 0;
  let lifetimeSeconds = 3600;
  let currentCatalog = catalog;
  const projectIds = new Map<string, string>();
  const projectId = (name: string): string => {
    let id = projectIds.get(name);
    if (id === undefined) {
      id = randomUUID().replaceAll('-', '');
      projectIds.set(name, id);
    }
    return id;
  };

  const reply = (res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void => {
    const text = body === undefined ? '' : JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...headers });
    res.end(text);
  };
  const unauthorized = (res: ServerResponse): void =>
    reply(res, 401, { error: { code: 401, title: 'Unauthorized', message: 'The request you have made requires authentication.' } });
  const valid = (token: string | undefined): Issued | undefined => {
    const issued = token === undefined ? undefined : tokens.get(token);
    return issued !== undefined && issued.expiresAt > Date.now() ? issued : undefined;
  };
  const tokenBody = (issued: Issued) => ({
    token: {
      methods: ['password'],
      expires_at: new Date(issued.expiresAt).toISOString(),
      issued_at: new Date().toISOString(),
      user: { id: issued.user, name: issued.user, domain: { id: 'default', name: 'Default' } },
      project: { id: projectId(issued.project), name: issued.project, domain: { id: 'default', name: 'Default' } },
      roles: issued.roles.map((name) => ({ id: name, name })),
      catalog: currentCatalog,
    },
  });

  const authenticate = (body: { auth?: Record<string, unknown> }, res: ServerResponse): void => {
    const auth = body.auth ?? {};
    authRequests.push(auth);
    const identity = auth['identity'] as
      | { methods?: string[]; password?: { user?: { name?: string; id?: string; password?: string; domain?: { id?: string; name?: string } } } }
      | undefined;
    const given = identity?.password?.user;
    if (!identity?.methods?.includes('password') || !given) return unauthorized(res);
    // Keystone: a user given by name needs its domain ("Expecting to find domain in user").
    if (given.id === undefined && given.domain?.id !== 'default' && given.domain?.name !== 'Default') {
      return reply(res, 400, { error: { code: 400, title: 'Bad Request', message: 'Expecting to find domain in user.' } });
    }
    const name = given.id ?? given.name ?? '';
    const user = users[name];
    if (!user || user.password !== given.password) return unauthorized(res);
    const scope = (auth['scope'] as { project?: { id?: string; name?: string; domain?: { id?: string; name?: string } } } | undefined)?.project;
    if (scope) {
      if (
        scope.id !== undefined
          ? scope.id !== projectId(user.project)
          : scope.name !== user.project || (scope.domain?.id !== 'default' && scope.domain?.name !== 'Default')
      ) {
        return unauthorized(res);
      }
    }
    const token = `gAAAA${randomBytes(24).toString('base64url')}`;
    const issued: Issued = { user: name, project: user.project, roles: scope ? user.roles : [], expiresAt: Date.now() + lifetimeSeconds * 1000 };
    tokens.set(token, issued);
    const shown = tokenBody(issued);
    // An unscoped token has neither project nor catalog.
    if (!scope) {
      delete (shown.token as Partial<typeof shown.token>).project;
      delete (shown.token as Partial<typeof shown.token>).catalog;
    }
    reply(res, 201, shown, { 'x-subject-token': token });
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      const path = (req.url ?? '').replace(/\/+$/, '');
      if (req.method === 'POST' && path === '/v3/auth/tokens') {
        let body: { auth?: Record<string, unknown> };
        try {
          body = JSON.parse(text) as { auth?: Record<string, unknown> };
        } catch {
          return reply(res, 400, { error: { code: 400, title: 'Bad Request', message: 'Malformed request body' } });
        }
        return authenticate(body, res);
      }
      if (req.method === 'GET' && path === '/v3/auth/tokens') {
        validations += 1;
        if (!valid(header(req, 'x-auth-token'))) return unauthorized(res);
        const subject = valid(header(req, 'x-subject-token'));
        if (!subject) return reply(res, 404, { error: { code: 404, title: 'Not Found', message: 'Could not find token.' } });
        return reply(res, 200, tokenBody(subject));
      }
      reply(res, 404, { error: { code: 404, title: 'Not Found', message: 'The resource could not be found.' } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  let closed = false;
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v3`,
    authRequests,
    validations: () => validations,
    revokeAll: () => tokens.clear(),
    setTokenLifetime: (seconds) => (lifetimeSeconds = seconds),
    setCatalog: (entries) => (currentCatalog = entries),
    close: () =>
      new Promise<void>((resolve) => {
        if (closed) return resolve();
        closed = true;
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** A catalog whose compute service has the given endpoints (the interfaces not given point nowhere). */
export function computeCatalog(endpoints: { interface: string; region: string; url: string }[]): CatalogEntry[] {
  return [
    { type: 'identity', endpoints: [] },
    {
      type: 'compute',
      endpoints: endpoints.map((endpoint) => ({ interface: endpoint.interface, region_id: endpoint.region, region: endpoint.region, url: endpoint.url })),
    },
  ];
}
