export { ImportNeutronError } from './errors.js';
export { formatImportEvent, type ImportEvent, type ImportReport } from './import-report.js';
export { importNeutron, type ImportNeutronOptions } from './import-neutron.js';
export { KNOWN_NEUTRON_HEADS } from './neutron-schema-version.js';
