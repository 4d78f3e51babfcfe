import type { IncomingMessage } from 'node:http';
import { HTTPBadRequest } from '@net-server/lib';
import { HTTPRequestEntityTooLarge, HTTPUnsupportedMediaType } from './http-errors.js';

/**
 * Reads a JSON request body: refuses a declared or actual size over `limit`
 * (413) without reading the rest, a content type other than JSON (415) and
 * text that is not a JSON object (400, "Body contains invalid data" as
 * neutron). An empty body gives undefined.
 */
export async function readJsonBody(request: IncomingMessage, limit: number): Promise<Record<string, unknown> | undefined> {
  const declared = Number(request.headers['content-length'] ?? '0');
  if (Number.isFinite(declared) && declared > limit) throw new HTTPRequestEntityTooLarge({ limit });
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new HTTPRequestEntityTooLarge({ limit });
    chunks.push(chunk);
  }
  if (size === 0) return undefined;
  const contentType = (request.headers['content-type'] ?? '').split(';', 1)[0]!.trim().toLowerCase();
  if (contentType !== '' && contentType !== 'application/json' && !contentType.endsWith('+json')) {
    throw new HTTPUnsupportedMediaType({ content_type: contentType });
  }
  let data: unknown;
  let nul = false;
  try {
    data = JSON.parse(Buffer.concat(chunks).toString('utf8'), (key, value: unknown) => {
      if (key.includes('\0') || (typeof value === 'string' && value.includes('\0'))) nul = true;
      return value;
    });
  } catch {
    throw new HTTPBadRequest({ msg: 'Body contains invalid data' });
  }
  // No database stores NUL in text (PostgreSQL refuses it), so it is bad input, not a server error.
  if (nul) throw new HTTPBadRequest({ msg: 'Body contains invalid data: strings may not contain NUL characters' });
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new HTTPBadRequest({ msg: 'Body contains invalid data' });
  return data as Record<string, unknown>;
}
