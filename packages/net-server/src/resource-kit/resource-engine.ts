import type { Context, Filters, ListOptions, ResourceDict, ResourceRequest } from '@net-server/lib';
import type { Session } from '../db-base-plugin/session.js';
import type { TransactionRunner } from '../db-base-plugin/transaction-runner.js';
import { applyListOptions, loadedFields, selectFields } from './list-options.js';
import type { ResourceHookChain } from './resource-hooks.js';
import { byIds, type ResourceOps, type RowFilter, type RowPage } from './resource-ops.js';
import { unwrapBody } from './request-body.js';
import { PAGED_FILTER_VALUES } from './select-rows.js';

/** The core plugin's transactions (CoreCapabilities' `transactions`), which every resource's writes join. */
export type Transactions = Pick<TransactionRunner, 'read' | 'write'>;

export interface ResourceEngineOptions<Row extends { id: string }> {
  readonly ops: ResourceOps<Row>;
  readonly hooks: ResourceHookChain;
  readonly transactions: Transactions;
}

/**
 * create, update, delete, get, list and count of one resource the way the
 * DB base plugin does its networks and ports: each in one transaction of
 * the core plugin's (retried whole when it loses a race), the hooks'
 * precommits inside it and their postcommits after the commit, neutron's
 * not-found for what the caller cannot see, and filters, sorts, paging and
 * fields applied in one place (applyListOptions). The `*In` methods do the
 * same inside a session the caller already has, for plugins that change
 * several resources together.
 */
export class ResourceEngine<Row extends { id: string }> {
  readonly #ops: ResourceOps<Row>;
  /** The core plugin's transactions this resource's work runs in. */
  protected readonly transactions: Transactions;
  /** The hooks run around this resource's changes; add yours with `hooks.add`. */
  readonly hooks: ResourceHookChain;

  constructor({ ops, hooks, transactions }: ResourceEngineOptions<Row>) {
    this.#ops = ops;
    this.hooks = hooks;
    this.transactions = transactions;
  }

  get member(): string {
    return this.#ops.member;
  }

  create(context: Context, body: ResourceRequest): Promise<ResourceDict> {
    return this.transactions.write(context, (session) => this.createIn(session, body));
  }

  /** neutron's _create_bulk: one transaction, all or nothing. */
  createBulk(context: Context, bodies: readonly ResourceRequest[]): Promise<ResourceDict[]> {
    return this.transactions.write(context, async (session) => {
      const created: ResourceDict[] = [];
      for (const body of bodies) created.push(await this.createIn(session, body));
      return created;
    });
  }

  update(context: Context, id: string, body: ResourceRequest): Promise<ResourceDict> {
    return this.transactions.write(context, (session) => this.updateIn(session, id, body));
  }

  delete(context: Context, id: string): Promise<void> {
    return this.transactions.write(context, (session) => this.deleteIn(session, id));
  }

  get(context: Context, id: string, fields?: readonly string[]): Promise<ResourceDict> {
    return this.transactions.read(context, (session) => this.getIn(session, id, fields));
  }

  list(context: Context, options: ListOptions = {}): Promise<ResourceDict[]> {
    return this.transactions.read(context, (session) => this.listIn(session, options));
  }

  async count(context: Context, filters: Filters = {}): Promise<number> {
    const projects = projectsOnly(filters);
    const countByProjects = this.#ops.countByProjects?.bind(this.#ops);
    // A project's count for a caller who sees every row (the quota check before each create): one SQL count, not a list.
    if (projects !== undefined && countByProjects !== undefined && context.seesAllProjects) {
      return this.transactions.read(context, (session) => countByProjects(session, projects));
    }
    return (await this.list(context, { filters })).length;
  }

  /** The row and its full dict (or one with at least `fields`) as the session's caller sees it, or the resource's NotFound. */
  async find(session: Session, id: string, fields?: readonly string[]): Promise<{ row: Row; dict: ResourceDict }> {
    const [row] = await this.#ops.loadRows(session, byIds([id]));
    if (row === undefined) throw this.#ops.notFound(id);
    const [dict] = await this.#dicts(session, [row], fields);
    return { row, dict: dict! };
  }

  /** The full dict, or those of its fields asked for, as the session's caller sees it; the resource's NotFound otherwise. */
  async getIn(session: Session, id: string, fields?: readonly string[]): Promise<ResourceDict> {
    const asked = fields && fields.length > 0 ? fields : undefined;
    const { dict } = await this.find(session, id, asked);
    return asked ? selectFields(dict, asked) : dict;
  }

  /** Full dicts (hooks' attributes included) of the resources with these ids that the session's caller sees. */
  async loadDicts(session: Session, ids: readonly string[]): Promise<ResourceDict[]> {
    return this.#dicts(session, await this.#ops.loadRows(session, byIds(ids)));
  }

  async createIn(session: Session, body: ResourceRequest): Promise<ResourceDict> {
    const request = unwrapBody(body, this.#ops.member);
    const written = await this.#ops.insert(session, request);
    const dict = typeof written === 'string' ? await this.#readBack(session, written) : written;
    await this.hooks.precommitCreate(session, request, dict);
    return dict;
  }

  /** A new resource's dict, read as stored. */
  async #readBack(session: Session, id: string): Promise<ResourceDict> {
    // Whoever created it sees it, even where the visibility rule would not show it to them (a project's row made by an admin for it).
    const [row] = await this.#ops.loadRows(session.withContext(session.context.elevated()), byIds([id]));
    const [dict] = await this.#ops.makeDicts(session, [row!]);
    return dict!;
  }

