import { ATTR_NOT_SPECIFIED, defineNeutronException, InvalidInput, NotFound, silentLogger, type ResourceDict } from '@net-server/lib';
import type { Kysely } from 'kysely';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Migrator } from '../src/db/migrator.js';
import type { Migration } from '../src/db/migration.js';
import { coreMigrations } from '../src/db-base-plugin/migrations.js';
import type { Session } from '../src/db-base-plugin/session.js';
import { resourceTags } from '../src/db-base-plugin/tags.js';
import { TransactionRunner } from '../src/db-base-plugin/transaction-runner.js';
import {
  given,
  givenBoolean,
  givenInteger,
  givenList,
  givenString,
  givenStrings,
  owningProject,
  rbacSharing,
  ResourceStore,
  selectRows,
  SubresourceEngine,
  unwrapBody,
  type TableResource,
} from '../src/index.js';
import { ResourceEngine } from '../src/resource-kit/resource-engine.js';
import { ResourceHookChain } from '../src/resource-kit/resource-hooks.js';
import type { RowFilter, RowPage } from '../src/resource-kit/resource-ops.js';
import { tableResourceOps } from '../src/resource-kit/table-resource-ops.js';
import { admin, alice, bob, dialects, migratedDatabase, type DialectName } from './base-plugin-fixture.js';

const WidgetNotFound = defineNeutronException<{ widget_id: unknown }>(NotFound, 'WidgetNotFound', 'Widget %(widget_id)s could not be found.');
const PartNotFound = defineNeutronException<{ part_id: unknown }>(NotFound, 'PartNotFound', 'Part %(part_id)s could not be found.');
const WidgetPartNotFound = defineNeutronException<{ part_id: unknown; widget_id: unknown }>(
  NotFound,
  'WidgetPartNotFound',
  'Part %(part_id)s of widget %(widget_id)s could not be found.',
);

interface WidgetRow {
  id: string;
  project_id: string;
  name: string;
  shared: boolean | number;
  color: string | null;
  description: string;
  revision_number: number | string;
  created_at: string;
  updated_at: string;
}

interface PartRow {
  id: string;
  widget_id: string;
  size: number | string;
}

