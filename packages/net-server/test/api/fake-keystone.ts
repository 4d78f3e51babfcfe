import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Json } from './api-harness.js';

export interface FakeKeystone {
  url: string;
  /** Token validations asked for (GET /v3/auth/tokens), failed ones included. */
  validations(): number;
  /** The next `count` validations get their connection cut, as an overloaded or restarting Keystone. */
  dropNext(count: number): void;
  close(): Promise<void>;
}

/** A Keystone v3 stand-in: a service user (password service-secret), and user tokens with their project and roles. */
export async function startFakeKeystone(tokens: Record<string, { user: string; project: string; roles: string[] }>): Promise<FakeKeystone> {
  let validations = 0;
  let drops = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const expires = new Date(Date.now() + 3_600_000).toISOString();
    if (req.method === 'POST' && req.url === '/v3/auth/tokens') {
      let text = '';
      req.on('data', (chunk: Buffer) => (text += chunk.toString()));
      req.on('end', () => {
        const body = JSON.parse(text) as Json;
        if (body.auth.identity.password.user.password !== 'service-secret') {
          res.writeHead(401).end();
          return;
        }
        res.writeHead(201, { 'x-subject-token': 'service-token', 'content-type': 'application/json' });
        res.end(JSON.stringify({ token: { expires_at: expires } }));
      });
      return;
    }
    if (req.method === 'GET' && req.url === '/v3/auth/tokens') {
      validations += 1;
      if (drops > 0) {
        drops -= 1;
        req.socket.destroy();
        return;
      }
      if (req.headers['x-auth-token'] !== 'service-token') {
        res.writeHead(401).end();
        return;
      }
      const token = tokens[String(req.headers['x-subject-token'])];
      if (!token) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          token: {
            expires_at: expires,
            user: { id: token.user, name: token.user },
            project: { id: token.project, name: token.project },
            roles: token.roles.map((name) => ({ name })),
          },
        }),
      );
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  let closed = false;
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    validations: () => validations,
    dropNext: (count) => (drops = count),
    close: () =>
      new Promise<void>((resolve) => {
        if (closed) return resolve();
        closed = true;
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
