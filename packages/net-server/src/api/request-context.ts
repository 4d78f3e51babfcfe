import type { IncomingMessage } from 'node:http';
import { Context } from '@net-server/lib';
import type { AccessRecord } from './access-record.js';
import type { Authenticator } from './auth/authenticator.js';
import type { PolicyEnforcer } from './policy/policy-enforcer.js';

/** Who is asking: the request's Context, its project and user noted in the access record. */
export type RequestContextBuilder = (request: IncomingMessage, requestId: string, log: AccessRecord) => Promise<Context>;

/** Builds request contexts with admin and advsvc decided by policy (neutron_lib's Context does the same). */
export function requestContextBuilder(authenticator: Authenticator, policy: Pick<PolicyEnforcer, 'privileges'>): RequestContextBuilder {
  return async (request, requestId, log) => {
    const identity = await authenticator.authenticate(request);
    const privileges = identity.elevated ? { isAdmin: true, isAdvsvc: true } : await policy.privileges(new Context({ ...identity.context, isAdmin: false }));
    const context = new Context({ ...identity.context, ...privileges, requestId, ...globalRequestId(request, log) });
    log.project_id = context.projectId;
    log.user_id = context.userId;
    return context;
  };
}

/**
 * The caller's own request id (X-OpenStack-Request-ID from nova and other
 * services), kept as the global request id when well formed, as
 * oslo.middleware's RequestId does.
 */
function globalRequestId(request: IncomingMessage, log: AccessRecord): { globalRequestId?: string } {
  const value = request.headers['x-openstack-request-id'];
  const id = Array.isArray(value) ? value[0] : value;
  if (id === undefined || !/^req-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)) return {};
  log.global_request_id = id;
  return { globalRequestId: id };
}
