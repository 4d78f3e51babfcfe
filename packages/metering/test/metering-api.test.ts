import type { ApiClient, TestServer } from '@net-server/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { created, dialects, failure, ok, startMeteringServer, type Dict } from './helpers.js';

const LABELS = '/metering/metering-labels';
const RULES = '/metering/metering-label-rules';

/*
 * The metering API as tempest.api.network.admin.test_metering_extensions
 * and neutron_tempest_plugin's metering tests use it (an admin's), and
 * neutron's checks and errors around it.
 */
describe.each(dialects)('metering through the REST API on %s', (dialect) => {
  let server: TestServer;
  let api: ApiClient;

  async function label(body: Dict = {}): Promise<Dict> {
    return created(await api.post(LABELS, { metering_label: { name: 'label', ...body } }), 'metering_label');
  }
  async function rule(labelId: unknown, body: Dict): Promise<Dict> {
    return created(await api.post(RULES, { metering_label_rule: { metering_label_id: labelId, direction: 'ingress', ...body } }), 'metering_label_rule');
  }

  beforeAll(async () => {
    server = await startMeteringServer(dialect);
    api = server.client;
  }, 240_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('announces metering and metering_source_and_destination_fields, under the /metering prefix', async () => {
    const aliases = ((await api.get('/extensions')).body['extensions'] as { alias: string }[]).map((e) => e.alias);
    expect(aliases).toEqual(expect.arrayContaining(['metering', 'metering_source_and_destination_fields']));
    expect((await api.get(LABELS)).status).toBe(200);
    expect((await api.get(RULES)).status).toBe(200);
    expect((await api.get('/metering-labels')).status).toBe(404);
  });

  it('creates, shows, lists and deletes labels and rules as tempest does, for IPv4 and IPv6', async () => {
    const made = await label({ name: 'metering-label-1', description: 'metering label created by tempest' });
    expect(made).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: 'metering-label-1',
      description: 'metering label created by tempest',
      shared: false,
      project_id: 'testkit-project',
      tenant_id: 'testkit-project',
    });
    const id = String(made['id']);
    expect(ok(await api.get(`${LABELS}/${id}`), 'metering_label')).toEqual(made);
    // An id that is no UUID filters to nothing and is not found, as neutron answers.
    expect((await api.get(`${LABELS}?id=33`)).body).toEqual({ metering_labels: [] });
    failure(await api.get(`${LABELS}/33`), 404, 'MeteringLabelNotFound');
    expect(((await api.get(`${LABELS}?id=${id}`)).body['metering_labels'] as Dict[]).map((l) => l['id'])).toEqual([id]);

    for (const [remote, other] of [
      ['10.0.0.0/24', '10.0.1.0/24'],
      ['fd02::/64', 'fd03::/64'],
    ] as const) {
      const first = await rule(id, { remote_ip_prefix: remote });
      expect(first).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        metering_label_id: id,
        direction: 'ingress',
        remote_ip_prefix: remote,
        source_ip_prefix: null,
        destination_ip_prefix: null,
        excluded: false,
      });
      expect(ok(await api.get(`${RULES}/${String(first['id'])}`), 'metering_label_rule')).toEqual(first);
      const second = await rule(id, { remote_ip_prefix: other });
      expect(((await api.get(`${RULES}?id=${String(second['id'])}`)).body['metering_label_rules'] as Dict[]).length).toBe(1);
      expect((await api.delete(`${RULES}/${String(second['id'])}`)).status).toBe(204);
      expect((await api.get(`${RULES}?id=${String(second['id'])}`)).body).toEqual({ metering_label_rules: [] });
      failure(await api.delete(`${RULES}/${String(second['id'])}`), 404, 'MeteringLabelRuleNotFound');
    }
    expect((await api.get(`${RULES}?id=33`)).body).toEqual({ metering_label_rules: [] });
    failure(await api.get(`${RULES}/33`), 404, 'MeteringLabelRuleNotFound');

    expect((await api.delete(`${LABELS}/${id}`)).status).toBe(204);
    expect((await api.get(`${LABELS}?id=${id}`)).body).toEqual({ metering_labels: [] });
    failure(await api.delete(`${LABELS}/${id}`), 404, 'MeteringLabelNotFound');
  });

  it("deletes a label's rules with it", async () => {
    const id = String((await label())['id']);
    const rules = [await rule(id, { remote_ip_prefix: '192.0.2.0/24' }), await rule(id, { source_ip_prefix: '198.51.100.0/24', direction: 'egress' })];
    expect((await api.delete(`${LABELS}/${id}`)).status).toBe(204);
    for (const gone of rules) failure(await api.get(`${RULES}/${String(gone['id'])}`), 404, 'MeteringLabelRuleNotFound');
    expect((await api.get(`${RULES}?metering_label_id=${id}`)).body).toEqual({ metering_label_rules: [] });
  });

  it("takes names up to neutron's 255 characters and refuses longer ones", async () => {
    expect((await label({ name: 'x'.repeat(255) }))['name']).toBe('x'.repeat(255));
    failure(await api.post(LABELS, { metering_label: { name: 'x'.repeat(256) } }), 400, 'HTTPBadRequest');
  });

  it('checks prefixes as neutron does: one of three, remote alone, addresses with lengths, stored as netaddr writes them', async () => {
    const id = String((await label())['id']);
    expect(await failure(await api.post(RULES, { metering_label_rule: { metering_label_id: id, direction: 'ingress' } }), 400, 'Invalid')).toBe(
      "You must define at least one of the following parameters 'remote_ip_prefix', or 'source_ip_prefix' or 'destination_ip_prefix'.",
    );
    const both = { metering_label_id: id, direction: 'ingress', remote_ip_prefix: '10.1.0.0/24', destination_ip_prefix: '10.2.0.0/24' };
    expect(failure(await api.post(RULES, { metering_label_rule: both }), 400, 'Invalid')).toBe(
      "Cannot use 'remote-ip-prefix' in conjunction with 'source-ip-prefix' or 'destination-ip-prefix'.",
    );
    expect(
      failure(
        await api.post(RULES, { metering_label_rule: { metering_label_id: id, direction: 'egress', source_ip_prefix: '10.0.0.300/24' } }),
        400,
        'Invalid',
      ),
    ).toBe("source_ip_prefix: 10.0.0.300/24 is invalid ['10.0.0.300/24' does not appear to be an IPv4 or IPv6 interface].");
    failure(
      await api.post(RULES, { metering_label_rule: { metering_label_id: id, direction: 'sideways', source_ip_prefix: '10.0.0.0/24' } }),
      400,
      'HTTPBadRequest',
    );

    const pair = await rule(id, { direction: 'egress', source_ip_prefix: '10.3.0.1', destination_ip_prefix: '10.4.0.0/255.255.0.0' });
    expect(pair).toMatchObject({ remote_ip_prefix: null, source_ip_prefix: '10.3.0.1/32', destination_ip_prefix: '10.4.0.0/16' });
    expect(await rule(id, { source_ip_prefix: '2001:DB8:0::1/64' })).toMatchObject({ source_ip_prefix: '2001:db8::1/64' });
    failure(
      await api.post(RULES, {
        metering_label_rule: { metering_label_id: '8a6c2f1e-0000-4000-8000-000000000000', direction: 'ingress', remote_ip_prefix: '10.0.0.0/8' },
      }),
      404,
      'MeteringLabelNotFound',
    );
  });

  it('refuses a remote prefix overlapping another of the label in the same direction and exclusion', async () => {
    const id = String((await label())['id']);
    await rule(id, { remote_ip_prefix: '172.16.0.0/16' });
    expect(
      failure(
        await api.post(RULES, { metering_label_rule: { metering_label_id: id, direction: 'ingress', remote_ip_prefix: '172.16.5.1/24' } }),
        409,
        'MeteringLabelRuleOverlaps',
      ),
    ).toBe("Metering label rule with remote_ip_prefix '172.16.5.1/24' overlaps another.");
    await rule(id, { remote_ip_prefix: '172.16.5.0/24', direction: 'egress' });
    await rule(id, { remote_ip_prefix: '172.16.5.0/24', excluded: true });
    await rule(id, { remote_ip_prefix: '172.17.0.0/16' });
    // Source and destination prefixes are not compared, as in neutron.
    await rule(id, { source_ip_prefix: '172.16.0.0/16' });
    const other = String((await label())['id']);
    await rule(other, { remote_ip_prefix: '172.16.0.0/16' });
  });

  it('filters, sorts, pages and selects fields', async () => {
    const names = ['page-c', 'page-a', 'page-b'];
    for (const name of names) await label({ name, shared: name === 'page-b' });
    const listed = (await api.get(`${LABELS}?name=page-a&name=page-b&name=page-c&sort_key=name&sort_dir=desc&limit=2`)).body;
    expect((listed['metering_labels'] as Dict[]).map((l) => l['name'])).toEqual(['page-c', 'page-b']);
    expect(listed['metering_labels_links']).toEqual([expect.objectContaining({ rel: 'next' }), expect.objectContaining({ rel: 'previous' })]);
    const shared = (await api.get(`${LABELS}?shared=True&fields=name&fields=shared`)).body['metering_labels'] as Dict[];
    expect(shared).toEqual([{ name: 'page-b', shared: true }]);
  });

  it('updates nothing: every attribute is read-only, as in neutron', async () => {
    const id = String((await label())['id']);
    expect((await api.put(`${LABELS}/${id}`, { metering_label: { name: 'renamed' } })).status).toBe(400);
  });
});
