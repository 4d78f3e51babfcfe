export { NeutronException, defineNeutronException, neutronExceptionClass, neutronExceptionFromRemote } from './neutron-exception.js';
export type { AnyNeutronExceptionClass, ErrorFields, NeutronErrorBody, NeutronExceptionClass, RemoteNeutronError } from './neutron-exception.js';
export * from './exceptions.js';
