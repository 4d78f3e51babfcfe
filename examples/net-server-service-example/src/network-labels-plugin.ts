import { randomUUID } from 'node:crypto';
import type { Context, ListOptions, ResourceDict, ResourceRequest, ServicePlugin } from '@net-server/lib';
import type { Kysely } from 'kysely';
import { DatabaseRequiredError, type PluginDirectory, type PluginInit, type MigrationSchema } from 'net-server';
import { networkLabelsExtension, NETWORK_LABELS } from './definitions.js';
import { NetworkLabelExists, NetworkLabelNotFound } from './errors.js';

// A type alias, not an interface: the server's schema type wants an index signature.
type LabelRow = {
  id: string;
  project_id: string;
  network_id: string;
  label: string;
};

type LabelsDb = MigrationSchema & { example_network_labels: LabelRow };

/** Columns a list may filter on in SQL (the API checks the rest against the attribute map). */
const FILTER_COLUMNS: Readonly<Record<string, keyof LabelRow>> = {
  id: 'id',
  network_id: 'network_id',
  label: 'label',
  tenant_id: 'project_id',
  project_id: 'project_id',
};

function toDict(row: LabelRow): ResourceDict {
  return { id: row.id, network_id: row.network_id, label: row.label, tenant_id: row.project_id, project_id: row.project_id };
}

/**
 * Labels that projects attach to networks they can see: the
 * `network_labels` collection of the `network-labels` extension, stored in
 * the server's database (this package's migration creates the table). A
 * project sees its own labels; admins see all.
 */
export class NetworkLabelsPlugin implements ServicePlugin {
  readonly pluginType = NETWORK_LABELS;
  readonly pluginDescription = 'Labels attached to networks (net-server-service-example)';
  readonly supportedExtensionAliases = [networkLabelsExtension.alias];
  readonly resources = ['network_labels'];
  readonly #db: Kysely<LabelsDb>;
  readonly #directory: PluginDirectory;

  constructor({ database, directory }: PluginInit) {
    if (!database) throw new DatabaseRequiredError('network_labels');
    this.#db = database.db.withTables<{ example_network_labels: LabelRow }>();
    this.#directory = directory;
  }

  private query(context: Context) {
    const query = this.#db.selectFrom('example_network_labels').selectAll();
    return context.isAdmin ? query : query.where('project_id', '=', context.projectId ?? '');
  }

  private async row(context: Context, id: string): Promise<LabelRow> {
    const row = await this.query(context).where('id', '=', id).executeTakeFirst();
    if (!row) throw new NetworkLabelNotFound({ id });
    return row;
  }

  private async assertFree(networkId: string, label: string): Promise<void> {
    const taken = await this.#db
      .selectFrom('example_network_labels')
      .select('id')
      .where('network_id', '=', networkId)
      .where('label', '=', label)
      .executeTakeFirst();
    if (taken) throw new NetworkLabelExists({ network_id: networkId, label });
  }

  async createNetworkLabel(context: Context, body: ResourceRequest): Promise<ResourceDict> {
    const networkId = String(body['network_id']);
    const label = String(body['label']);
    // The core plugin scopes networks to the caller: an invisible one is NetworkNotFound.
    await this.#directory.corePlugin.getNetwork(context, networkId);
    await this.assertFree(networkId, label);
    const row: LabelRow = { id: randomUUID(), project_id: String(body['tenant_id'] ?? context.projectId), network_id: networkId, label };
    await this.#db.insertInto('example_network_labels').values(row).execute();
    return toDict(row);
  }

  async getNetworkLabel(context: Context, id: string): Promise<ResourceDict> {
    return toDict(await this.row(context, id));
  }

  async getNetworkLabels(context: Context, options: ListOptions = {}): Promise<ResourceDict[]> {
    let query = this.query(context);
    for (const [name, values] of Object.entries(options.filters ?? {})) {
      const column = FILTER_COLUMNS[name];
      if (column) query = query.where(column, 'in', values.map(String));
    }
    return (await query.orderBy('id').execute()).map(toDict);
  }

  async getNetworkLabelsCount(context: Context, options: ListOptions = {}): Promise<number> {
    return (await this.getNetworkLabels(context, options)).length;
  }

  async updateNetworkLabel(context: Context, id: string, body: ResourceRequest): Promise<ResourceDict> {
    const row = await this.row(context, id);
    if (body['label'] === undefined || body['label'] === row.label) return toDict(row);
    const label = String(body['label']);
    await this.assertFree(row.network_id, label);
    await this.#db.updateTable('example_network_labels').set({ label }).where('id', '=', id).execute();
    return toDict({ ...row, label });
  }

  async deleteNetworkLabel(context: Context, id: string): Promise<void> {
    await this.row(context, id);
    await this.#db.deleteFrom('example_network_labels').where('id', '=', id).execute();
  }
}
