import { describe, expect, it } from 'vitest';
import { request, type Json } from './api-harness.js';
import { dbBasePluginApiForSuite, dialects } from './db-harness.js';

/*
 * revision-if-match over real HTTP with the DB base plugin on each
 * database: `If-Match: revision_number=N` on updates and deletes, as
 * neutron_tempest_plugin's test_update_network_constrained_by_revision
 * uses it, neutron's answers to malformed headers, and concurrent changes
 * at one revision.
 */

const ALICE = 'project-alice';

describe.each(dialects)('If-Match revision constraints on %s', (dialect) => {
  const api = dbBasePluginApiForSuite(dialect);
  const call = (method: string, path: string, body?: unknown, ifMatch?: string) =>
    request(api.url(), method, path, {
      project: ALICE,
      ...(body === undefined ? {} : { body }),
      ...(ifMatch === undefined ? {} : { headers: { 'if-match': ifMatch } }),
    });

  async function network(name: string): Promise<Json> {
    const reply = await call('POST', '/v2.0/networks', { network: { name } });
    expect(reply.status).toBe(201);
    return reply.body.network;
  }
  const rename = (id: string, name: string, ifMatch?: string) => call('PUT', `/v2.0/networks/${id}`, { network: { name } }, ifMatch);
  const shown = async (id: string): Promise<Json> => (await call('GET', `/v2.0/networks/${id}`)).body.network;

  it('is advertised', async () => {
    const aliases = ((await call('GET', '/v2.0/extensions')).body.extensions as Json[]).map((e) => e.alias);
    expect(aliases).toContain('revision-if-match');
  });

  it('changes a resource only at the revision the client names: 412 otherwise', async () => {
    const net = await network('constrained');
    const current = Number(net.revision_number);
    const stale = await rename(net.id, 'newnet', `revision_number=${current - 1}`);
    expect(stale.status).toBe(412);
    expect(stale.body.NeutronError).toEqual({
      type: 'RevisionNumberConstraintFailed',
      message: `Constrained to ${current - 1}, but current revision is ${current}`,
      detail: '',
    });
    expect(await shown(net.id)).toMatchObject({ name: 'constrained', revision_number: current });
    const renamed = await rename(net.id, 'newnet', `revision_number=${current}`);
    expect(renamed.status).toBe(200);
    expect(renamed.body.network).toMatchObject({ name: 'newnet', revision_number: current + 1 });
    // Quoted, as HTTP writes entity tags, and beside other tags.
    expect((await rename(net.id, 'again', `"something", "revision_number=${current + 1}"`)).status).toBe(200);

    expect((await call('DELETE', `/v2.0/networks/${net.id}`, undefined, `revision_number=${current + 1}`)).status).toBe(412);
    expect((await call('DELETE', `/v2.0/networks/${net.id}`, undefined, `revision_number=${current + 2}`)).status).toBe(204);
  });

  it('ignores If-Match values that name no revision, and refuses malformed ones with 400', async () => {
    const net = await network('headers');
    for (const ignored of ['*', '"abc"', 'W/"revision_number=99"']) expect((await rename(net.id, 'ignored', ignored)).status, ignored).toBe(200);
    // neutron's BadRequest adds its own full stop, after the message's.
    const refused: [string, string][] = [
      ['revision_number=one', 'Bad if-match request: Revision number etag must be in the format of revision_number=<int>.'],
      // Unquoted, the whole value is one tag, as webob reads it.
      ['revision_number=1, revision_number=2', 'Bad if-match request: Revision number etag must be in the format of revision_number=<int>.'],
      ['"revision_number=1", "revision_number=2"', 'Bad if-match request: Multiple revision_number etags are not supported..'],
    ];
    for (const [header, message] of refused) {
      const reply = await rename(net.id, 'refused', header);
      expect([reply.status, reply.body.NeutronError.type, reply.body.NeutronError.message], header).toEqual([400, 'BadRequest', message]);
    }
    expect((await shown(net.id)).name).toBe('ignored');
  });

  it('lets one of several concurrent changes at one revision through, checked again inside its transaction', async () => {
    for (let round = 0; round < 3; round++) {
      const net = await network(`race-${round}`);
      const revision = Number(net.revision_number);
      const replies = await Promise.all([1, 2, 3, 4, 5].map((n) => rename(net.id, `race-${n}`, `revision_number=${revision}`)));
      expect(replies.map((reply) => reply.status).sort(), JSON.stringify(replies.map((reply) => reply.body))).toEqual([200, 412, 412, 412, 412]);
      expect((await shown(net.id)).revision_number).toBe(revision + 1);
    }
  });
});
