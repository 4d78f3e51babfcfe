import { describe, expect, it } from 'vitest';
import {
  BadRequest,
  Conflict,
  GatewayConflictWithAllocationPools,
  InUse,
  InvalidInput,
  IpAddressAlreadyAllocated,
  IpAddressGenerationFailure,
  IpAddressGenerationFailureAllSubnets,
  NetworkInUse,
  NetworkNotFound,
  NeutronException,
  NotAuthorized,
  NotFound,
  OverlappingAllocationPools,
  PortNotFound,
  ServiceUnavailable,
  SubnetInUse,
  SubnetIpAddressGenerationFailure,
  SubnetPoolNotFound,
  defineNeutronException,
  neutronExceptionClass,
  neutronExceptionFromRemote,
} from '@net-server/lib';

describe('neutron exceptions', () => {
  it.each([
    [new NetworkNotFound({ net_id: 'n1' }), 'NetworkNotFound', 404, 'Network n1 could not be found.', NotFound],
    [new PortNotFound({ port_id: 'p1' }), 'PortNotFound', 404, 'Port p1 could not be found.', NotFound],
    [new SubnetPoolNotFound({ subnetpool_id: 's1' }), 'SubnetPoolNotFound', 404, 'Subnet pool s1 could not be found.', NotFound],
    [new InvalidInput({ error_message: "'x' is not a valid UUID" }), 'InvalidInput', 400, "Invalid input for operation: 'x' is not a valid UUID.", BadRequest],
    [
      new OverlappingAllocationPools({ pool_1: '10.0.0.2-10.0.0.9', pool_2: '10.0.0.5-10.0.0.6', subnet_cidr: '10.0.0.0/24' }),
      'OverlappingAllocationPools',
      409,
      'Found overlapping allocation pools: 10.0.0.2-10.0.0.9 10.0.0.5-10.0.0.6 for subnet 10.0.0.0/24.',
      Conflict,
    ],
    [
      new GatewayConflictWithAllocationPools({ ip_address: '10.0.0.1', pool: '10.0.0.1-10.0.0.5' }),
      'GatewayConflictWithAllocationPools',
      409,
      'Gateway ip 10.0.0.1 conflicts with allocation pool 10.0.0.1-10.0.0.5.',
      InUse,
    ],
    [new IpAddressGenerationFailure({ net_id: 'n1' }), 'IpAddressGenerationFailure', 409, 'No more IP addresses available on network n1.', Conflict],
    [
      new IpAddressAlreadyAllocated({ ip: '10.0.0.3', subnet_id: 's1' }),
      'IpAddressAlreadyAllocated',
      409,
      'IP address 10.0.0.3 already allocated in subnet s1',
      Conflict,
    ],
    [new NotAuthorized({}), 'NotAuthorized', 403, 'Not authorized.', NeutronException],
    [new ServiceUnavailable({}), 'ServiceUnavailable', 503, 'The service is unavailable.', NeutronException],
  ])('%s has neutron type, status and message', (error, type, status, message, family) => {
    expect(error.type).toBe(type);
    expect(error.code).toBe(type);
    expect(error.name).toBe(type);
    expect(error.httpStatus).toBe(status);
    expect(error.message).toBe(message);
    expect(error).toBeInstanceOf(family);
    expect(error).toBeInstanceOf(NeutronException);
    expect(error).toBeInstanceOf(Error);
    expect(error.toNeutronError()).toEqual({ type, message, detail: '' });
  });

  it('fills default reasons as neutron does', () => {
    expect(new NetworkInUse({ net_id: 'n1' }).message).toBe(
      'Unable to complete operation on network n1. There are one or more ports still in use on the network.',
    );
    expect(new SubnetInUse({ subnet_id: 's1', reason: 'busy' }).message).toBe('Unable to complete operation on subnet s1: busy.');
  });

  it('renders values in the message as Python prints them', () => {
    expect(new InvalidInput({ error_message: ['a', true, null] }).message).toBe("Invalid input for operation: ['a', True, None].");
  });

  it('keeps the bare template when a field is missing, as neutron does', () => {
    const error = new NetworkNotFound({} as { net_id: string });
    expect(error.message).toBe('Network %(net_id)s could not be found.');
  });

  it('subclasses inherit the status of their family', () => {
    const Custom = defineNeutronException<{ thing: string }>(NotFound, 'TestThingNotFound', 'Thing %(thing)s is gone.');
    const error = new Custom({ thing: 'x' });
    expect(error.httpStatus).toBe(404);
    expect(error.message).toBe('Thing x is gone.');
    expect(neutronExceptionClass('TestThingNotFound')).toBe(Custom);
  });

  it('exposes fields as own enumerable properties for RPC kwargs, and nothing else', () => {
    const error = new NetworkNotFound({ net_id: 'n1' });
    expect(Object.keys(error).filter((key) => key !== 'name')).toEqual(['net_id']);
    expect(error.fields).toEqual({ net_id: 'n1' });
  });

  it('round-trips through its remote form', () => {
    const error = new IpAddressAlreadyAllocated({ ip: '10.0.0.3', subnet_id: 's1' });
    const remote = error.toRemote();
    expect(remote).toEqual({ name: 'IpAddressAlreadyAllocated', fields: { ip: '10.0.0.3', subnet_id: 's1' } });
    const back = neutronExceptionFromRemote(remote);
    expect(back).toBeInstanceOf(IpAddressAlreadyAllocated);
    expect(back.message).toBe(error.message);
    const viaFailure = NeutronException.fromRemoteFailure({ class: 'NetworkNotFound', kwargs: { net_id: 'n9' } });
    expect(viaFailure).toBeInstanceOf(NetworkNotFound);
    expect(viaFailure.message).toBe('Network n9 could not be found.');
  });

  it('rebuilds unknown remote errors as a 500 NeutronException', () => {
    const error = neutronExceptionFromRemote({ name: 'SomethingOdd', fields: {} });
    expect(error.type).toBe('NeutronException');
    expect(error.httpStatus).toBe(500);
    expect(error.message).toBe('An unknown exception occurred.');
  });

  it('keeps the API-level class for a type name that IPAM reuses', () => {
    expect(new SubnetIpAddressGenerationFailure({ subnet_id: 's1' }).type).toBe('IpAddressGenerationFailure');
    expect(new IpAddressGenerationFailureAllSubnets({})).toBeInstanceOf(SubnetIpAddressGenerationFailure);
    expect(neutronExceptionClass('IpAddressGenerationFailure')).toBe(IpAddressGenerationFailure);
  });
});
