import type { Context, ResourceDict } from '@net-server/lib';
import type { ResourceStore } from 'net-server';
import type { MeteringLabelRow, MeteringLabelRuleRow } from '../db/schema.js';
import type { L3Access } from '../plugin/l3-access.js';

/** neutron_lib.constants.METERING_LABEL_KEY: where a router carries its labels for the metering agent. */
export const METERING_LABEL_KEY = '_metering_labels';

/** A router as the metering agent receives it (neutron's MeteringDbMixin._make_router_dict), with the labels that meter it. */
export interface MeteringRouter {
  id: string;
  name: unknown;
  project_id: unknown;
  admin_state_up: boolean;
  status: unknown;
  gw_port_id: string | null;
  distributed: boolean;
  [METERING_LABEL_KEY]: ResourceDict[];
}

/**
 * What the metering agent is told and answered (neutron's
 * get_sync_data_metering and get_sync_data_for_rule): routers, each with
 * the labels that meter it. A shared label meters every router the caller
 * sees, a project's label the routers of its project.
 */
export class MeteringSyncData {
  readonly #labels: ResourceStore<MeteringLabelRow>;
  readonly #rules: ResourceStore<MeteringLabelRuleRow>;
  readonly #l3: L3Access;

  constructor(labels: ResourceStore<MeteringLabelRow>, rules: ResourceStore<MeteringLabelRuleRow>, l3: L3Access) {
    this.#labels = labels;
    this.#rules = rules;
    this.#l3 = l3;
  }

  /**
   * The routers that are up, with every label the context sees (or the one
   * label asked for) and its rules: what `add_metering_label` and
   * `remove_metering_label` carry and `get_sync_data_metering` answers.
   */
  async forLabels(context: Context, labelId?: string): Promise<MeteringRouter[]> {
    const labels = await this.#labels.list(context, labelId === undefined ? {} : { filters: { id: [labelId] } });
    if (labels.length === 0) return [];
    const rules = await this.#rules.list(context, { filters: { metering_label_id: labels.map((label) => String(label['id'])) } });
    const routers = new Map<string, MeteringRouter>();
    const metered = await this.#meteredRouters(context, labels);
    const gateways = await this.#l3.gatewayPorts([...new Set([...metered.values()].flat().map((router) => String(router['id'])))]);
    for (const label of labels) {
      const id = String(label['id']);
      for (const router of metered.get(id) ?? []) {
        // A router that is down is not metered (the agent would find no namespace to count in).
        if (router['admin_state_up'] !== true) continue;
        const dict = routers.get(String(router['id'])) ?? routerDict(router, gateways);
        dict[METERING_LABEL_KEY].push({
          id,
          rules: rules.filter((rule) => rule['metering_label_id'] === id),
          shared: label['shared'],
          name: label['name'],
        });
        routers.set(dict.id, dict);
      }
    }
    return [...routers.values()];
  }

  /** The routers the rule's label meters, each with the label's id and the rule: what `add_metering_label_rule` and `remove_metering_label_rule` carry. */
  async forRule(context: Context, rule: ResourceDict): Promise<MeteringRouter[]> {
    const label = await this.#labels.get(context, String(rule['metering_label_id']));
    const routers = (await this.#meteredRouters(context, [label])).get(String(label['id'])) ?? [];
    const gateways = await this.#l3.gatewayPorts(routers.map((router) => String(router['id'])));
    return routers.map((router) => {
      const dict = routerDict(router, gateways);
      dict[METERING_LABEL_KEY].push({ id: label['id'], rule });
      return dict;
    });
  }

  /**
   * Label id -> the routers it meters: for a shared label every router the
   * caller sees, for a project's label that project's routers whoever
   * asks (neutron reads them through the label's relationship, unscoped).
   */
  async #meteredRouters(context: Context, labels: readonly ResourceDict[]): Promise<Map<string, ResourceDict[]>> {
    const shared = labels.some((label) => label['shared'] === true) ? await this.#l3.routers(context) : [];
    const projects = [...new Set(labels.filter((label) => label['shared'] !== true).map((label) => String(label['project_id'])))];
    const owned = await this.#l3.routers(context.elevated(), projects);
    return new Map(
      labels.map((label) => [String(label['id']), label['shared'] === true ? shared : owned.filter((router) => router['project_id'] === label['project_id'])]),
    );
  }
}

function routerDict(router: ResourceDict, gateways: ReadonlyMap<string, string>): MeteringRouter {
  const id = String(router['id']);
  return {
    id,
    name: router['name'],
    project_id: router['project_id'],
    admin_state_up: router['admin_state_up'] === true,
    status: router['status'],
    gw_port_id: gateways.get(id) ?? null,
    // Without the dvr extension no router is distributed.
    distributed: router['distributed'] === true,
    [METERING_LABEL_KEY]: [],
  };
}
