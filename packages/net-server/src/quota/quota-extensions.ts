import type { ExtensionDescriptor } from '@net-server/lib';
import { apiShim } from '../api/extension-catalog.js';

/** neutron's quotasv2, quotasv2_detail and quota_check_limit extensions, which the API serves for every core plugin. */
export const QUOTA_EXTENSIONS: readonly ExtensionDescriptor[] = [
  apiShim('quotas', 'Quota management support', 'Expose functions for quotas management per project', '2012-07-29T10:00:00-00:00'),
  apiShim('quota_details', 'Quota details management support', 'Expose functions for quotas usage statistics per project', '2017-02-10T10:00:00-00:00', [
    'quotas',
  ]),
  apiShim(
    'quota-check-limit',
    'Quota engine limit check',
    'Support for checking the resource usage before applying a new quota limit',
    '2021-09-08T16:00:00-00:00',
  ),
];
