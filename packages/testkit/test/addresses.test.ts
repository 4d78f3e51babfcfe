import { describe, expect, it } from 'vitest';
import { addressNotHeld } from '@net-server/testkit';

describe('addressNotHeld', () => {
  it("passes over the addresses a port's fixed_ips or a list holds, and says so when it runs out", () => {
    const port = { id: 'p1', fixed_ips: [{ subnet_id: 's1', ip_address: '10.0.0.50' }] };
    expect(addressNotHeld(port, ['10.0.0.50', '10.0.0.51'])).toBe('10.0.0.51');
    expect(addressNotHeld({ fixed_ips: [] }, ['10.0.0.50', '10.0.0.51'])).toBe('10.0.0.50');
    expect(addressNotHeld(new Set(['10.0.0.7', '10.0.0.8']), ['10.0.0.7', '10.0.0.8', '10.0.0.9'])).toBe('10.0.0.9');
    expect(() => addressNotHeld(['10.0.0.7'], ['10.0.0.7'])).toThrow('every one of 10.0.0.7 is already held');
  });
});
