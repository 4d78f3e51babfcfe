import type { ExtensionDescriptor } from '../extension-descriptor.js';

/** neutron_lib.db.constants.PROJECT_ID_FIELD_SIZE. */
const PROJECT_ID_FIELD_SIZE = 255;

/**
 * neutron.extensions.rbac ('rbac-policies'): `/v2.0/rbac-policies`, entries
 * that give projects (or every project, `*`) access to an object. The object
 * types and the actions valid for each are the serving plugin's to check
 * (neutron converts `object_type` against its RBAC models and the action in
 * the model).
 */
export const RBAC_POLICIES: ExtensionDescriptor = {
  alias: 'rbac-policies',
  name: 'RBAC Policies',
  description: 'Allows creation and modification of policies that control tenant access to resources.',
  updated: '2015-06-17T12:15:12-00:00',
  resourceAttributeMap: {
    rbac_policies: {
      id: { allowPost: false, allowPut: false, validate: { type: 'type:uuid' }, isVisible: true, primaryKey: true, isFilter: true },
      object_type: {
        allowPost: true,
        allowPut: false,
        validate: { type: 'type:string', arg: 255 },
        isVisible: true,
        default: null,
        isFilter: true,
        enforcePolicy: true,
      },
      object_id: { allowPost: true, allowPut: false, validate: { type: 'type:uuid' }, isVisible: true, enforcePolicy: true, isFilter: true },
      target_tenant: {
        allowPost: true,
        allowPut: true,
        validate: { type: 'type:string', arg: PROJECT_ID_FIELD_SIZE },
        isVisible: true,
        enforcePolicy: true,
        isFilter: true,
      },
      tenant_id: {
        allowPost: true,
        allowPut: false,
        validate: { type: 'type:string', arg: PROJECT_ID_FIELD_SIZE },
        requiredByPolicy: true,
        isVisible: true,
        isFilter: true,
      },
      action: { allowPost: true, allowPut: false, validate: { type: 'type:string', arg: 255 }, isVisible: true, enforcePolicy: true, isFilter: true },
    },
  },
  pluralMappings: { rbac_policies: 'rbac_policy' },
  requiredExtensions: [],
  optionalExtensions: [],
};
