import { getAdminContext, HTTPBadRequest, OverQuota, type ConfigReader, type ResourceDict } from '@net-server/lib';
import type { ApiResource } from '../api/api-resource.js';
import { callPlugin, hasPluginMethod } from '../api/plugin-call.js';
import { defaultLimit, type QuotaResource } from './quota-resources.js';
import type { QuotaStore } from './quota-store.js';

/** A resource's limit, how many a project has, and how many are reserved (always 0: nothing is held between requests). */
export interface QuotaDetail {
  limit: number;
  used: number;
  reserved: number;
}

/**
 * neutron's quota engine (DbQuotaNoLockDriver): limits from [QUOTAS] unless
 * a project has its own, usage counted from the resources themselves, and
 * the check before a create. As in neutron's no-lock driver, two creates
 * racing at the limit may both pass; nothing is reserved between requests.
 */
export class QuotaEngine {
  readonly #byName: ReadonlyMap<string, QuotaResource>;

  constructor(
    readonly resources: readonly QuotaResource[],
    private readonly config: ConfigReader,
    private readonly store: QuotaStore,
    /** The API resource that serves a collection, to count a project's resources. */
    private readonly served: (collection: string) => ApiResource | undefined,
  ) {
    this.#byName = new Map(resources.map((resource) => [resource.name, resource]));
  }

  /** The quota key of an API member (network, security_group...), if it has a quota. */
  has(member: string): boolean {
    return this.#byName.has(member);
  }

  defaults(): Record<string, number> {
    return Object.fromEntries(this.resources.map((resource) => [resource.name, defaultLimit(this.config, resource)]));
  }

  async projectLimits(projectId: string): Promise<Record<string, number>> {
    const set = await this.store.limits(getAdminContext(), projectId);
    return Object.fromEntries(this.resources.map((resource) => [resource.name, set.get(resource.name) ?? defaultLimit(this.config, resource)]));
  }

  /** Projects with limits of their own: each with every limit, as neutron's get_all_quotas. */
  async allProjectLimits(): Promise<Record<string, unknown>[]> {
    const all = await this.store.allLimits(getAdminContext());
    const defaults = this.defaults();
    return [...all].map(([projectId, set]) => ({
      ...defaults,
      ...Object.fromEntries([...set].filter(([name]) => this.#byName.has(name))),
      project_id: projectId,
      tenant_id: projectId,
    }));
  }

  async details(projectId: string): Promise<Record<string, QuotaDetail>> {
    const limits = await this.projectLimits(projectId);
    const details: Record<string, QuotaDetail> = {};
    for (const resource of this.resources) {
      details[resource.name] = { limit: limits[resource.name] ?? -1, used: await this.usage(resource, projectId), reserved: 0 };
    }
    return details;
  }

  /**
   * Sets limits of known resources (the API checked names and ranges); with
   * `checkLimit`, a limit under the current usage is refused, as neutron's
   * quota-check-limit.
   */
  async update(projectId: string, limits: ReadonlyMap<string, number>, checkLimit: boolean): Promise<Record<string, number>> {
    if (checkLimit) {
      for (const [name, limit] of limits) {
        const resource = this.#byName.get(name);
        if (!resource || limit < 0) continue;
        const used = await this.usage(resource, projectId);
        if (used > limit) {
          throw new HTTPBadRequest({ msg: `Quota limit ${limit} for ${name} must be greater than or equal to already used ${used}` });
        }
      }
    }
    await this.store.setLimits(getAdminContext(), projectId, limits);
    return this.projectLimits(projectId);
  }

  /** Forgets a project's limits; false when it had none (neutron's TenantQuotaNotFound). */
  reset(projectId: string): Promise<boolean> {
    return this.store.deleteLimits(getAdminContext(), projectId);
  }

  /**
   * neutron's make_reservation before a create: `items` of `member` about
   * to be created, counted per project, and what the serving plugin makes
   * with each (its quotaCompanions); OverQuota when one would pass its
   * limit.
   */
  async checkCreate(member: string, items: readonly Record<string, unknown>[]): Promise<void> {
    const resource = this.#byName.get(member);
    if (!resource) return;
    const counts = new Map<string, number>();
    for (const item of items) {
      const projectId = item['tenant_id'] ?? item['project_id'];
      // As neutron: an item without a project is not counted.
      if (typeof projectId === 'string' && projectId !== '') counts.set(projectId, (counts.get(projectId) ?? 0) + 1);
    }
    await this.#check(resource, counts, 1);
    const companions = this.served(resource.collection)?.plugin.quotaCompanions?.(member) ?? {};
    for (const [name, perItem] of Object.entries(companions)) {
      const companion = this.#byName.get(name);
      if (companion) await this.#check(companion, counts, perItem);
    }
  }

  /** OverQuota when `perItem` times a project's count of new items would take it past its limit of `resource`. */
  async #check(resource: QuotaResource, counts: ReadonlyMap<string, number>, perItem: number): Promise<void> {
    for (const [projectId, count] of counts) {
      const limit = (await this.projectLimits(projectId))[resource.name] ?? -1;
      if (limit < 0) continue;
      if (limit - (await this.usage(resource, projectId)) < count * perItem) throw new OverQuota({ overs: [resource.name] });
    }
  }

  /** How many of a resource a project has, through the plugin serving it. */
  async usage(resource: QuotaResource, projectId: string): Promise<number> {
    const served = this.served(resource.collection);
    if (!served) return 0;
    const admin = getAdminContext();
    const filters = { project_id: [projectId] };
    if (hasPluginMethod(served.plugin, served.methods.count)) return Number(await callPlugin(served.plugin, served.methods.count, admin, filters));
    return ((await callPlugin(served.plugin, served.methods.list, admin, { filters })) as ResourceDict[]).length;
  }
}
