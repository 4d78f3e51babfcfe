import { NotFound, defineNeutronException } from '@net-server/lib';

/** neutron.extensions.tagging.TagResourceNotFound: the resource to tag does not exist or is hidden from the caller. */
export const TagResourceNotFound = defineNeutronException<{ resource: unknown; resource_id: unknown }>(
  NotFound,
  'TagResourceNotFound',
  'Resource %(resource)s %(resource_id)s could not be found.',
);

/** neutron.extensions.tagging.TagNotFound. */
export const TagNotFound = defineNeutronException<{ tag: unknown }>(NotFound, 'TagNotFound', 'Tag %(tag)s could not be found.');
