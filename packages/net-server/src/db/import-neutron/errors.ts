/**
 * Why `net-server db import-neutron` refuses to import. Each says what to
 * do; nothing is written when one is thrown (the import runs in one
 * transaction, and these are checked before it writes).
 */
export class ImportNeutronError extends Error {
  constructor(
    readonly code:
      | 'IMPORT_NEUTRON_NOT_NEUTRON'
      | 'IMPORT_NEUTRON_UNKNOWN_SCHEMA'
      | 'IMPORT_NEUTRON_TARGET_NOT_EMPTY'
      | 'IMPORT_NEUTRON_TARGET_NOT_CURRENT'
      | 'IMPORT_NEUTRON_TABLE_FAILED',
    message: string,
    options?: { cause: unknown },
  ) {
    super(message, options);
    this.name = 'ImportNeutronError';
  }
}
