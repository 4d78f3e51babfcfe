import { converters, definitions, pluginTypes, type ExtensionDescriptor } from '@net-server/lib';

/** The plugin's service type (neutron_lib.plugins.constants.LOG_API). */
export const LOG_SERVICE_TYPE = pluginTypes.LOG_API;
export const LOGS = 'logs';
export const LOGGABLE_RESOURCES = 'loggable_resources';
export const ACCEPT_EVENT = 'ACCEPT';
export const DROP_EVENT = 'DROP';
export const ALL_EVENT = 'ALL';
export const LOG_EVENTS = [ACCEPT_EVENT, DROP_EVENT, ALL_EVENT];

const filterSort = { isFilter: true, isSort: true } as const;

/**
 * neutron_lib.api.definitions.logging: /v2.0/log/logs and
 * /v2.0/log/loggable-resources. Logs are standard-attribute resources in
 * neutron (description, timestamps, revision); net-server's API applies the
 * standard-attr-* extensions to the core collections only, so they are
 * declared here.
 */
export const LOGGING: ExtensionDescriptor = {
  alias: 'logging',
  name: 'Logging API Extension',
  description: 'Provides a logging API for resources such as security group and firewall.',
  updated: '2017-01-01T10:00:00-00:00',
  apiPrefix: '/log',
  resourceAttributeMap: {
    [LOGS]: {
      id: { allowPost: false, allowPut: false, validate: { type: 'type:uuid' }, isVisible: true, primaryKey: true, ...filterSort },
      // neutron declares project_id; its API adds tenant_id beside it, as net-server's does project_id from tenant_id.
      tenant_id: { allowPost: true, allowPut: false, requiredByPolicy: true, validate: { type: 'type:string', arg: 255 }, isVisible: true, ...filterSort },
      name: { allowPost: true, allowPut: true, validate: { type: 'type:string', arg: 255 }, default: '', isVisible: true, ...filterSort },
      resource_type: { allowPost: true, allowPut: false, requiredByPolicy: true, validate: { type: 'type:string', arg: 36 }, isVisible: true, ...filterSort },
      resource_id: { allowPost: true, allowPut: false, validate: { type: 'type:uuid_or_none' }, default: null, isVisible: true, ...filterSort },
      event: { allowPost: true, allowPut: false, validate: { type: 'type:values', arg: LOG_EVENTS }, default: ALL_EVENT, isVisible: true, isFilter: true },
      target_id: { allowPost: true, allowPut: false, validate: { type: 'type:uuid_or_none' }, default: null, isVisible: true, ...filterSort },
      enabled: { allowPost: true, allowPut: true, default: true, convertTo: converters.convertToBoolean, isVisible: true, ...filterSort },
      ...definitions.DESCRIPTION_BODY,
      ...definitions.TIMESTAMP_BODY,
      ...definitions.REVISION_BODY,
    },
    [LOGGABLE_RESOURCES]: {
      type: { allowPost: false, allowPut: false, isVisible: true },
    },
  },
  serviceType: LOG_SERVICE_TYPE,
  requiredExtensions: [],
  optionalExtensions: ['security-group', 'fwaas_v2'],
};

/** The descriptors this package contributes through `net_server.api.extensions`. */
export const loggingExtensions: readonly ExtensionDescriptor[] = [LOGGING];
