import { describe, expect, it } from 'vitest';
import { InvalidTransportUrl, maskTransportUrl, parseTransportUrl } from '@net-server/rpc';

describe('parseTransportUrl', () => {
  it('parses several hosts with credentials, a virtual host and options', () => {
    const url = parseTransportUrl('rabbit://u1:p1@h1:5672,u2:p2@h2:5673/vhost?ssl=true&x=1&x=2');
    expect(url.scheme).toBe('rabbit');
    expect(url.hosts).toEqual([
      { hostname: 'h1', port: 5672, username: 'u1', password: 'p1' },
      { hostname: 'h2', port: 5673, username: 'u2', password: 'p2' },
    ]);
    expect(url.virtualHost).toBe('vhost');
    expect(url.query).toEqual({ ssl: 'true', x: '1,2' });
  });

  it('parses memory:// with no hosts and no virtual host', () => {
    const url = parseTransportUrl('memory://');
    expect(url).toMatchObject({ scheme: 'memory', hosts: [], query: {} });
    expect(url.virtualHost).toBeUndefined();
    expect(url.toString()).toBe('memory://');
  });

  it('percent-decodes credentials and the virtual host', () => {
    const url = parseTransportUrl('rabbit://us%40er:p%3Aa%2Fs%2Cs@host/%2Fprod');
    expect(url.hosts[0]).toEqual({ hostname: 'host', username: 'us@er', password: 'p:a/s,s' });
    expect(url.virtualHost).toBe('/prod');
  });

  it('keeps an @ inside the password (the last @ ends the credentials)', () => {
    expect(parseTransportUrl('rabbit://user:p@ss@host:1').hosts[0]).toEqual({ hostname: 'host', port: 1, username: 'user', password: 'p@ss' });
  });

  it('parses IPv6 hosts in brackets, with and without ports', () => {
    const url = parseTransportUrl('rabbit://guest:guest@[::1]:5672,[fe80::2]/');
    expect(url.hosts).toEqual([{ hostname: '::1', port: 5672, username: 'guest', password: 'guest' }, { hostname: 'fe80::2' }]);
    expect(url.virtualHost).toBe('');
    expect(url.toString()).toBe('rabbit://guest:****@[::1]:5672,[fe80::2]/');
  });

  it('masks every password in toString', () => {
    const url = parseTransportUrl('rabbit://a:secret1@h1,b:secret2@h2/v');
    expect(url.toString()).toBe('rabbit://a:****@h1,b:****@h2/v');
    expect(String(url)).not.toMatch(/secret/);
    expect(`${url}`).not.toMatch(/secret/);
  });

  it.each([
    ['no scheme', 'guest:topsecret@localhost:5672/', /no scheme/],
    ['a bad scheme', '1abc://guest:topsecret@host/', /not a valid scheme/],
    ['a port that is not a number', 'rabbit://guest:topsecret@host:56x2/', /port "56x2"/],
    ['a port out of range', 'rabbit://guest:topsecret@host:70000/', /port "70000"/],
    ['an unterminated IPv6 address', 'rabbit://guest:topsecret@[::1:5672/', /unterminated IPv6/],
    ['junk after an IPv6 address', 'rabbit://guest:topsecret@[::1]x/', /after IPv6/],
    ['a host without a name', 'rabbit://guest:topsecret@:5672/', /no host name/],
    ['bad percent-encoding', 'rabbit://guest:top%zzsecret@host/', /percent-encoding in the password/],
  ])('rejects %s with a coded error that does not leak the password', (_what, text, reason) => {
    let caught: unknown;
    try {
      parseTransportUrl(text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidTransportUrl);
    const error = caught as InvalidTransportUrl;
    expect(error.code).toBe('InvalidTransportUrl');
    expect(error.message).toMatch(reason);
    expect(error.message).not.toMatch(/topsecret|top%zzsecret/);
    expect(error.url).not.toMatch(/topsecret/);
  });

  it('rejects a value that is not a string', () => {
    expect(() => parseTransportUrl(42 as unknown as string)).toThrow(InvalidTransportUrl);
  });

  it('masks passwords of malformed URLs too', () => {
    expect(maskTransportUrl('rabbit://u:pw@h:bad,v:pw2@[::1/x')).toBe('rabbit://u:****@h:bad,v:****@[::1/x');
    expect(maskTransportUrl('u:pw@host')).toBe('u:****@host');
  });
});
