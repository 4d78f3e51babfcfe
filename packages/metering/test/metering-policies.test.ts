import type { ApiClient, TestServer } from '@net-server/testkit';
import { undefinedPolicyRules } from '@net-server/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { created, failure, ok, startMeteringServer, type Dict } from './helpers.js';

const LABELS = '/metering/metering-labels';
const RULES = '/metering/metering-label-rules';

/*
 * neutron Zed's metering policies (checked against neutron's own policy
 * engine with its defaults): admins create and delete; an admin or a
 * reader of the owning project reads. Keystone gives a member's token the
 * reader role its member role implies.
 */
describe('who may do what with metering labels and rules', () => {
  let server: TestServer;
  let admin: ApiClient;
  let member: ApiClient;
  let memberWithoutReader: ApiClient;
  let other: ApiClient;
  let own: Dict;
  let othersShared: Dict;
  let rule: Dict;

  beforeAll(async () => {
    server = await startMeteringServer('sqlite');
    admin = server.client;
    member = admin.as({ projectId: 'project-a', roles: ['member', 'reader'] });
    memberWithoutReader = admin.as({ projectId: 'project-a', roles: ['member'] });
    other = admin.as({ projectId: 'project-b', roles: ['member', 'reader'] });
    own = created(await admin.post(LABELS, { metering_label: { name: 'own', tenant_id: 'project-a' } }), 'metering_label');
    othersShared = created(await admin.post(LABELS, { metering_label: { name: 'shared', tenant_id: 'project-b', shared: true } }), 'metering_label');
    rule = created(
      await admin.post(RULES, { metering_label_rule: { metering_label_id: own['id'], direction: 'ingress', remote_ip_prefix: '10.0.0.0/24' } }),
      'metering_label_rule',
    );
  }, 240_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('defines a rule for everything the API enforces', () => {
    expect(undefinedPolicyRules(server)).toEqual([]);
  });

  it('lets only admins create labels, shared or not, and rules', async () => {
    failure(await member.post(LABELS, { metering_label: { name: 'mine' } }), 403, 'PolicyNotAuthorized');
    failure(await member.post(LABELS, { metering_label: { name: 'mine', shared: true } }), 403, 'PolicyNotAuthorized');
    failure(
      await member.post(RULES, { metering_label_rule: { metering_label_id: own['id'], direction: 'egress', remote_ip_prefix: '10.9.0.0/24' } }),
      403,
      'PolicyNotAuthorized',
    );
    expect(created(await admin.post(LABELS, { metering_label: { name: 'admins', shared: true } }), 'metering_label')['shared']).toBe(true);
  });

  it("shows a reader their project's labels, not another project's, shared or not", async () => {
    expect(ok(await member.get(`${LABELS}/${String(own['id'])}`), 'metering_label')).toEqual(own);
    failure(await member.get(`${LABELS}/${String(othersShared['id'])}`), 404, 'HTTPNotFound');
    const listed = (await member.get(LABELS)).body['metering_labels'] as Dict[];
    expect(listed.map((label) => label['id'])).toEqual([own['id']]);
    expect(((await other.get(LABELS)).body['metering_labels'] as Dict[]).map((label) => label['id'])).toEqual([othersShared['id']]);
    // Without the reader role nothing is theirs to read.
    expect((await memberWithoutReader.get(LABELS)).body).toEqual({ metering_labels: [] });
    // An admin sees every label.
    expect(((await admin.get(LABELS)).body['metering_labels'] as Dict[]).map((label) => label['id'])).toEqual(
      expect.arrayContaining([own['id'], othersShared['id']]),
    );
  });

  it('shows rules to admins only: a rule has no project for a reader to match', async () => {
    expect((await member.get(RULES)).body).toEqual({ metering_label_rules: [] });
    failure(await member.get(`${RULES}/${String(rule['id'])}`), 404, 'HTTPNotFound');
    expect(ok(await admin.get(`${RULES}/${String(rule['id'])}`), 'metering_label_rule')).toEqual(rule);
  });

  it('lets only admins delete, answering not-found to whoever cannot see the label', async () => {
    failure(await member.delete(`${RULES}/${String(rule['id'])}`), 404, 'HTTPNotFound');
    failure(await member.delete(`${LABELS}/${String(own['id'])}`), 403, 'PolicyNotAuthorized');
    failure(await other.delete(`${LABELS}/${String(own['id'])}`), 404, 'MeteringLabelNotFound');
    expect((await admin.delete(`${LABELS}/${String(own['id'])}`)).status).toBe(204);
  });
});
