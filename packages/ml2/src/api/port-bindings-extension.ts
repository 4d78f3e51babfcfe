import { constants, InvalidInput, PortNotFound, type ExtensionDescriptor, type SubresourceController, type SubresourceRequest } from '@net-server/lib';
import type { PortBindingRequest, PortBindingsService } from '../plugin/port-bindings-service.js';

/** neutron_lib.api.definitions.portbindings_extended: /ports/{id}/bindings[/{host}[/activate]]. */
export const BINDING_EXTENDED: ExtensionDescriptor = {
  alias: 'binding-extended',
  name: 'Port Bindings Extended',
  description: 'Expose port bindings of a virtual port to external application',
  updated: '2017-07-17T10:00:00-00:00',
  resourceAttributeMap: {},
  controllerSubresources: {
    bindings: { parents: ['ports'], actionStatus: { create: 201, delete: 204 }, memberActions: { activate: 'PUT' } },
  },
  requiredExtensions: ['binding'],
  optionalExtensions: [],
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The `binding` of a create request, checked as neutron's attribute map: host needed, vnic_type one of VNIC_TYPES, profile a dict or null. */
function bindingRequest(body: unknown): PortBindingRequest {
  const binding = isRecord(body) ? body['binding'] : undefined;
  if (!isRecord(binding)) throw new InvalidInput({ error_message: "the body needs a 'binding' object with the 'host' to bind the port to" });
  const { host, vnic_type: vnicType = constants.VNIC_NORMAL, profile = null } = binding;
  if (typeof host !== 'string' || host === '') throw new InvalidInput({ error_message: "the binding needs the 'host' to bind the port to" });
  if (typeof vnicType !== 'string' || !(constants.VNIC_TYPES as readonly string[]).includes(vnicType)) {
    throw new InvalidInput({ error_message: `'vnic_type' must be one of ${constants.VNIC_TYPES.join(', ')}` });
  }
  if (profile !== null && !isRecord(profile)) throw new InvalidInput({ error_message: "'profile' must be a dictionary or null" });
  return { host, vnic_type: vnicType, profile: profile ?? {} };
}

/**
 * neutron's controller of the bindings sub-resource: each action enforces
 * its rule on the port (`get_port_binding`, `create_port_binding`,
 * `delete_port_binding`, `activate`; Zed defines none, so the `default`
 * rule, admin or owner, applies) before the plugin acts.
 */
export function portBindingsControllers(bindings: PortBindingsService): Record<string, SubresourceController> {
  // On the port as the caller sees it: one hidden from them is 404.
  const enforce = async (request: SubresourceRequest, action: string): Promise<void> => {
    const port = await request.parent.find();
    if (port === undefined) throw new PortNotFound({ port_id: request.parent.id });
    await request.parent.authorize(action, port);
  };
  return {
    bindings: {
      async index(request) {
        await enforce(request, 'get_port_binding');
        return { bindings: await bindings.list(request.context, request.parent.id) };
      },
      async show(request) {
        await enforce(request, 'get_port_binding');
        return { binding: await bindings.get(request.context, request.parent.id, request.id!) };
      },
      async create(request) {
        await enforce(request, 'create_port_binding');
        return { binding: await bindings.create(request.context, request.parent.id, bindingRequest(request.body)) };
      },
      async delete(request) {
        await enforce(request, 'delete_port_binding');
        await bindings.delete(request.context, request.parent.id, request.id!);
        return undefined;
      },
      memberActions: {
        async activate(request) {
          await enforce(request, 'activate');
          // Unwrapped, as neutron answers a member action with what the plugin returns.
          return bindings.activate(request.context, request.parent.id, request.id!);
        },
      },
    },
  };
}
