import { AssertionError } from 'node:assert';
import { describe, expect, it } from 'vitest';
import { created, databaseOptions, failure, ok, type ApiResponse } from '../src/index.js';

function reply(status: number, body: Record<string, unknown>): ApiResponse {
  return { status, headers: new Headers(), body };
}

describe('reply checks', () => {
  it('answer the member of the expected status, or the whole body', () => {
    expect(created(reply(201, { network: { id: 'n1' } }), 'network')).toEqual({ id: 'n1' });
    expect(ok(reply(200, { network: { id: 'n1' } }), 'network')).toEqual({ id: 'n1' });
    expect(ok(reply(200, { sub_ports: [] }))).toEqual({ sub_ports: [] });
  });

  it('throw an AssertionError naming the body on another status', () => {
    const error = (() => {
      try {
        created(reply(409, { NeutronError: { type: 'OverQuota', message: 'Quota exceeded' } }), 'network');
      } catch (thrown) {
        return thrown;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(AssertionError);
    expect((error as AssertionError).message).toContain('expected HTTP 201, got 409: {"NeutronError":{"type":"OverQuota","message":"Quota exceeded"}}');
    expect(() => ok(reply(201, {}), 'network')).toThrow(AssertionError);
  });

  it("answer a NeutronError's message once its status and type are the expected ones", () => {
    const notFound = reply(404, { NeutronError: { type: 'NetworkNotFound', message: 'Network x could not be found.', detail: '' } });
    expect(failure(notFound, 404, 'NetworkNotFound')).toBe('Network x could not be found.');
    expect(() => failure(notFound, 404, 'PortNotFound')).toThrow('expected a PortNotFound NeutronError');
    expect(() => failure(notFound, 409, 'NetworkNotFound')).toThrow('expected HTTP 409, got 404');
    expect(() => failure(reply(404, { message: 'not neutron' }), 404, 'NetworkNotFound')).toThrow(AssertionError);
  });
});

describe('databaseOptions', () => {
  it('names the local servers, or those the environment names', () => {
    expect(databaseOptions('sqlite')).toEqual({});
    expect(databaseOptions('postgres')).toEqual({
      postgresUrl: process.env['NET_SERVER_TEST_POSTGRES_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
    });
    expect(Object.keys(databaseOptions('mysql'))).toEqual(['mysqlUrl']);
  });
});
