import { describe, expect, it } from 'vitest';
import { InvalidInput, converters, formatMacAddress, parseMacAddress, randomMacAddress } from '@net-server/lib';

function failure(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInput);
    return (error as Error).message;
  }
  throw new Error('expected InvalidInput');
}

describe('converters', () => {
  it.each([
    [true, true],
    ['true', true],
    ['True', true],
    ['on', true],
    [1, true],
    ['1', true],
    [false, false],
    ['no', false],
    [0, false],
  ])('convertToBoolean(%j) is %j', (input, expected) => {
    expect(converters.convertToBoolean(input)).toBe(expected);
  });

  it('refuses what cannot be a boolean with neutron message', () => {
    expect(failure(() => converters.convertToBoolean('maybe'))).toBe("Invalid input for operation: 'maybe' cannot be converted to boolean.");
    expect(failure(() => converters.convertToBoolean(null))).toBe("Invalid input for operation: 'None' cannot be converted to boolean.");
    expect(converters.convertToBooleanIfNotNone(null)).toBeNull();
  });

  it.each([
    ['42', 42],
    [' 7 ', 7],
    [3.9, 3],
    [true, 1],
    [-2, -2],
  ])('convertToInt(%j) is %j', (input, expected) => {
    expect(converters.convertToInt(input)).toBe(expected);
  });

  it('refuses non-integers', () => {
    expect(failure(() => converters.convertToInt('1.5'))).toBe("Invalid input for operation: '1.5' is not an integer.");
    expect(failure(() => converters.convertToInt(null))).toBe("Invalid input for operation: 'None' is not an integer.");
    expect(converters.convertToIntIfNotNone(null)).toBeNull();
  });

  it('converts floats that must not be negative', () => {
    expect(converters.convertToPositiveFloatOrNone('1.5')).toBe(1.5);
    expect(converters.convertToPositiveFloatOrNone(null)).toBeNull();
    expect(failure(() => converters.convertToPositiveFloatOrNone(-1))).toBe("Invalid input for operation: '-1.0' must be a non negative decimal.");
  });

  it('fills empty values for None', () => {
    expect(converters.convertNoneToEmptyList(null)).toEqual([]);
    expect(converters.convertNoneToEmptyList(['a'])).toEqual(['a']);
    expect(converters.convertNoneToEmptyDict(undefined)).toEqual({});
    expect(converters.convertNoneToEmptyString(null)).toBe('');
    expect(converters.convertToList(null)).toEqual([]);
    expect(converters.convertToList('a')).toEqual(['a']);
    expect(converters.convertToList(['a', 'b'])).toEqual(['a', 'b']);
  });

  it('parses key=value lists', () => {
    expect(converters.convertKvpStrToList('a = b=c')).toEqual(['a', 'b=c']);
    expect(converters.convertKvpListToDict(['a=1', 'a=2', 'a=1', 'b=3'])).toEqual({ a: ['1', '2'], b: ['3'] });
    expect(converters.convertKvpListToDict(['True'])).toEqual({});
    expect(failure(() => converters.convertKvpStrToList('=x'))).toBe("Invalid input for operation: '=x' is not of the form <key>=[value].");
  });

  it('canonicalises IPv6 addresses and CIDRs', () => {
    expect(converters.convertIpToCanonicalFormat('2001:DB8:0:0::1')).toBe('2001:db8::1');
    expect(converters.convertIpToCanonicalFormat('10.0.0.1')).toBe('10.0.0.1');
    expect(converters.convertIpToCanonicalFormat('junk')).toBe('junk');
    expect(converters.convertIpToCanonicalFormat(null)).toBeNull();
    expect(converters.convertCidrToCanonicalFormat('2001:DB8::1/64')).toBe('2001:db8::1/64');
    expect(converters.convertCidrToCanonicalFormat('10/8')).toBe('10.0.0.0/8');
    expect(converters.convertCidrToCanonicalFormat('10.0.0.1/24')).toBe('10.0.0.1/24');
    expect(converters.convertCidrToCanonicalFormat('2001:db8::')).toBe('2001:db8::/128');
    expect(failure(() => converters.convertCidrToCanonicalFormat('x'))).toBe('Invalid input for operation: x is not in a CIDR format.');
  });

  it('accepts protocol names and numbers as strings, like neutron', () => {
    expect(converters.convertToProtocol('TCP')).toBe('TCP');
    expect(converters.convertToProtocol('6')).toBe('6');
    expect(converters.convertToProtocol(null)).toBeNull();
    expect(failure(() => converters.convertToProtocol('256'))).toBe(
      "Invalid input for operation: IP protocol '256' is not supported. Only protocol names and their integer representation (0 to 255) are supported.",
    );
    expect(failure(() => converters.convertToProtocol(6))).toBe('Invalid input for operation: Input value 6 must be string type.');
  });

  it('forces prefix case and strings', () => {
    expect(converters.convertUppercaseIp('ipv4')).toBe('IPv4');
    expect(converters.convertUppercaseIp('other')).toBe('other');
    expect(converters.convertToString(5)).toBe('5');
    expect(converters.convertToString(null)).toBeNull();
    expect(converters.convertStringToCaseInsensitive('ABC')).toBe('abc');
  });

  it('sanitises MAC addresses and leaves invalid ones alone', () => {
    expect(converters.convertToSanitizedMacAddress('FA-16-3E-0-0-1')).toBe('fa:16:3e:00:00:01');
    expect(converters.convertToSanitizedMacAddress('fa163e000001')).toBe('fa:16:3e:00:00:01');
    expect(converters.convertToSanitizedMacAddress('nope')).toBe('nope');
  });
});

describe('MAC helpers', () => {
  it('generates random MACs on the base', () => {
    for (let i = 0; i < 20; i++) {
      expect(randomMacAddress('fa:16:3e:00:00:00')).toMatch(/^fa:16:3e:[0-9a-f]{2}:[0-9a-f]{2}:[0-9a-f]{2}$/);
      expect(randomMacAddress('fa:16:3e:4f:00:00')).toMatch(/^fa:16:3e:4f:[0-9a-f]{2}:[0-9a-f]{2}$/);
    }
  });

  it('round-trips through the 48-bit form', () => {
    expect(formatMacAddress(parseMacAddress('fa16.3e00.0001')!)).toBe('fa:16:3e:00:00:01');
    expect(parseMacAddress('fa:16:3e:00:00:01:02')).toBeUndefined();
  });
});
