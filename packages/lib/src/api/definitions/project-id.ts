import type { ExtensionDescriptor } from '../extension-descriptor.js';

/** neutron_lib.api.definitions.project_id ('project-id'). */
export const PROJECT_ID: ExtensionDescriptor = {
  alias: 'project-id',
  name: 'project_id field enabled',
  description: 'Extension that indicates that project_id field is enabled.',
  updated: '2016-09-09T09:09:09-09:09',
  isShimExtension: true,
  resourceAttributeMap: {},
  requiredExtensions: [],
  optionalExtensions: [],
};
