import { mapped, type TableMapping } from './table-mapping.js';

/** Tags, which neutron keys by standard attribute and net-server by resource id; tags of resources the import does not bring are left out (and counted). */
export const tagMappings: readonly TableMapping[] = [
  mapped('tags', 'tags', (row, context) => {
    const resourceId = context.resourceByStandardAttribute.get(String(row['standard_attr_id']));
    return resourceId === undefined ? undefined : { resource_id: resourceId, tag: row['tag'] };
  }),
];