/** A service plugin's tables as a package's migration would create them. */
const migrations: Migration[] = [
  {
    id: 'kit_test_0001_widgets',
    after: ['core_0001_base_plugin'],
    async up(db) {
      await db.schema
        .createTable('kit_widgets')
        .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
        .addColumn('project_id', 'varchar(255)', (c) => c.notNull())
        .addColumn('name', 'varchar(255)', (c) => c.notNull())
        .addColumn('shared', 'boolean', (c) => c.notNull())
        .addColumn('color', 'varchar(32)')
        .addColumn('description', 'varchar(255)', (c) => c.notNull())
        .addColumn('revision_number', 'bigint', (c) => c.notNull())
        .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('ix_kit_widgets_project_id').on('kit_widgets').column('project_id').execute();
      await db.schema
        .createTable('kit_parts')
        .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
        .addColumn('widget_id', 'varchar(36)', (c) => c.notNull().references('kit_widgets.id').onDelete('cascade'))
        .addColumn('size', 'integer', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('kit_widget_rbacs')
        .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
        .addColumn('project_id', 'varchar(255)', (c) => c.notNull())
        .addColumn('target_project', 'varchar(255)', (c) => c.notNull())
        .addColumn('object_id', 'varchar(36)', (c) => c.notNull().references('kit_widgets.id').onDelete('cascade'))
        .addColumn('action', 'varchar(255)', (c) => c.notNull())
        .execute();
    },
  },
];

const widgetColumns = {
  notFound: (id: string) => new WidgetNotFound({ widget_id: id }),
  toDict: (row: WidgetRow): ResourceDict => ({ name: row.name, shared: Boolean(row.shared), color: row.color }),
  newRow: (body: Readonly<Record<string, unknown>>): Partial<WidgetRow> => ({
    name: givenString(body, 'name') ?? '',
    shared: givenBoolean(body, 'shared') ?? false,
    color: givenString(body, 'color') ?? null,
  }),
  changes: (body: Readonly<Record<string, unknown>>): Partial<WidgetRow> => ({
    ...givenStrings(body, ['name']),
    ...(given(body, 'color') === undefined ? {} : { color: givenString(body, 'color') ?? null }),
  }),
  sqlFilters: ['name'],
};

const widgets: TableResource<WidgetRow> = {
  table: 'kit_widgets',
  member: 'widget',
  collection: 'widgets',
  visibility: 'owner-or-shared',
  standardAttributes: true,
  ...widgetColumns,
};

const parts: TableResource<PartRow> = {
  table: 'kit_parts',
  member: 'part',
  collection: 'parts',
  visibility: 'everyone',
  standardAttributes: false,
  notFound: (id) => new PartNotFound({ part_id: id }),
  toDict: (row) => ({ widget_id: row.widget_id, size: Number(row.size) }),
  newRow: (body) => ({ widget_id: givenString(body, 'widget_id') ?? '', size: givenInteger(body, 'size') ?? 0 }),
  sqlFilters: ['widget_id'],
};

async function kit(dialect: DialectName): Promise<{ transactions: TransactionRunner; widgets: ResourceStore<WidgetRow>; parts: ResourceStore<PartRow> }> {
  const { database } = await migratedDatabase(dialect);
  await new Migrator(database, [
    { packageName: 'net-server', migrations: coreMigrations },
    { packageName: 'kit-test', migrations },
  ]).upgrade();
  const transactions = new TransactionRunner(database, silentLogger);
  return { transactions, widgets: new ResourceStore(transactions, widgets), parts: new ResourceStore(transactions, parts) };
}

const ids = (dicts: readonly ResourceDict[]): string[] => dicts.map((dict) => String(dict['id']));
const names = (dicts: readonly ResourceDict[]): string[] => dicts.map((dict) => String(dict['name']));

describe.each(dialects)('the resource kit on %s', (dialect) => {
  it('creates, shows, updates and deletes a resource with standard attributes, one revision per change', async () => {
    const { widgets: store } = await kit(dialect);
    const created = await store.create(alice, { name: 'w1', description: ATTR_NOT_SPECIFIED, color: ATTR_NOT_SPECIFIED });
    expect(created).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      project_id: 'project-a',
      tenant_id: 'project-a',
      name: 'w1',
      shared: false,
      color: null,
      description: '',
      tags: [],
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      updated_at: created['created_at'],
      revision_number: 0,
    });
    const id = String(created['id']);
    // neutron's wrapped body ({"widget": {...}}) is read as well.
    const forBob = await store.create(admin, { widget: { name: 'w2', tenant_id: 'project-b', color: 'red' } });
    expect(forBob).toMatchObject({ project_id: 'project-b', tenant_id: 'project-b', color: 'red' });

    expect(await store.update(alice, id, { name: 'renamed' })).toMatchObject({ name: 'renamed', revision_number: 1 });
    // The same value again changes nothing, so no new revision.
    expect(await store.update(alice, id, { name: 'renamed', description: '' })).toMatchObject({ revision_number: 1 });
    const described = await store.update(alice, id, { description: 'now described', color: 'blue' });
    expect(described).toMatchObject({ description: 'now described', color: 'blue', revision_number: 2 });
    expect(await store.update(alice, id, { color: null })).toMatchObject({ color: null, revision_number: 3 });
    expect(await store.get(alice, id, ['id', 'revision_number'])).toEqual({ id, revision_number: 3 });

    await store.delete(alice, id);
    await expect(store.get(alice, id)).rejects.toBeInstanceOf(WidgetNotFound);
    await expect(store.delete(alice, id)).rejects.toMatchObject({ message: `Widget ${id} could not be found.` });
  });

  it("answers not-found for another project's rows, and shows shared ones", async () => {
    const { widgets: store } = await kit(dialect);
    const own = String((await store.create(alice, { name: 'private' }))['id']);
    const shared = String((await store.create(alice, { name: 'shared', shared: true }))['id']);
    const bobs = String((await store.create(bob, { name: 'bobs' }))['id']);

    await expect(store.get(bob, own)).rejects.toBeInstanceOf(WidgetNotFound);
    await expect(store.update(bob, own, { name: 'taken' })).rejects.toBeInstanceOf(WidgetNotFound);
    await expect(store.delete(bob, own)).rejects.toBeInstanceOf(WidgetNotFound);
    expect((await store.get(bob, shared))['name']).toBe('shared');
    expect(ids(await store.list(bob)).sort()).toEqual([bobs, shared].sort());
    expect(ids(await store.list(alice)).sort()).toEqual([own, shared].sort());
    expect(ids(await store.list(admin)).sort()).toEqual([own, shared, bobs].sort());
    // A project's list through the project_id (or tenant_id) filter, narrowed in SQL.
    expect(ids(await store.list(admin, { filters: { tenant_id: ['project-b'] } }))).toEqual([bobs]);
    expect(await store.get(admin, own)).toMatchObject({ name: 'private' });
  });

  it('filters, sorts, pages and selects fields in one place', async () => {
    const { transactions, widgets: store } = await kit(dialect);
    const made = new Map<string, string>();
    for (const [name, color, shared] of [
      ['a', 'red', false],
      ['b', 'blue', true],
      ['c', 'red', false],
      ['d', null, false],
    ] as const) {
      made.set(name, String((await store.create(alice, { name, color, shared }))['id']));
    }
    await transactions.write(alice, (session) => resourceTags.add(session.db, made.get('c')!, ['x', 'y']));

    expect(names(await store.list(alice, { filters: { name: ['a', 'c'] } })).sort()).toEqual(['a', 'c']);
    // Filters on columns not narrowed in SQL, booleans as the query string writes them, and null.
    expect(names(await store.list(alice, { filters: { color: ['red'], name: ['c', 'd'] } }))).toEqual(['c']);
    expect(names(await store.list(alice, { filters: { shared: ['True'] } }))).toEqual(['b']);
    expect(names(await store.list(alice, { filters: { color: [''] } }))).toEqual(['d']);
    expect(names(await store.list(alice, { filters: { 'tags-any': ['y', 'z'] } }))).toEqual(['c']);
    // No value asked for matches nothing, as neutron's IN ().
    expect(await store.list(alice, { filters: { id: [] } })).toEqual([]);
    expect(await store.list(alice, { filters: { id: ['33'] } })).toEqual([]);

    const byName = [{ key: 'name', direction: 'desc' as const }];
    expect(names(await store.list(alice, { sorts: byName }))).toEqual(['d', 'c', 'b', 'a']);
    expect(names(await store.list(alice, { sorts: byName, limit: 2 }))).toEqual(['d', 'c']);
    expect(names(await store.list(alice, { sorts: byName, limit: 2, marker: made.get('c')! }))).toEqual(['b', 'a']);
    expect(names(await store.list(alice, { sorts: byName, limit: 1, marker: made.get('b')!, pageReverse: true }))).toEqual(['c']);
    // A marker outside the filters still places the page.
    expect(names(await store.list(alice, { sorts: byName, filters: { color: ['red'] }, marker: made.get('b')! }))).toEqual(['a']);
    await expect(store.list(alice, { marker: '5c7f3a1e-0000-4000-8000-000000000000' })).rejects.toBeInstanceOf(WidgetNotFound);
    // Unfiltered pages in id order, read from the marker on in SQL.
    const byId = [...made.values()].sort();
    expect(ids(await store.list(alice, { limit: 2 }))).toEqual(byId.slice(0, 2));
    expect(ids(await store.list(alice, { limit: 2, marker: byId[1]! }))).toEqual(byId.slice(2));
    expect(ids(await store.list(alice, { limit: 1, marker: byId[2]!, pageReverse: true }))).toEqual([byId[1]]);
    await expect(store.list(alice, { limit: 2, marker: '5c7f3a1e-0000-4000-8000-000000000000' })).rejects.toBeInstanceOf(WidgetNotFound);
    expect(await store.list(alice, { filters: { name: ['a'] }, fields: ['name', 'tags'] })).toEqual([{ name: 'a', tags: [] }]);
  });

  it('pages a list filtered on a column SQL narrows by in SQL, as the whole list would', async () => {
    const { transactions } = await kit(dialect);
    const hooks = new ResourceHookChain();
    const ops = tableResourceOps(widgets, hooks);
    const reads: { filter?: RowFilter; page?: RowPage }[] = [];
    const store = new ResourceEngine<WidgetRow>({
      ops: { ...ops, loadRows: (session, filter, page) => (reads.push({ filter, page }), ops.loadRows(session, filter, page)) },
      hooks,
      transactions,
    });
    for (let i = 0; i < 12; i++) await store.create(alice, { name: i % 3 === 0 ? 'odd' : 'even' });
    const bobs = String((await store.create(bob, { name: 'even' }))['id']);
    const whole = ids(await store.list(alice, { filters: { name: ['even'] } })).sort();
    expect(whole).toHaveLength(8);
    const paged = async (options: Parameters<typeof store.list>[1]) => ids(await store.list(alice, { filters: { name: ['even'] }, ...options }));

    reads.length = 0;
    expect(await paged({ limit: 3 })).toEqual(whole.slice(0, 3));
    // One page read in SQL, with the filter, and nothing more.
    expect(reads).toEqual([{ filter: { column: 'name', values: ['even'] }, page: { limit: 3, reverse: false } }]);
    expect(await paged({ limit: 3, marker: whole[2]! })).toEqual(whole.slice(3, 6));
    expect(await paged({ limit: 3, marker: whole[5]! })).toEqual(whole.slice(6));
    expect(await paged({ limit: 2, marker: whole[4]!, pageReverse: true })).toEqual(whole.slice(2, 4));
    // A marker the filter excludes places the page by its id; one the caller cannot see fails as a get would.
    const odd = ids(await store.list(alice, { filters: { name: ['odd'] } }));
    const after = (marker: string) => whole.filter((id) => id > marker).slice(0, 2);
    for (const marker of odd) expect(await paged({ limit: 2, marker })).toEqual(after(marker));
    await expect(paged({ limit: 2, marker: bobs })).rejects.toBeInstanceOf(WidgetNotFound);
    expect(await store.list(alice, { filters: { name: [] }, limit: 2 })).toEqual([]);

    // Two filters, or a sort of its own, read the whole list and page it in memory.
    reads.length = 0;
    expect(await paged({ limit: 2, filters: { name: ['even'], color: [''] } })).toEqual(whole.slice(0, 2));
    expect(names(await store.list(alice, { filters: { name: ['odd'] }, sorts: [{ key: 'created_at', direction: 'asc' }], limit: 1 }))).toEqual(['odd']);
    expect(reads.every((read) => read.page === undefined)).toBe(true);
  });

  it('counts a project in SQL for a caller who sees every project, and lists otherwise', async () => {
    const { widgets: store } = await kit(dialect);
    for (const name of ['a', 'b', 'c']) await store.create(alice, { name });
    await store.create(bob, { name: 'd', shared: true });
    expect(await store.count(admin, { project_id: ['project-a'] })).toBe(3);
    expect(await store.count(admin, { tenant_id: ['project-a', 'project-b'] })).toBe(4);
    expect(await store.count(alice, {})).toBe(4);
    expect(await store.count(alice, { name: ['a', 'd'] })).toBe(2);
  });

  it('creates in bulk all or nothing', async () => {
    const { widgets: store } = await kit(dialect);
    expect(names(await store.createBulk(alice, [{ name: 'x' }, { name: 'y' }]))).toEqual(['x', 'y']);
    store.hooks.add({
      precommitCreate(_session, request) {
        if (request['name'] === 'refused') throw new InvalidInput({ error_message: 'refused' });
      },
    });
    await expect(store.createBulk(alice, [{ name: 'z' }, { name: 'refused' }])).rejects.toBeInstanceOf(InvalidInput);
    expect(names(await store.list(alice)).sort()).toEqual(['x', 'y']);
  });

  it('runs precommit hooks in the transaction and postcommit ones after the commit', async () => {
    const { widgets: store } = await kit(dialect);
    const seen: string[] = [];
    store.hooks.add({
      precommitCreate: (_session, _request, widget) => void seen.push(`precommit create ${String(widget['name'])}`),
      async postcommitCreate(context, widget) {
        // Committed: another transaction reads it.
        seen.push(`postcommit create ${String((await store.get(context, String(widget['id'])))['name'])}`);
      },
      precommitUpdate: (_session, request, original, updated) =>
        void seen.push(`precommit update ${String(original['name'])} -> ${String(updated['name'])} (${Object.keys(request).join()})`),
      postcommitUpdate: (_context, _original, updated) => void seen.push(`postcommit update r${String(updated['revision_number'])}`),
      beforeDelete(_session, widget) {
        if (widget['color'] === 'pinned') throw new InvalidInput({ error_message: 'pinned' });
      },
      precommitDelete: (_session, widget) => void seen.push(`precommit delete ${String(widget['name'])}`),
      postcommitDelete: (_context, widget) => void seen.push(`postcommit delete ${String(widget['name'])}`),
      extendDicts: (_session, dicts) => dicts.forEach((dict) => (dict['extended'] = true)),
    });
    const widget = await store.create(alice, { name: 'w' });
    expect(widget['extended']).toBe(true);
    await store.update(alice, String(widget['id']), { name: 'v' });
    await store.delete(alice, String(widget['id']));
    expect(seen).toEqual([
      'precommit create w',
      'postcommit create w',
      'precommit update w -> v (name)',
      'postcommit update r1',
      'precommit delete v',
      'postcommit delete v',
    ]);

    const pinned = String((await store.create(alice, { name: 'p', color: 'pinned' }))['id']);
    await expect(store.delete(alice, pinned)).rejects.toBeInstanceOf(InvalidInput);
    expect((await store.get(alice, pinned))['name']).toBe('p');

    const removeHook = store.hooks.add({
      precommitCreate() {
        throw new InvalidInput({ error_message: 'no more' });
      },
    });
    await expect(store.create(alice, { name: 'rolled back' })).rejects.toBeInstanceOf(InvalidInput);
    removeHook();
    expect(names(await store.list(alice))).toEqual(['p']);
  });

  it('keeps tags with the resource: shown sorted, a revision when they change, gone with it', async () => {
    const { transactions, widgets: store } = await kit(dialect);
    const id = String((await store.create(alice, { name: 'tagged' }))['id']);
    await transactions.write(alice, (session) => resourceTags.replace(session.db, id, ['zeta', 'alpha']));
    expect(await store.tagsChanged(alice, id)).toBe(true);
    expect(await store.get(alice, id)).toMatchObject({ tags: ['alpha', 'zeta'], revision_number: 1 });
    await store.delete(alice, id);
    expect((await transactions.read(admin, (session) => resourceTags.load(session.db, [id]))).size).toBe(0);
    expect(await store.tagsChanged(alice, id)).toBe(false);
  });

  it('revises a resource once for what an update changes elsewhere and in its columns', async () => {
    const { transactions } = await kit(dialect);
    // A widget's parts stand in for what a resource shows from other tables (a QoS policy's default flag).
    const store = new ResourceStore(transactions, {
      ...widgets,
      async changesElsewhere(session, body, row) {
        const size = givenInteger(body, 'part_size');
        if (size === undefined || size === null) return false;
        await session.db.withTables<{ kit_parts: PartRow }>().insertInto('kit_parts').values({ id: randomUUID(), widget_id: row.id, size }).execute();
        return true;
      },
    });
    const id = String((await store.create(alice, { name: 'w' }))['id']);
    expect(await store.update(alice, id, { part_size: 3 })).toMatchObject({ name: 'w', revision_number: 1 });
    expect(await store.update(alice, id, { part_size: 4, name: 'both' })).toMatchObject({ name: 'both', revision_number: 2 });
    expect(await store.update(alice, id, { name: 'both' })).toMatchObject({ revision_number: 2 });
    const sizes = await transactions.read(alice, (session) =>
      session.db.withTables<{ kit_parts: PartRow }>().selectFrom('kit_parts').select('size').where('widget_id', '=', id).orderBy('size').execute(),
    );
    expect(sizes.map((part) => Number(part.size))).toEqual([3, 4]);
  });

  it("shows rows shared through RBAC entries to their target projects, with `shared` as the caller's project sees it (rbacSharing)", async () => {
    const { transactions } = await kit(dialect);
    const store = new ResourceStore(transactions, { ...widgets, visibility: 'owner' });
    store.hooks.add(rbacSharing('kit_widget_rbacs'));
    const id = String((await store.create(alice, { name: 'w' }))['id']);
    const other = String((await store.create(alice, { name: 'other' }))['id']);
    await expect(store.get(bob, id)).rejects.toBeInstanceOf(WidgetNotFound);
    expect(await store.get(alice, id)).toMatchObject({ shared: false });

    await transactions.write(alice, (session) =>
      session.db
        .withTables<{ kit_widget_rbacs: { id: string; project_id: string; target_project: string; object_id: string; action: string } }>()
        .insertInto('kit_widget_rbacs')
        .values({ id: randomUUID(), project_id: 'project-a', target_project: 'project-b', object_id: id, action: 'access_as_shared' })
        .execute(),
    );
    expect(await store.get(bob, id)).toMatchObject({ name: 'w', shared: true });
    expect(ids(await store.list(bob))).toEqual([id]);
    // Shared with project-b, not with its owner's project.
    expect((await store.list(alice)).map((widget) => [widget['name'], widget['shared']]).sort()).toEqual([
      ['other', false],
      ['w', false],
    ]);
    await expect(store.get(bob, other)).rejects.toBeInstanceOf(WidgetNotFound);
  });

  it('shows an admin-only resource to admins and what hooks widen it to, and an ownerless one to everyone', async () => {
    const { transactions, widgets: owned, parts: store } = await kit(dialect);
    const adminOnly = new ResourceStore(transactions, { ...widgets, visibility: 'admin', owned: true });
    const red = String((await owned.create(alice, { name: 'red', color: 'red' }))['id']);
    const blue = String((await owned.create(alice, { name: 'blue', color: 'blue' }))['id']);
    expect(await adminOnly.list(alice)).toEqual([]);
    await expect(adminOnly.get(alice, red)).rejects.toBeInstanceOf(WidgetNotFound);
    expect(ids(await adminOnly.list(admin)).sort()).toEqual([red, blue].sort());
    adminOnly.hooks.add({
      alsoVisible: (session) => session.db.withTables<{ kit_widgets: WidgetRow }>().selectFrom('kit_widgets').select('id').where('color', '=', 'red'),
    });
    expect(ids(await adminOnly.list(alice))).toEqual([red]);
    expect((await adminOnly.get(alice, red))['project_id']).toBe('project-a');

    const part = await store.create(admin, { widget_id: red, size: 3 });
    expect(part).toEqual({ id: expect.any(String), widget_id: red, size: 3 });
    expect(await store.list(bob, { filters: { widget_id: [red] } })).toEqual([part]);
    expect(await store.count(bob, { widget_id: [blue] })).toBe(0);
  });

  it("serves a parent's rows as a sub-resource: the parent's not-found first, then one that names the parent", async () => {
    const { transactions, widgets: store } = await kit(dialect);
    const first = String((await store.create(alice, { name: 'first' }))['id']);
    const second = String((await store.create(alice, { name: 'second' }))['id']);
    const bobs = String((await store.create(bob, { name: 'bobs' }))['id']);
    const partsDb = (session: Session) => session.db as unknown as Kysely<{ kit_parts: PartRow }>;
    const posted: string[] = [];
    const partsOf = new SubresourceEngine<PartRow, WidgetRow>({
      parent: async (session, id) => (await store.find(session, id)).row,
      ops: (widget) => ({
        member: 'part',
        narrowBy: ['id'],
        notFound: (id) => new WidgetPartNotFound({ part_id: id, widget_id: widget.id }),
        loadRows: (session, filter, page) => selectRows(partsDb(session).selectFrom('kit_parts').selectAll().where('widget_id', '=', widget.id), filter, page),
        makeDicts: async (_session, rows) => rows.map((row) => ({ id: row.id, size: Number(row.size) })),
        async insert(session, body) {
          const id = randomUUID();
          await partsDb(session)
            .insertInto('kit_parts')
            .values({ id, widget_id: widget.id, size: givenInteger(body, 'size') ?? 0 })
            .execute();
          return id;
        },
        update: async (session, row, body) =>
          void (await partsDb(session)
            .updateTable('kit_parts')
            .set({ size: givenInteger(body, 'size') ?? row.size })
            .where('id', '=', row.id)
            .execute()),
        remove: async (session, row) => void (await partsDb(session).deleteFrom('kit_parts').where('id', '=', row.id).execute()),
      }),
      hooks: new ResourceHookChain(),
      transactions,
    });
    partsOf.hooks.add({ postcommitCreate: (_context, part) => void posted.push(String(part['size'])) });

    const sizes = [3, 1, 2];
    const made: ResourceDict[] = [];
    for (const size of sizes) made.push(await partsOf.create(alice, first, { part: { size } }));
    await partsOf.create(alice, second, { size: 9 });
    expect(posted).toEqual(['3', '1', '2', '9']);
    // Only the parent's rows, with the engine's filters, sorts, paging and fields.
    expect((await partsOf.list(alice, first)).map((part) => part['size']).sort()).toEqual([1, 2, 3]);
    expect(await partsOf.list(alice, first, { filters: { size: [2, 3] }, sorts: [{ key: 'size', direction: 'desc' }], limit: 1, fields: ['size'] })).toEqual([
      { size: 3 },
    ]);
    const partId = String(made[0]!['id']);
    expect(await partsOf.update(alice, partId, first, { size: 7 })).toEqual({ id: partId, size: 7 });
    expect(await partsOf.get(alice, partId, first, ['size'])).toEqual({ size: 7 });

    // Under another parent the part is not found, and the error names that parent.
    await expect(partsOf.get(alice, partId, second)).rejects.toMatchObject({ message: `Part ${partId} of widget ${second} could not be found.` });
    await expect(partsOf.delete(alice, partId, second)).rejects.toBeInstanceOf(WidgetPartNotFound);
    // A parent the caller cannot see answers its own not-found, before anything else.
    await expect(partsOf.list(alice, bobs)).rejects.toBeInstanceOf(WidgetNotFound);
    await expect(partsOf.create(alice, bobs, { size: 1 })).rejects.toBeInstanceOf(WidgetNotFound);
    await expect(partsOf.get(alice, partId, bobs)).rejects.toBeInstanceOf(WidgetNotFound);

    await partsOf.delete(alice, partId, first);
    await expect(partsOf.get(alice, partId, first)).rejects.toBeInstanceOf(WidgetPartNotFound);
    expect(await partsOf.list(alice, first)).toHaveLength(2);
  });
});

