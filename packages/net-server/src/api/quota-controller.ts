import {
  AdminRequired,
  AttributeInfo,
  converters,
  HTTPBadRequest,
  NeutronException,
  QuotaMissingTenant,
  TenantQuotaNotFound,
  defineNeutronException,
  type AttributeMap,
  type Context,
  type ErrorFields,
} from '@net-server/lib';
import type { QuotaEngine } from '../quota/quota-engine.js';
import { HTTPMethodNotAllowed, HTTPNotFound } from './http-errors.js';
import type { PolicyEnforcer } from './policy/policy-enforcer.js';
import type { ApiResult } from './resource-controller.js';

/** webob's HTTPNotImplemented, as neutron's quota controller raises it for POST. */
const QuotaPostNotSupported = defineNeutronException<ErrorFields>(NeutronException, 'HTTPNotImplemented', 'POST requests are not supported on this resource.', {
  httpStatus: 501,
});

const MAX_LIMIT = 2 ** 31 - 1;

/**
 * neutron's quotasv2 and quota_details controllers: `/v2.0/quotas`,
 * `/quotas/project` (and the deprecated `/quotas/tenant`),
 * `/quotas/{project_id}` (show, update, reset), `/quotas/{id}/default` and
 * `/quotas/{id}/details`, with neutron's policies (get_quota, update_quota,
 * delete_quota) and its rule that a project may read its own quotas.
 */
export class QuotaController {
  readonly #body: AttributeInfo;

  constructor(
    private readonly engine: QuotaEngine,
    private readonly policy: PolicyEnforcer,
  ) {
    const attributes: Record<string, AttributeMap[string]> = {};
    for (const resource of engine.resources) {
      attributes[resource.name] = {
        allowPost: false,
        allowPut: true,
        isVisible: true,
        convertTo: converters.convertToInt,
        validate: { type: 'type:range', arg: [-1, MAX_LIMIT] },
      };
    }
    this.#body = new AttributeInfo(attributes);
  }

  /** A request under /v2.0/quotas: `path` is what follows `quotas`. */
  async handle(context: Context, method: string, path: readonly string[], body: Record<string, unknown> | undefined): Promise<ApiResult> {
    const [id, action, ...extra] = path;
    if (extra.length > 0) throw new HTTPNotFound({});
    if (id === undefined) {
      if (method === 'POST') throw new QuotaPostNotSupported({});
      this.#only(method, 'GET');
      await this.#enforce(context, 'get_quota');
      return ok({ quotas: await this.engine.allProjectLimits() });
    }
    if (action === undefined && (id === 'project' || id === 'tenant')) {
      this.#only(method, 'GET');
      if (!context.projectId) throw new QuotaMissingTenant({});
      return ok({ [id]: { [`${id}_id`]: context.projectId } });
    }
    if (action === 'default') {
      this.#only(method, 'GET');
      if (id !== context.projectId) await this.#enforce(context, 'get_quota');
      return ok({ quota: this.engine.defaults() });
    }
    if (action === 'details') {
      this.#only(method, 'GET');
      if (id !== context.projectId && !context.isAdmin) throw new AdminRequired({ reason: 'Only admin is authorized to access quotas for another project' });
      return ok({ quota: await this.engine.details(id) });
    }
    if (action !== undefined) throw new HTTPNotFound({});
    switch (method) {
      case 'GET':
        if (id !== context.projectId) await this.#enforce(context, 'get_quota');
        return ok({ quota: await this.engine.projectLimits(id) });
      case 'PUT':
        return this.#update(context, id, body);
      case 'DELETE':
        await this.#enforce(context, 'delete_quota');
        if (!(await this.engine.reset(id))) throw new TenantQuotaNotFound({ tenant_id: id });
        return { status: 204 };
      default:
        throw new HTTPMethodNotAllowed({ method });
    }
  }

  async #update(context: Context, id: string, body: Record<string, unknown> | undefined): Promise<ApiResult> {
    await this.#enforce(context, 'update_quota');
    const quota = body?.['quota'];
    if (typeof quota !== 'object' || quota === null || Array.isArray(quota)) throw new HTTPBadRequest({ msg: "Unable to find 'quota' in request body" });
    // neutron pops these flags before reading the limits; check_limit refuses a limit under the usage.
    const { force: _force, check_limit: checkLimit, ...limits } = quota as Record<string, unknown>;
    const badRequest = (msg: string): NeutronException => new HTTPBadRequest({ msg });
    this.#body.verifyAttributes(limits);
    this.#body.checkPutAllowed(limits, badRequest);
    this.#body.convertValues(limits, badRequest);
    const converted = new Map(Object.entries(limits).map(([name, value]) => [name, Number(value)]));
    return ok({ quota: await this.engine.update(id, converted, converters.convertToBoolean(checkLimit ?? false)) });
  }

  #only(method: string, allowed: string): void {
    if (method !== allowed) throw new HTTPMethodNotAllowed({ method });
  }

  #enforce(context: Context, action: string): Promise<void> {
    // neutron's validate_policy: the target is the caller's own project.
    return this.policy.enforce(
      context,
      action,
      { project_id: context.projectId, tenant_id: context.projectId },
      { collection: 'quotas', lookup: async () => undefined },
    );
  }
}

function ok(body: unknown): ApiResult {
  return { status: 200, body };
}
