import { NotFound, PortNotFound, type Context, type CorePlugin, type ResourceDict } from '@net-server/lib';
import { portSupportsLogType, type LogDriver } from '../drivers/log-drivers.js';
import { InvalidLogResourceType, InvalidResourceConstraint, LoggingTypeNotSupported, ResourceNotFound, TargetResourceNotFound } from '../errors.js';

export const SECURITY_GROUP = 'security_group';

/** What the validation uses of the core plugin: ports, and security groups where it serves them (ML2). */
export type SecurityGroupReader = Partial<{ getSecurityGroup(context: Context, id: string): Promise<ResourceDict> }>;

export interface LogRequest {
  readonly resource_type: string;
  readonly resource_id: string | undefined;
  readonly target_id: string | undefined;
}

/**
 * neutron's ResourceValidateRequest.validate_request with its one
 * registered method, validate_security_group_request: the type must be one
 * a loaded driver logs; the security group and the port must exist (as
 * the caller sees them); a loaded driver must log security groups on the
 * port; and when both are named the port must be in the group.
 */
export async function validateLogRequest(
  core: CorePlugin & SecurityGroupReader,
  drivers: readonly LogDriver[],
  context: Context,
  request: LogRequest,
): Promise<void> {
  const supported = drivers.some((driver) => driver.supportedLoggingTypes.includes(request.resource_type));
  if (!supported || request.resource_type !== SECURITY_GROUP) throw new InvalidLogResourceType({ resource_type: request.resource_type });
  const { resource_id: groupId, target_id: portId } = request;
  if (groupId !== undefined) await checkGroupExists(core, context, groupId);
  if (portId === undefined) return;
  const port = await core.getPort(context, portId).catch((error: unknown) => {
    throw error instanceof PortNotFound ? new TargetResourceNotFound({ target_id: portId }) : error;
  });
  const vifType = String(port['binding:vif_type'] ?? 'unbound');
  const vnicType = String(port['binding:vnic_type'] ?? 'normal');
  if (!portSupportsLogType(drivers, SECURITY_GROUP, vifType, vnicType)) throw new LoggingTypeNotSupported({ log_type: SECURITY_GROUP, port_id: portId });
  const groups = Array.isArray(port['security_groups']) ? (port['security_groups'] as unknown[]).map(String) : [];
  if (groupId !== undefined && !groups.includes(groupId)) {
    throw new InvalidResourceConstraint({ resource: SECURITY_GROUP, resource_id: groupId, target_resource: 'port', target_id: portId });
  }
}

async function checkGroupExists(core: SecurityGroupReader, context: Context, id: string): Promise<void> {
  if (typeof core.getSecurityGroup !== 'function') throw new ResourceNotFound({ resource_id: id });
  await core.getSecurityGroup(context, id).catch((error: unknown) => {
    throw error instanceof NotFound ? new ResourceNotFound({ resource_id: id }) : error;
  });
}
