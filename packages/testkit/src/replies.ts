import { AssertionError } from 'node:assert';
import type { ApiResponse } from './api-client.js';

type Dict = Record<string, unknown>;

function expectStatus(reply: ApiResponse, status: number): void {
  if (reply.status === status) return;
  throw new AssertionError({
    message: `expected HTTP ${status}, got ${reply.status}: ${JSON.stringify(reply.body)}`,
    actual: reply.status,
    expected: status,
    operator: 'strictEqual',
  });
}

/** The `key` member of a 201 reply's body (`created(await client.post('/networks', ...), 'network')`); throws an AssertionError naming the body otherwise. */
export function created(reply: ApiResponse, key: string): Dict {
  expectStatus(reply, 201);
  return reply.body[key] as Dict;
}

/** The `key` member of a 200 reply's body, or the whole body without a key; throws an AssertionError naming the body otherwise. */
export function ok(reply: ApiResponse, key?: string): Dict {
  expectStatus(reply, 200);
  return key === undefined ? reply.body : (reply.body[key] as Dict);
}

/** The message of a failed request's NeutronError, once its status and type are the ones expected; throws an AssertionError otherwise. */
export function failure(reply: ApiResponse, status: number, type: string): string {
  expectStatus(reply, status);
  const error = reply.body['NeutronError'] as Dict | undefined;
  if (error?.['type'] !== type) {
    throw new AssertionError({
      message: `expected a ${type} NeutronError: ${JSON.stringify(reply.body)}`,
      actual: error?.['type'],
      expected: type,
      operator: 'strictEqual',
    });
  }
  return String(error['message']);
}
