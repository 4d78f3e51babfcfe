import type { Logger } from '@net-server/lib';
import type { Database } from '../database.js';
import { ImportNeutronError } from './errors.js';
import type { ImportEvent, ImportReport } from './import-report.js';
import { ImportTarget } from './import-target.js';
import { NOT_NEEDED, STANDARD_ATTRIBUTE_OWNERS, TABLE_MAPPINGS, type ImportContext, type TableMapping } from './mappings/index.js';
import { checkNeutronSchemaVersion } from './neutron-schema-version.js';
import { NeutronSource } from './neutron-source.js';

export interface ImportNeutronOptions {
  /** neutron's `[database] connection` (postgresql://, mysql+pymysql://, ...). */
  from: string;
  /** net-server's database, upgraded (`net-server db upgrade`) and empty. */
  target: Database;
  logger?: Logger;
  progress?: (event: ImportEvent) => void;
}

/**
 * Reads a neutron Zed database into net-server's schema in one transaction
 * of the target: every mapping whose table the target has (its package is
 * installed) is written, the others are reported as skipped, and so are
 * neutron's tables with rows that nothing reads. Refuses (ImportNeutronError)
 * a source whose alembic version is not Zed's and a target with data.
 */
export async function importNeutron(options: ImportNeutronOptions): Promise<ImportReport> {
  const started = Date.now();
  const progress = options.progress ?? (() => undefined);
  const source = await NeutronSource.open(options.from, options.logger);
  try {
    const release = await checkNeutronSchemaVersion(source);
    progress({ event: 'source', url: source.displayUrl, release });
    const target = await ImportTarget.inspect(options.target);
    await target.assertEmpty();
    const context = await importContext(source, target);
    const report: ImportReport = { release, tables: [], skipped: [], unread: [], rows: 0, ms: 0 };
    await options.target.db.transaction().execute(async (trx) => {
      for (const mapping of TABLE_MAPPINGS) {
        if (!target.has(mapping.target)) {
          const skipped = {
            table: mapping.target,
            sources: mapping.sources,
            sourceRows: await sourceRows(source, mapping),
            reason: 'no such table in net-server (its package is not installed)',
          };
          report.skipped.push(skipped);
          progress({ event: 'skipped', ...skipped });
          continue;
        }
        const tableStarted = Date.now();
        const rows = await writeTable(mapping, source, context, (values) => target.insert(trx, mapping.target, values));
        const done = { table: mapping.target, sources: mapping.sources, rows, ms: Date.now() - tableStarted };
        report.tables.push(done);
        report.rows += rows;
        progress({ event: 'table', ...done });
      }
    });
    for (const unread of await unreadTables(source)) {
      report.unread.push(unread);
      progress({ event: 'unread', ...unread });
    }
    report.ms = Date.now() - started;
    progress({ event: 'done', tables: report.tables.length, rows: report.rows, ms: report.ms });
    return report;
  } finally {
    await source.close();
  }
}

async function writeTable(
  mapping: TableMapping,
  source: NeutronSource,
  context: ImportContext,
  write: (rows: Record<string, unknown>[]) => Promise<number>,
): Promise<number> {
  try {
    return await write(await mapping.read(source, context));
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new ImportNeutronError(
      'IMPORT_NEUTRON_TABLE_FAILED',
      `importing ${mapping.target} (from neutron's ${mapping.sources.join(', ')}) failed: ${why}. Nothing was imported (the import is one transaction); ` +
        'check that the source is an intact neutron Zed database and the target was made by `net-server db upgrade`.',
      { cause: error },
    );
  }
}

async function importContext(source: NeutronSource, target: ImportTarget): Promise<ImportContext> {
  const resourceByStandardAttribute = new Map<string, string>();
  for (const owner of STANDARD_ATTRIBUTE_OWNERS) {
    if (!target.has(owner.target)) continue;
    for (const row of await source.rows(owner.source, { only: ['id', 'standard_attr_id'] })) {
      if (row['standard_attr_id'] !== null && row['standard_attr_id'] !== undefined)
        resourceByStandardAttribute.set(String(row['standard_attr_id']), String(row['id']));
    }
  }
  return { resourceByStandardAttribute };
}

async function sourceRows(source: NeutronSource, mapping: TableMapping): Promise<number> {
  let rows = 0;
  for (const table of mapping.sources) if (source.has(table)) rows += await source.count(table);
  return rows;
}

/** neutron's tables that hold rows no mapping reads (and that are not derived state): what the import leaves behind. */
async function unreadTables(source: NeutronSource): Promise<{ table: string; rows: number }[]> {
  const read = new Set([...NOT_NEEDED, ...TABLE_MAPPINGS.flatMap((mapping) => mapping.sources), ...STANDARD_ATTRIBUTE_OWNERS.map((owner) => owner.source)]);
  const unread: { table: string; rows: number }[] = [];
  for (const table of source.tableNames) {
    if (read.has(table)) continue;
    const rows = await source.count(table);
    if (rows > 0) unread.push({ table, rows });
  }
  return unread;
}