describe('the request-body readers', () => {
  it('read what the caller gave, and nothing for what they left out', () => {
    const body = { name: 'n', flag: 'False', on: true, count: '7', empty: null, skipped: ATTR_NOT_SPECIFIED, list: ['a'], tenant_id: 'p2' };
    expect(given(body, 'skipped')).toBeUndefined();
    expect(given(body, 'empty')).toBeNull();
    expect(givenString(body, 'name')).toBe('n');
    expect(givenString(body, 'empty')).toBeUndefined();
    expect(givenBoolean(body, 'flag')).toBe(false);
    expect(givenBoolean(body, 'on')).toBe(true);
    expect(givenBoolean(body, 'skipped')).toBeUndefined();
    expect(givenInteger(body, 'count')).toBe(7);
    expect(givenInteger(body, 'empty')).toBeNull();
    expect(() => givenInteger(body, 'name')).toThrow(InvalidInput);
    expect(givenList(body, 'list')).toEqual(['a']);
    expect(givenList(body, 'empty')).toBeNull();
    expect(givenList(body, 'skipped')).toBeUndefined();
    expect(() => givenList(body, 'name')).toThrow(/'n' is not a list/);
    expect(givenStrings(body, ['name', 'skipped', 'empty'])).toEqual({ name: 'n' });
    expect(owningProject(body, 'caller')).toBe('p2');
    expect(owningProject({ project_id: 'p3', tenant_id: 'p2' }, 'caller')).toBe('p3');
    expect(owningProject({ tenant_id: ATTR_NOT_SPECIFIED }, 'caller')).toBe('caller');
    expect(unwrapBody({ widget: { name: 'w' } }, 'widget')).toEqual({ name: 'w' });
    expect(unwrapBody({ name: 'w' }, 'widget')).toEqual({ name: 'w' });
  });
});
