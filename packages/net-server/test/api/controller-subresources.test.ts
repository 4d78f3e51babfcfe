import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, startApi, type Json, type RunningApi } from './api-harness.js';
import { TEST_LABELS_EXTENSION } from './labels-plugin.js';

const LABELS_PLUGIN = `${fileURLToPath(new URL('./labels-plugin.ts', import.meta.url))}:LabelsPlugin`;

/*
 * A standard-attribute extension and a sub-resource its plugin answers with
 * its own controller (what the tag plugin's standard-attr-tag is made of),
 * over the in-memory core plugin.
 */
describe('controller sub-resources and standard-attribute extensions', () => {
  let running: RunningApi;
  let network: string;
  let shared: string;
  const owner = { project: 'p-owner' };
  const other = { project: 'p-other' };

  beforeAll(async () => {
    running = await startApi({ config: { 'DEFAULT.service_plugins': LABELS_PLUGIN }, extensions: [TEST_LABELS_EXTENSION] });
    network = (await request(running.url, 'POST', '/v2.0/networks', { ...owner, body: { network: { name: 'mine' } } })).body.network.id;
    const made = await request(running.url, 'POST', '/v2.0/networks', {
      project: 'p-owner',
      roles: 'admin',
      body: { network: { name: 'shared', shared: true } },
    });
    shared = made.body.network.id;
  });

  afterAll(async () => {
    await running?.stop();
  });

  it('serves the extension as its plugin adapts it, extending only the collections that are served', async () => {
    const extension = await request(running.url, 'GET', '/v2.0/extensions/test-labels');
    expect(extension.body.extension.name).toBe('Labels on networks and routers');
    // Listed for routers, which no plugin serves: no routers collection appears.
    expect((await request(running.url, 'GET', '/v2.0/routers', owner)).status).toBe(404);
    expect(running.manager.getPluginForResource('routers')).toBeUndefined();
    expect((await request(running.url, 'GET', '/v2.0/networks?labels=x', owner)).status).toBe(200);
    expect(running.api.model.attributesOf('networks')?.['labels']).toMatchObject({ isFilter: true });
    expect([...running.api.model.controllerSubresources.keys()]).toEqual(['networks/labels']);
  });

  it('routes each method to the controller action, with the statuses the extension gives', async () => {
    const base = `/v2.0/networks/${network}/labels`;
    expect(await request(running.url, 'GET', base, owner)).toMatchObject({ status: 200, body: { labels: [] } });
    const added = await request(running.url, 'PUT', `${base}/blue`, owner);
    expect(added.status).toBe(201);
    expect(added.body).toBeUndefined();
    expect((await request(running.url, 'GET', `${base}/blue`, owner)).status).toBe(204);
    const missing = await request(running.url, 'GET', `${base}/green`, owner);
    expect(missing).toMatchObject({ status: 404, body: { NeutronError: { type: 'LabelNotFound', message: 'Label green could not be found.' } } });
    expect(await request(running.url, 'PUT', base, { ...owner, body: { labels: ['a', 'b'] } })).toMatchObject({ status: 200, body: { labels: ['a', 'b'] } });
    expect((await request(running.url, 'DELETE', `${base}/a`, owner)).status).toBe(204);
    expect((await request(running.url, 'GET', base, owner)).body).toEqual({ labels: ['b'] });
    expect((await request(running.url, 'DELETE', base, owner)).status).toBe(204);
    expect((await request(running.url, 'GET', base, owner)).body).toEqual({ labels: [] });
    // The controller has no create: 405, as neutron's shim controllers.
    expect((await request(running.url, 'POST', base, { ...owner, body: { label: 'x' } })).status).toBe(405);
    expect((await request(running.url, 'POST', `${base}/x`, owner)).status).toBe(405);
    expect((await request(running.url, 'PUT', base, { ...owner, body: 'not json', headers: { 'content-type': 'application/json' } })).status).toBe(400);
  });

  it('routes a member action the extension declares to the controller, with the method it gives, and no other path', async () => {
    const base = `/v2.0/networks/${network}/labels`;
    expect((await request(running.url, 'PUT', `${base}/quiet`, owner)).status).toBe(201);
    expect(await request(running.url, 'PUT', `${base}/quiet/upper`, owner)).toMatchObject({ status: 200, body: { label: 'QUIET' } });
    expect((await request(running.url, 'GET', base, owner)).body.labels).toContain('QUIET');
    expect(await request(running.url, 'PUT', `${base}/quiet/upper`, owner)).toMatchObject({ status: 404, body: { NeutronError: { type: 'LabelNotFound' } } });
    // Another method than the action's is 405; an action not declared, or one more segment, 404.
    expect((await request(running.url, 'GET', `${base}/QUIET/upper`, owner)).status).toBe(405);
    expect((await request(running.url, 'PUT', `${base}/QUIET/lower`, owner)).status).toBe(404);
    expect((await request(running.url, 'PUT', `${base}/QUIET/upper/again`, owner)).status).toBe(404);
    // The parent as the caller may reach it: another project's network is not found.
    expect((await request(running.url, 'PUT', `${base}/QUIET/upper`, other)).status).toBe(404);
  });

  it("hands the controller any JSON body, as neutron's extension resources, and answers MalformedRequestBody for text that is not JSON", async () => {
    const base = `/v2.0/networks/${network}/labels`;
    // tempest adds a tag with the body "{}", a JSON string; the controller decides what a body may be.
    expect((await request(running.url, 'PUT', `${base}/tempest`, { ...owner, body: '"{}"' })).status).toBe(201);
    expect((await request(running.url, 'PUT', `${base}/listed`, { ...owner, body: '[1]' })).status).toBe(201);
    expect(await request(running.url, 'PUT', base, { ...owner, body: '{junk' })).toMatchObject({
      status: 400,
      body: { NeutronError: { type: 'MalformedRequestBody', message: 'Malformed request body: Cannot understand JSON.' } },
    });
    // A resource's own body must still be an object.
    expect(await request(running.url, 'PUT', `/v2.0/networks/${network}`, { ...owner, body: '"{}"' })).toMatchObject({
      status: 400,
      body: { NeutronError: { type: 'HTTPBadRequest', message: 'Body contains invalid data' } },
    });
    expect((await request(running.url, 'DELETE', base, owner)).status).toBe(204);
  });

  it('gives the controller the parent as the caller may reach it', async () => {
    const unknown = '5f0a8c1e-2b7d-4e9a-8c3f-1d2e3f4a5b6c';
    const absent = await request(running.url, 'GET', `/v2.0/networks/${unknown}/labels`, owner);
    expect(absent).toMatchObject({ status: 404, body: { NeutronError: { type: 'LabeledResourceNotFound', message: `No network ${unknown} to label.` } } });
    // Another project's private network is as absent, a shared one is visible but not theirs to change.
    expect((await request(running.url, 'GET', `/v2.0/networks/${network}/labels`, other)).body.NeutronError.type).toBe('LabeledResourceNotFound');
    expect((await request(running.url, 'GET', `/v2.0/networks/${shared}/labels`, other)).status).toBe(200);
    const refused = await request(running.url, 'PUT', `/v2.0/networks/${shared}/labels/theirs`, other);
    expect(refused.status).toBe(403);
    expect((refused.body as Json).NeutronError.message).toContain('update_network');
    expect((await request(running.url, 'PUT', `/v2.0/networks/${shared}/labels/ours`, owner)).status).toBe(201);
    expect((await request(running.url, 'GET', `/v2.0/networks/${shared}/labels`, other)).body).toEqual({ labels: ['ours'] });
  });
});
