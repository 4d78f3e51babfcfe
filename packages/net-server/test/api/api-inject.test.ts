import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, startApi, type RunningApi } from './api-harness.js';

/*
 * ApiServer.inject answers as the socket does: the same server answers
 * each request both ways and the replies are compared (status, body, the
 * headers a client reads), for successes, each kind of error and an empty
 * 204.
 */

let running: RunningApi;
let injected: RunningApi;

beforeAll(async () => {
  running = await startApi();
  injected = { ...running, listening: false };
});

afterAll(async () => {
  await running.stop();
});

const ADMIN = { project: 'project-admin', roles: 'admin' };

describe('ApiServer.inject', () => {
  it('answers what the socket answers', async () => {
    const created = await request(running, 'POST', '/v2.0/networks', { ...ADMIN, body: { network: { name: 'inject' } } });
    expect(created.status).toBe(201);
    const id = created.body.network.id as string;
    const cases: [string, string, { body?: unknown }?][] = [
      ['GET', `/v2.0/networks/${id}`],
      ['GET', '/v2.0/networks?name=inject&fields=id&fields=name'],
      ['GET', '/v2.0/networks/00000000-0000-0000-0000-000000000000'],
      ['PUT', `/v2.0/networks/${id}`, { body: '{"network": ' }],
      ['POST', '/v2.0/networks', { body: { network: { bogus: 1 } } }],
      ['PATCH', '/v2.0/networks'],
      ['GET', '/v2.0/nothing-here'],
      ['GET', '/'],
    ];
    // Links name the Host a request came with: both ways send the socket's.
    const headers = { host: new URL(running.url).host };
    for (const [method, path, options] of cases) {
      const overSocket = await request(running, method, path, { ...ADMIN, ...options, headers });
      const inMemory = await request(injected, method, path, { ...ADMIN, ...options, headers });
      expect({ method, path, status: inMemory.status, body: inMemory.body }).toEqual({ method, path, status: overSocket.status, body: overSocket.body });
      expect(inMemory.headers.get('content-type')).toBe(overSocket.headers.get('content-type'));
      expect(inMemory.headers.get('x-openstack-request-id')).toMatch(/^req-[0-9a-f-]{36}$/);
    }
  });

  it('answers a delete with an empty 204, and the row is gone for both', async () => {
    const created = await request(injected, 'POST', '/v2.0/networks', { ...ADMIN, body: { network: { name: 'gone' } } });
    const id = created.body.network.id as string;
    const deleted = await running.api.inject(`/v2.0/networks/${id}`, { method: 'DELETE', headers: { 'x-project-id': ADMIN.project, 'x-roles': ADMIN.roles } });
    expect(deleted.status).toBe(204);
    expect(await deleted.text()).toBe('');
    expect((await request(running, 'GET', `/v2.0/networks/${id}`, ADMIN)).status).toBe(404);
  });
});
