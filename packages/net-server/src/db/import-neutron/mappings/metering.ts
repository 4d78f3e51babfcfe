import { copy, type TableMapping } from './table-mapping.js';

/** Metering labels and their rules: the @net-server/metering tables. */
export const meteringMappings: readonly TableMapping[] = [copy('meteringlabels'), copy('meteringlabelrules')];
