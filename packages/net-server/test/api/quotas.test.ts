import { describe, expect, it } from 'vitest';
import { request, startApi, type Json } from './api-harness.js';
import { dbBasePluginApiForSuite, dialects } from './db-harness.js';

/*
 * neutron's quotasv2, quota_details and quota-check-limit over real HTTP, on
 * the DB base plugin with SQLite and PostgreSQL: limits from [QUOTAS] until
 * a project has its own, neutron's policies, and enforcement on create.
 */

const ADMIN = 'admin-project';
const ALICE = 'project-alice';
const BOB = 'project-bob';

describe.each(dialects)('quotas on %s', (dialect) => {
  const { admin, member } = dbBasePluginApiForSuite(dialect, { 'QUOTAS.quota_subnet': '7' });
  const errorOf = (reply: Json): { type: string; message: string } => reply.body.NeutronError;

  it('advertises quotas, quota_details and quota-check-limit', async () => {
    const aliases = ((await admin('GET', '/extensions')).body.extensions as { alias: string }[]).map((extension) => extension.alias);
    expect(aliases).toEqual(expect.arrayContaining(['quotas', 'quota_details', 'quota-check-limit']));
  });

  it('shows the [QUOTAS] defaults for the resources the API serves, for a project without limits of its own', async () => {
    const defaults = { network: 100, subnet: 7, subnetpool: -1, port: 500, rbac_policy: 10 };
    expect((await admin('GET', `/quotas/${ALICE}`)).body).toEqual({ quota: defaults });
    expect((await admin('GET', `/quotas/${ALICE}/default`)).body).toEqual({ quota: defaults });
    // A project reads its own; another's needs get_quota (admin only).
    expect((await member(ALICE, 'GET', `/quotas/${ALICE}`)).status).toBe(200);
    expect((await member(ALICE, 'GET', `/quotas/${ALICE}.json`)).status).toBe(200);
    const other = await member(ALICE, 'GET', `/quotas/${BOB}`);
    expect([other.status, errorOf(other).type]).toEqual([403, 'PolicyNotAuthorized']);
    expect((await member(ALICE, 'GET', '/quotas/project')).body).toEqual({ project: { project_id: ALICE } });
    expect((await member(ALICE, 'GET', '/quotas/tenant')).body).toEqual({ tenant: { tenant_id: ALICE } });
  });

  it('updates, lists and resets a project’s limits, admin only', async () => {
    const project = `quota-${dialect}-update`;
    const updated = await admin('PUT', `/quotas/${project}`, { quota: { network: 0, port: '3' } });
    expect(updated.status, JSON.stringify(updated.body)).toBe(200);
    expect(updated.body.quota).toEqual({ network: 0, subnet: 7, subnetpool: -1, port: 3, rbac_policy: 10 });
    const listed = (await admin('GET', '/quotas')).body.quotas as Json[];
    expect(listed.find((quota) => quota.project_id === project)).toEqual({
      network: 0,
      subnet: 7,
      subnetpool: -1,
      port: 3,
      rbac_policy: 10,
      project_id: project,
      tenant_id: project,
    });
    expect((await member(project, 'PUT', `/quotas/${project}`, { quota: { network: 50 } })).status).toBe(403);
    expect((await member(project, 'GET', '/quotas')).status).toBe(403);
    expect((await admin('DELETE', `/quotas/${project}`)).status).toBe(204);
    expect((await admin('GET', '/quotas')).body.quotas.some((quota: Json) => quota.project_id === project)).toBe(false);
    expect((await admin('GET', `/quotas/${project}`)).body.quota).toEqual((await admin('GET', `/quotas/${project}/default`)).body.quota);
    const again = await admin('DELETE', `/quotas/${project}`);
    expect([again.status, errorOf(again)]).toEqual([
      404,
      expect.objectContaining({ type: 'TenantQuotaNotFound', message: `Quota for tenant ${project} could not be found.` }),
    ]);
  });

  it('refuses bad limits and bodies as neutron', async () => {
    const project = `quota-${dialect}-bad`;
    const unknown = await admin('PUT', `/quotas/${project}`, { quota: { widgets: 1 } });
    expect([unknown.status, errorOf(unknown).message]).toEqual([400, "Unrecognized attribute(s) 'widgets'"]);
    const low = await admin('PUT', `/quotas/${project}`, { quota: { network: -2 } });
    expect([low.status, errorOf(low)]).toEqual([
      400,
      expect.objectContaining({ type: 'HTTPBadRequest', message: "Invalid input for network. Reason: '-2' is too small - must be at least '-1'." }),
    ]);
    expect((await admin('PUT', `/quotas/${project}`, { quota: { network: 'many' } })).status).toBe(400);
    expect((await admin('PUT', `/quotas/${project}`, {})).status).toBe(400);
    const post = await admin('POST', '/quotas', { quota: {} });
    expect([post.status, errorOf(post)]).toEqual([
      501,
      expect.objectContaining({ type: 'HTTPNotImplemented', message: 'POST requests are not supported on this resource.' }),
    ]);
    expect((await admin('GET', '/quotas')).body.quotas.some((quota: Json) => quota.project_id === project)).toBe(false);
  });

  it('refuses a create past the limit with OverQuota, counting each project alone and bulk creates whole', async () => {
    const project = `quota-${dialect}-enforced`;
    expect((await admin('PUT', `/quotas/${project}`, { quota: { network: 2 } })).status).toBe(200);
    expect((await admin('POST', '/networks', { network: { project_id: project } })).status).toBe(201);
    const bulk = await admin('POST', '/networks', { networks: [{ project_id: project }, { project_id: project }] });
    expect([bulk.status, errorOf(bulk)]).toEqual([409, expect.objectContaining({ type: 'OverQuota', message: "Quota exceeded for resources: ['network']." })]);
    expect((await admin('POST', '/networks', { network: { project_id: project } })).status).toBe(201);
    const third = await admin('POST', '/networks', { network: { project_id: project } });
    expect([third.status, errorOf(third).message]).toEqual([409, "Quota exceeded for resources: ['network']."]);
    // Another project is not held back by this one's limit.
    expect((await admin('POST', '/networks', { network: { project_id: `${project}-other` } })).status).toBe(201);
    const details = (await admin('GET', `/quotas/${project}/details`)).body.quota;
    expect(details.network).toEqual({ limit: 2, used: 2, reserved: 0 });
    expect(details.port).toEqual({ limit: 500, used: 0, reserved: 0 });
  });

  it('shows details to the project itself and to admins only, and checks limits against usage when asked', async () => {
    const project = `quota-${dialect}-details`;
    expect((await member(project, 'POST', '/networks', { network: { name: 'a' } })).status).toBe(201);
    expect((await member(project, 'GET', `/quotas/${project}/details`)).body.quota.network).toEqual({ limit: 100, used: 1, reserved: 0 });
    const other = await member(ALICE, 'GET', `/quotas/${project}/details`);
    expect([other.status, errorOf(other).type]).toEqual([403, 'AdminRequired']);
    const checked = await admin('PUT', `/quotas/${project}`, { quota: { network: 0, check_limit: true } });
    expect([checked.status, errorOf(checked)]).toEqual([
      400,
      expect.objectContaining({ type: 'HTTPBadRequest', message: 'Quota limit 0 for network must be greater than or equal to already used 1' }),
    ]);
    expect((await admin('PUT', `/quotas/${project}`, { quota: { network: 0, force: true } })).body.quota.network).toBe(0);
  });
});

describe('quotas turned off', () => {
  it('neither advertises nor serves them with neutron’s null driver, and creates past the defaults', async () => {
    const running = await startApi({ config: { 'QUOTAS.quota_driver': 'neutron.db.quota.driver_null.DbQuotaDriverNull' } });
    try {
      const aliases = ((await request(running.url, 'GET', '/v2.0/extensions')).body.extensions as { alias: string }[]).map((extension) => extension.alias);
      expect(aliases).not.toContain('quotas');
      expect((await request(running.url, 'GET', '/v2.0/quotas', { project: ADMIN, roles: 'admin' })).status).toBe(404);
    } finally {
      await running.stop();
    }
  });
});
