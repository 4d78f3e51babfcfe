// The net_server.api.extensions entry point: router, ext-gw-mode, extraroute, ... and l3-flavors.
import { l3Extensions } from '../api/definitions.js';
import { L3_FLAVORS } from '../api/l3-flavors.js';

export const extensions = [...l3Extensions, L3_FLAVORS];