  async updateIn(session: Session, id: string, body: ResourceRequest): Promise<ResourceDict> {
    const request = unwrapBody(body, this.#ops.member);
    const { row, dict: original } = await this.find(session, id);
    await this.#ops.update(session, row, request);
    const [updatedRow] = await this.#ops.loadRows(session.withContext(session.context.elevated()), byIds([id]));
    const [updated] = await this.#ops.makeDicts(session, [updatedRow!]);
    await this.hooks.precommitUpdate(session, request, original, updated!);
    return updated!;
  }

  async deleteIn(session: Session, id: string): Promise<void> {
    const { row, dict: found } = await this.find(session, id);
    await this.hooks.beforeDelete(session, found);
    await this.#ops.release?.(session, row);
    // As neutron: the precommit sees the resource as it is once its dependents are gone.
    const { dict } = await this.find(session, id);
    await this.hooks.precommitDelete(session, dict);
    await this.#ops.remove(session, row);
  }

  async listIn(session: Session, options: ListOptions = {}): Promise<ResourceDict[]> {
    const keyset = keysetPage(this.#ops, options);
    if (keyset !== undefined) return this.#listPage(session, options, keyset);
    const rows = await this.#ops.loadRows(session, narrowing(this.#ops, options.filters ?? {}));
    // A marker outside the filters still positions the page (its sort keys count), as in neutron.
    if (options.marker !== undefined && !rows.some((row) => row.id === options.marker))
      rows.push(...(await this.#ops.loadRows(session, byIds([options.marker]))));
    const dicts = await this.#dicts(session, rows, loadedFields(options));
    return applyListOptions(dicts, options, (id) => this.#ops.notFound(id), this.#ops.matchers, this.#ops.ordered);
  }

  /** A page of a list in id order, read from the marker on instead of whole. */
  async #listPage(session: Session, options: ListOptions, { page, filter }: KeysetPage): Promise<ResourceDict[]> {
    const rows = await this.#ops.loadRows(session, filter, page);
    if (options.marker !== undefined) {
      // The page starts after the marker, which need not pass the filter but must exist: neutron loads it and fails as a get would.
      const [marker] = await this.#ops.loadRows(session, byIds([options.marker]));
      if (marker === undefined) throw this.#ops.notFound(options.marker);
    }
    const dicts = await this.#dicts(session, rows, loadedFields(options));
    return applyListOptions(dicts, { ...options, marker: undefined }, (id) => this.#ops.notFound(id), this.#ops.matchers);
  }

  async #dicts(session: Session, rows: readonly Row[], fields?: readonly string[]): Promise<ResourceDict[]> {
    const dicts = await this.#ops.makeDicts(session, rows, fields);
    await this.hooks.extend(session, dicts);
    return dicts;
  }
}

/** A list's page as SQL reads it, and the filter SQL applies with it. */
interface KeysetPage {
  page: RowPage;
  filter?: RowFilter;
}

/**
 * The page a list can read in SQL: a limit, the default order (by id;
 * not a resource that keeps its own), and at most one filter, on a column
 * SQL narrows by plain equality (network_id, device_id, project_id...),
 * with few enough values to bind at once. Other filters apply to the dicts,
 * extension attributes included, so they could empty a page read ahead of
 * them: those lists are read whole.
 */
function keysetPage<Row extends { id: string }>(ops: ResourceOps<Row>, options: ListOptions): KeysetPage | undefined {
  if (options.limit === undefined || options.limit <= 0 || ops.ordered === true) return undefined;
  if ((options.sorts ?? []).some((sort) => sort.key !== 'id' || sort.direction !== 'asc')) return undefined;
  const page: RowPage = { limit: options.limit, reverse: options.pageReverse === true, ...(options.marker === undefined ? {} : { marker: options.marker }) };
  const names = Object.keys(options.filters ?? {});
  if (names.length === 0) return { page };
  const filter = names.length === 1 ? narrowing(ops, options.filters!) : undefined;
  if (filter === undefined || ops.matchers?.[names[0]!] !== undefined || filter.values.length > PAGED_FILTER_VALUES) return undefined;
  return { page, filter };
}

/** The projects of filters that name nothing else (project_id, or its legacy name tenant_id). */
function projectsOnly(filters: Filters): string[] | undefined {
  const keys = Object.keys(filters);
  if (keys.length !== 1 || (keys[0] !== 'project_id' && keys[0] !== 'tenant_id')) return undefined;
  const values = filters[keys[0]];
  return Array.isArray(values) && values.length > 0 && values.every((value) => typeof value === 'string') ? (values as string[]) : undefined;
}

/**
 * The SQL narrowing for a list: the first column the resource narrows by
 * that the filters name (`tenant_id` is `project_id`'s legacy name), as
 * text. An empty list of values narrows to nothing, as neutron's IN () does.
 */
function narrowing<Row extends { id: string }>(ops: ResourceOps<Row>, filters: Filters): RowFilter | undefined {
  for (const column of ops.narrowBy) {
    const values = filters[column] ?? (column === 'project_id' ? filters['tenant_id'] : undefined);
    if (Array.isArray(values)) return { column, values: values.map(String) };
  }
  return undefined;
}
