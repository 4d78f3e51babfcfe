import { ATTR_NOT_SPECIFIED, definitions, pluginTypes, type ExtensionDescriptor } from '@net-server/lib';

/** The plugin's service type (neutron_lib.plugins.constants.LOCAL_IP). */
export const LOCAL_IP_SERVICE_TYPE = pluginTypes.LOCAL_IP;
export const LOCAL_IPS = 'local_ips';
export const PORT_ASSOCIATIONS = 'port_associations';
export const IP_MODE_TRANSLATE = 'translate';
export const IP_MODE_PASSTHROUGH = 'passthrough';
export const VALID_IP_MODES = [IP_MODE_TRANSLATE, IP_MODE_PASSTHROUGH];

const filterSort = { isFilter: true, isSort: true } as const;

/**
 * neutron_lib.api.definitions.local_ip: /v2.0/local_ips (served as
 * local-ips too) and each one's port associations,
 * /v2.0/local_ips/{id}/port_associations/{fixed_port_id}.
 */
export const LOCAL_IP: ExtensionDescriptor = {
  alias: 'local_ip',
  name: 'Local IP',
  description: 'Support Node Local Virtual IP',
  updated: '2021-07-26T10:00:00-00:00',
  resourceAttributeMap: {
    [LOCAL_IPS]: {
      id: { allowPost: false, allowPut: false, validate: { type: 'type:uuid' }, isVisible: true, primaryKey: true, ...filterSort },
      name: { allowPost: true, allowPut: true, default: '', validate: { type: 'type:string', arg: 255 }, isVisible: true, ...filterSort },
      description: { allowPost: true, allowPut: true, default: '', validate: { type: 'type:string', arg: 1024 }, isVisible: true, ...filterSort },
      // neutron declares project_id; its API adds tenant_id beside it, as net-server's does project_id from tenant_id.
      tenant_id: { allowPost: true, allowPut: false, validate: { type: 'type:string', arg: 255 }, requiredByPolicy: true, isVisible: true, ...filterSort },
      local_port_id: { allowPost: true, allowPut: false, validate: { type: 'type:uuid' }, default: ATTR_NOT_SPECIFIED, isVisible: true, ...filterSort },
      network_id: { allowPost: true, allowPut: false, validate: { type: 'type:uuid' }, default: ATTR_NOT_SPECIFIED, isVisible: true, ...filterSort },
      local_ip_address: {
        allowPost: true,
        allowPut: false,
        default: ATTR_NOT_SPECIFIED,
        validate: { type: 'type:ip_address_or_none' },
        isVisible: true,
        enforcePolicy: true,
        ...filterSort,
      },
      ip_mode: {
        allowPost: true,
        allowPut: false,
        default: IP_MODE_TRANSLATE,
        validate: { type: 'type:values', arg: VALID_IP_MODES },
        isVisible: true,
        ...filterSort,
      },
      // LocalIP is a standard-attribute model; net-server's API applies the standard-attr-* extensions to the core collections only.
      ...definitions.TIMESTAMP_BODY,
      ...definitions.REVISION_BODY,
    },
  },
  subresourceAttributeMap: {
    [PORT_ASSOCIATIONS]: {
      parent: { collectionName: LOCAL_IPS, memberName: 'local_ip' },
      parameters: {
        local_ip_id: { allowPost: false, allowPut: false, isVisible: true },
        local_ip_address: { allowPost: false, allowPut: false, isVisible: true, ...filterSort },
        fixed_port_id: { allowPost: true, allowPut: false, validate: { type: 'type:uuid' }, isVisible: true, ...filterSort },
        fixed_ip: { allowPost: true, allowPut: false, validate: { type: 'type:ip_address_or_none' }, default: null, isVisible: true, ...filterSort },
        host: { allowPost: false, allowPut: false, isVisible: true, ...filterSort },
        tenant_id: { allowPost: true, allowPut: false, validate: { type: 'type:string', arg: 255 }, requiredByPolicy: true, isVisible: false },
      },
    },
  },
  serviceType: LOCAL_IP_SERVICE_TYPE,
  requiredExtensions: [],
  optionalExtensions: [],
};

/** The descriptors this package contributes through `net_server.api.extensions`. */
export const localIpExtensions: readonly ExtensionDescriptor[] = [LOCAL_IP];
