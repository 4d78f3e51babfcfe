import { BadRequest, defineNeutronException, NeutronException } from '@net-server/lib';

/** The alias that says the API honours `If-Match: revision_number=N` (neutron_lib.api.definitions.revisionifmatch). */
export const REVISION_IF_MATCH = 'revision-if-match';

/** neutron's revision_plugin.RevisionNumberConstraintFailed: the resource changed since the client read it; read it again and retry. */
export const RevisionNumberConstraintFailed = defineNeutronException<{ exp: unknown; cur: unknown }>(
  NeutronException,
  'RevisionNumberConstraintFailed',
  'Constrained to %(exp)s, but current revision is %(cur)s',
  { httpStatus: 412 },
);

const PREFIX = 'revision_number=';

/**
 * The revision an `If-Match` header constrains a change to, as neutron's
 * check_request_for_revision_constraint: entity tags other than
 * `revision_number=<int>` (`*` among them) constrain nothing; two such tags,
 * one that is no integer, or any where the server does not serve
 * revision-if-match are BadRequest (400).
 */
export function revisionConstraint(header: string | undefined, served: boolean): number | undefined {
  let revision: number | undefined;
  for (const tag of entityTags(header ?? '')) {
    if (!tag.startsWith(PREFIX)) continue;
    if (revision !== undefined) throw new BadRequest({ resource: 'if-match', msg: 'Multiple revision_number etags are not supported.' });
    if (!served) throw new BadRequest({ resource: 'if-match', msg: 'This server does not support constraining operations based on revision numbers' });
    const text = tag.slice(PREFIX.length);
    // Python's int(): an optional sign and surrounding blanks.
    if (!/^\s*[+-]?\d+\s*$/.test(text)) {
      throw new BadRequest({ resource: 'if-match', msg: 'Revision number etag must be in the format of revision_number=<int>' });
    }
    revision = Number.parseInt(text, 10);
  }
  return revision;
}

/** The resource as found must be at the constrained revision. */
export function checkRevision(found: Readonly<Record<string, unknown>>, expected: number): void {
  const current = Number(found['revision_number']);
  if (current !== expected) throw new RevisionNumberConstraintFailed({ exp: expected, cur: current });
}

/**
 * The entity tags of an If-Match value, as webob's ETagMatcher.parse reads
 * them: `*` is none to check; quoted tags, weak ones (`W/"..."`) left out;
 * a value without quotes is one tag, commas and all.
 */
function entityTags(value: string): string[] {
  if (value === '' || value === '*') return [];
  const quoted = [...value.matchAll(/(?:^|\s)(W\/)?"((?:\\"|.)*?)"/g)];
  if (quoted.length === 0) return [value];
  return quoted.filter((match) => match[1] === undefined).map((match) => match[2]!);
}
