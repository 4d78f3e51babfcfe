import { describe, expect, it } from 'vitest';
import { validators } from '@net-server/lib';

const uuid = '2f1c4a8e-7d1b-4d7e-9a7b-0c1d2e3f4a5b';

// [validator name, argument, value, expected message or undefined]
type Case = [string, unknown, unknown, string | undefined];

const cases: Case[] = [
  ['type:uuid', undefined, uuid, undefined],
  ['type:uuid', undefined, uuid.toUpperCase(), undefined],
  ['type:uuid', undefined, uuid.replace(/-/g, ''), undefined],
  ['type:uuid', undefined, `{${uuid}}`, undefined],
  ['type:uuid', undefined, `urn:uuid:${uuid}`, undefined],
  ['type:uuid', undefined, 'not-a-uuid', "'not-a-uuid' is not a valid UUID"],
  ['type:uuid', undefined, uuid.slice(1), `'${uuid.slice(1)}' is not a valid UUID`],
  ['type:uuid', undefined, 42, "'42' is not a valid UUID"],
  ['type:uuid', undefined, null, "'None' is not a valid UUID"],
  ['type:uuid_or_none', undefined, null, undefined],
  ['type:uuid_or_none', undefined, 'x', "'x' is not a valid UUID"],
  ['type:uuid_list', undefined, [uuid], undefined],
  ['type:uuid_list', undefined, [uuid, uuid], `Duplicate items in the list: '${uuid}'`],
  ['type:uuid_list', undefined, 'abc', "'abc' is not a list"],
  ['type:uuid_list_non_empty', undefined, [], 'List should not be empty'],
  ['type:string', 5, 'abcde', undefined],
  ['type:string', 5, 'abcdef', "'abcdef' exceeds maximum length of 5"],
  ['type:string', 2, '😀😀', undefined],
  ['type:string', undefined, 12, "'12' is not a valid string"],
  ['type:string', undefined, true, "'True' is not a valid string"],
  ['type:string_or_none', 255, null, undefined],
  ['type:not_empty_string', undefined, '  ', "'  ' Blank strings are not permitted"],
  ['type:oneline_not_empty_string', undefined, 'a\nb', "Multi-line string is not allowed: 'a\nb'"],
  ['type:oneline_not_empty_string', undefined, 'ab\n', undefined],
  ['type:list_of_unique_strings', undefined, ['a', 'b'], undefined],
  ['type:list_of_unique_strings', undefined, ['a', 'a', 'b', 'b'], "Duplicate items in the list: 'a, b'"],
  ['type:list_of_unique_strings', undefined, ['b', 'a', 'a', 'b', 'a'], "Duplicate items in the list: 'a, b'"],
  ['type:list_of_unique_strings', 1, ['a', 'bc'], "'bc' exceeds maximum length of 1"],
  ['type:non_negative', undefined, 0, undefined],
  ['type:non_negative', undefined, '3', undefined],
  ['type:non_negative', undefined, -1, "'-1' should be non-negative"],
  ['type:non_negative', undefined, 'x', "'x' is not an integer"],
  ['type:range', [0, 10], 10, undefined],
  ['type:range', [0, 10], 11, "'11' is too large - must be no larger than '10'"],
  ['type:range', [1, null], 0, "'0' is too small - must be at least '1'"],
  ['type:range', [1, null], 999999, undefined],
  ['type:range', [0, 10], '1.5', "'1.5' is not an integer"],
  ['type:range', [0, 10], 2.7, undefined],
  ['type:range_or_none', [0, 10], null, undefined],
  ['type:integer', undefined, 3, undefined],
  ['type:integer', undefined, '3', undefined],
  ['type:integer', undefined, 3.5, "'3.5' is not an integer"],
  ['type:integer', undefined, true, "'True' is not an integer:boolean"],
  ['type:integer', [1, 2], 3, '3 is not in valid_values'],
  ['type:values', [4, 6], 4, undefined],
  ['type:values', [4, 6], 5, '5 is not in valid_values'],
  ['type:values', ['a', 'b'], 'c', 'c is not in valid_values'],
  ['type:boolean', undefined, true, undefined],
  ['type:boolean', undefined, 'Yes', undefined],
  ['type:boolean', undefined, 0, undefined],
  ['type:boolean', undefined, 'maybe', "'maybe' is not a valid boolean value"],
  ['type:boolean', undefined, 2, "'2' is not a valid boolean value"],
  ['type:ip_address', undefined, '10.0.0.1', undefined],
  ['type:ip_address', undefined, '2001:db8::1', undefined],
  ['type:ip_address', undefined, '2001:DB8::1', undefined],
  ['type:ip_address', undefined, '10.0.0', "'10.0.0' is not a valid IP address"],
  ['type:ip_address', undefined, '10.0.0.256', "'10.0.0.256' is not a valid IP address"],
  ['type:ip_address', undefined, '010.0.0.1', "'010.0.0.1' is not an accepted IP address, '10.0.0.1' is recommended"],
  ['type:ip_address', undefined, ' 10.0.0.1', "' 10.0.0.1' is not a valid IP address"],
  ['type:ip_address', undefined, 1, "'1' is not a valid IP address"],
  ['type:ip_address', undefined, 'fe80::1%eth0', "'fe80::1%eth0' is not a valid IP address"],
  ['type:ip_address_or_none', undefined, null, undefined],
  ['type:subnet', undefined, '10.0.0.0/24', undefined],
  // Host bits are accepted: the plugin stores the network address.
  ['type:subnet', undefined, '10.0.0.1/24', undefined],
  ['type:subnet', undefined, '2001:db8::1/64', undefined],
  ['type:subnet', undefined, '::/0', undefined],
  ['type:subnet', undefined, '0.0.0.0/0', undefined],
  ['type:subnet', undefined, '10.0.0.0', "'10.0.0.0' isn't a recognized IP subnet cidr, '10.0.0.0/32' is recommended"],
  ['type:subnet', undefined, '2001:db8::1', "'2001:db8::1' isn't a recognized IP subnet cidr, '2001:db8::1/128' is recommended"],
  ['type:subnet', undefined, '10/8', "'10/8' isn't a recognized IP subnet cidr, '10.0.0.0/8' is recommended"],
  ['type:subnet', undefined, '010.0.0.1/8', "'010.0.0.1/8' isn't a recognized IP subnet cidr, '10.0.0.0/8' is recommended"],
  ['type:subnet', undefined, '10.0.0.0/255.0.0.0', "'10.0.0.0/255.0.0.0' isn't a recognized IP subnet cidr, '10.0.0.0/8' is recommended"],
  ['type:subnet', undefined, '10.0.0.0/33', "'10.0.0.0/33' is not a valid IP subnet"],
  ['type:subnet', undefined, '::/129', "'::/129' is not a valid IP subnet"],
  ['type:subnet', undefined, 'abc', "'abc' is not a valid IP subnet"],
  ['type:subnet_or_none', undefined, null, undefined],
  ['type:subnet_list', undefined, ['10.0.0.0/24', '10.0.1.0/24'], undefined],
  ['type:subnet_list', undefined, ['10.0.0.0/24', 'x'], "'x' is not a valid IP subnet"],
  ['type:ip_or_subnet_or_none', undefined, '10.0.0.0/24', undefined],
  ['type:ip_or_subnet_or_none', undefined, 'x', "'x' is neither a valid IP address, nor is it a valid IP subnet"],
  ['type:mac_address', undefined, 'fa:16:3e:00:00:01', undefined],
  ['type:mac_address', undefined, 'FA-16-3E-00-00-01', undefined],
  ['type:mac_address', undefined, 'fa163e000001', undefined],
  ['type:mac_address', undefined, 'fa16.3e00.0001', undefined],
  ['type:mac_address', undefined, '01:00:5e:00:00:01', undefined],
  ['type:mac_address', undefined, '00:00:00:00:00:00', "'00:00:00:00:00:00' is not a valid MAC address"],
  ['type:mac_address', undefined, 'FF:FF:FF:FF:FF:FF', "'FF:FF:FF:FF:FF:FF' is not a valid MAC address"],
  ['type:mac_address', undefined, 'fa:16:3e:00:00', "'fa:16:3e:00:00' is not a valid MAC address"],
  ['type:mac_address', undefined, 'fa:16-3e:00:00:01', "'fa:16-3e:00:00:01' is not a valid MAC address"],
  ['type:mac_address', undefined, null, "'None' is not a valid MAC address"],
  ['type:mac_address_or_none', undefined, null, undefined],
  ['type:nameservers', undefined, ['8.8.8.8', '2001:4860:4860::8888'], undefined],
  ['type:nameservers', undefined, ['8.8.8.8', '8.8.8.8'], "Duplicate nameserver '8.8.8.8'"],
  ['type:nameservers', undefined, ['dns.example'], "'dns.example' is not a valid nameserver. 'dns.example' is not a valid IP address"],
  ['type:nameservers', undefined, 5, "Invalid data format for nameserver: '5'"],
  ['type:hostroutes', undefined, [{ destination: '10.1.0.0/16', nexthop: '10.0.0.1' }], undefined],
  ['type:hostroutes', undefined, 'x', "Invalid data format for hostroute: 'x'"],
  ['type:hostroutes', undefined, [{ destination: '10.1.0.1/16', nexthop: '10.0.0.1' }], "'10.1.0.1/16' is not a recognized CIDR, '10.1.0.0/16' is recommended"],
  ['type:hostroutes', undefined, [{ destination: '127.0.0.0/8', nexthop: '10.0.0.1' }], "'127.0.0.0/8' is not a routable CIDR"],
  ['type:hostroutes', undefined, [{ destination: '::1/128', nexthop: '::2' }], undefined],
  [
    'type:hostroutes',
    undefined,
    [{ destination: '10.1.0.0/16' }],
    "Validation of dictionary's keys failed. Expected keys: {'destination', 'nexthop'} Provided keys: {'destination'}",
  ],
  ['type:hostroutes', undefined, ['x'], "Invalid input. 'x' must be a dictionary with keys: ['destination', 'nexthop']"],
  [
    'type:hostroutes',
    undefined,
    [
      { destination: '10.1.0.0/16', nexthop: '10.0.0.1' },
      { nexthop: '10.0.0.1', destination: '10.1.0.0/16' },
    ],
    "Duplicate hostroute '{'nexthop': '10.0.0.1', 'destination': '10.1.0.0/16'}'",
  ],
  ['type:fixed_ips', undefined, [{ subnet_id: uuid }, { subnet_id: uuid, ip_address: '10.0.0.5' }], undefined],
  ['type:fixed_ips', undefined, [{ ip_address: '10.0.0.5' }, { ip_address: '10.0.0.5' }], "Duplicate IP address '10.0.0.5'"],
  ['type:fixed_ips', undefined, [{ ip_address: '10.0.0.999' }], "'10.0.0.999' is not a valid IP address"],
  ['type:fixed_ips', undefined, [{ subnet_id: 'x' }], "'x' is not a valid UUID"],
  ['type:fixed_ips', undefined, {}, "Invalid data format for fixed IP: '{}'"],
  ['type:fixed_ips', undefined, ['x'], "Invalid data format for fixed IP: 'x'"],
  ['type:ip_pools', undefined, [{ start: '10.0.0.2', end: '10.0.0.9' }], undefined],
  ['type:ip_pools', undefined, [{ start: '10.0.0.2' }], "Validation of dictionary's keys failed. Expected keys: {'start', 'end'} Provided keys: {'start'}"],
  ['type:ip_pools', undefined, [{ start: '10.0.0.2', end: 'x' }], "'x' is not a valid IP address"],
  ['type:ip_pools', undefined, 'x', "Invalid data format for IP pool: 'x'"],
  ['type:subnetpool_id', undefined, 'prefix_delegation', undefined],
  ['type:subnetpool_id', undefined, null, undefined],
  ['type:subnetpool_id', undefined, 'x', "'x' is not a valid UUID"],
  ['type:regex', '^[a-z]+', 'abc1', undefined],
  ['type:regex', '^[a-z]+$', 'abc1', "'abc1' is not a valid input"],
  ['type:port_range', undefined, '80:443', undefined],
  ['type:port_range', undefined, '443:80', 'First port in a port range must be lower than the second port'],
  ['type:port_range', undefined, '1:2:3', 'Port range must be two integers separated by a colon'],
  ['type:port_range', undefined, '70000', 'Invalid port: 70000'],
  ['type:port_range', [1, 100], '200', 'Invalid port: 200, the port must be in the range [1, 100]'],
  ['type:dict', undefined, {}, undefined],
  ['type:dict', undefined, [], "'[]' is not a dictionary"],
  ['type:dict_or_none', undefined, null, undefined],
  ['type:dict_or_empty', { a: { required: true } }, {}, undefined],
  ['type:dict_or_nodata', { a: { required: true } }, null, undefined],
  ['type:dict', { a: { required: true } }, { b: 1 }, "Validation of dictionary's keys failed. Expected keys: {'a'} Provided keys: {'b'}"],
  ['type:dict', { a: {} }, { a: 1, b: 2 }, 'Unexpected keys supplied: b'],
  ['type:dict', { a: { validate: { type: 'type:uuid' } } }, { a: 'x' }, "'x' is not a valid UUID"],
  ['type:dict', { a: { validate: { type: 'type:nonsense' } } }, { a: 'x' }, "Validator 'type:nonsense' does not exist"],
];

