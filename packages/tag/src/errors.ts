import { NotFound, defineNeutronException } from '@net-server/lib';

/** neutron.extensions.tagging.TagResourceNotFound: the resource to tag does not exist or is hidden from the caller. */
export const TagResourceNotFound = defineNeutronException<{ resource: unknown; resource_id: unknown }>(
  NotFound,
  'TagResourceNotFound',
  'Resource %(resource)s %(resource_id)s could not be found.',
);

/** neutron.extensions.tagging.TagNotFound. */
export const TagNotFound = defineNeutronException<{ tag: unknown }>(NotFound, 'TagNotFound', 'Tag %(tag)s could not be found.');

/** The core plugin has no transactions to write tags in (net-server's DbBasePlugin and ML2 have). */
export class UnsupportedCorePluginError extends Error {
  readonly code = 'TAG_UNSUPPORTED_CORE_PLUGIN';
  constructor() {
    super(
      `The tag service plugin writes tags in the core plugin's transactions (transactions.write of net-server's DbBasePlugin); ` +
        `the loaded core plugin has none. Use core_plugin = ml2 or net-server:DbBasePlugin, or leave @net-server/tag uninstalled.`,
    );
    this.name = 'UnsupportedCorePluginError';
  }
}
