import { copy, type TableMapping } from './table-mapping.js';

/** Flavors, service profiles and their bindings: the @net-server/flavors tables (same names and columns as neutron's). */
export const flavorMappings: readonly TableMapping[] = [copy('flavors'), copy('serviceprofiles'), copy('flavorserviceprofilebindings')];