describe('validators', () => {
  it.each(cases)('%s(arg %j) on %j', (type, arg, value, expected) => {
    expect(validators.runValidator({ type, arg }, value)).toBe(expected);
  });

  it('finds validators with or without the type: prefix', () => {
    expect(validators.getValidator('uuid')).toBe(validators.getValidator('type:uuid'));
    expect(validators.getValidator('type:nonsense')).toBeUndefined();
  });

  it('lets extensions add validators but not replace one', () => {
    const even: validators.Validator = (data) => (typeof data === 'number' && data % 2 === 0 ? undefined : `'${String(data)}' is odd`);
    validators.addValidator('test_even', even);
    validators.addValidator('type:test_even', even);
    expect(validators.runValidator({ type: 'type:test_even' }, 3)).toBe("'3' is odd");
    expect(() => validators.addValidator('uuid', even)).toThrow('Validator type uuid is already defined');
  });

  it('converts dict values in place before validating them', () => {
    const data: Record<string, unknown> = { flag: 'true' };
    const specs = { flag: { convertTo: (value: unknown) => value === 'true', validate: { type: 'type:boolean' } } };
    expect(validators.validateDict(data, specs)).toBeUndefined();
    expect(data['flag']).toBe(true);
  });

  it('matches lists of dicts against any of several key specs', () => {
    const specs = [{ a: { required: true } }, { b: { required: true } }];
    expect(validators.validateAnyKeySpecsOrNone([{ a: 1 }, { b: 2 }], specs)).toBeUndefined();
    expect(validators.validateAnyKeySpecsOrNone([{ c: 1 }], specs)).toBe("No valid key specs matched for: {'c': 1}");
  });
});
