import { ImportNeutronError } from './errors.js';
import type { NeutronSource } from './neutron-source.js';

/**
 * The alembic heads of a neutron Zed database after `neutron-db-manage
 * upgrade heads` (neutron's EXPAND_HEAD and CONTRACT_HEAD files): the
 * schema the mappings are written for. Another release's database may have
 * columns moved or renamed, so it is refused rather than half read.
 */
export const KNOWN_NEUTRON_HEADS: Readonly<Record<string, readonly string[]>> = {
  zed: ['5881373af7f5', '5c85685d616d'],
};

/** The release whose heads the source database's alembic_version holds; throws when it is none we know. */
export async function checkNeutronSchemaVersion(source: NeutronSource): Promise<string> {
  if (!source.has('alembic_version')) {
    throw new ImportNeutronError(
      'IMPORT_NEUTRON_NOT_NEUTRON',
      `${source.displayUrl} has no alembic_version table: it is not a neutron database. Give --from the [database] connection of neutron.conf.`,
    );
  }
  const versions = (await source.rows('alembic_version')).map((row) => String(row['version_num'])).sort();
  for (const [release, heads] of Object.entries(KNOWN_NEUTRON_HEADS)) {
    if (versions.length === heads.length && [...heads].sort().every((head, index) => head === versions[index])) return release;
  }
  const known = Object.entries(KNOWN_NEUTRON_HEADS)
    .map(([release, heads]) => `${release} (${heads.join(', ')})`)
    .join('; ');
  throw new ImportNeutronError(
    'IMPORT_NEUTRON_UNKNOWN_SCHEMA',
    `${source.displayUrl} is at neutron schema version ${versions.join(', ') || '(none)'}, which this net-server cannot import; it knows ${known}. ` +
      'Upgrade the database to Zed with `neutron-db-manage upgrade heads` from neutron Zed (or finish its pending migrations) and run the import again.',
  );
}
