import type { IncomingMessage } from 'node:http';
import { HTTPBadRequest } from '@net-server/lib';
import { HTTPRequestEntityTooLarge, HTTPUnsupportedMediaType } from './http-errors.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a JSON request body: refuses a declared or actual size over `limit`
 * (413) without reading the rest, text that is not a JSON object, not UTF-8
 * or holds a NUL or a lone surrogate (400, "Body contains invalid data" as
 * neutron), and a content type other than JSON (415) unless the request
 * carries X-Auth-Token: `curl -d` sends form-encoded JSON, which neutron
 * takes, but a web page can post a form cross-site to a server in noauth
 * mode, and it cannot add that header without a CORS preflight. An empty
 * body gives undefined.
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
  const json = contentType === '' || contentType === 'application/json' || contentType.endsWith('+json');
  if (!json && request.headers['x-auth-token'] === undefined) throw new HTTPUnsupportedMediaType({ content_type: contentType });
  let text: string;
  try {
    text = utf8.decode(Buffer.concat(chunks));
  } catch {
    throw new HTTPBadRequest({ msg: 'Body contains invalid data: it is not UTF-8' });
  }
  let data: unknown;
  let problem: string | undefined;
  try {
    data = JSON.parse(text, (key, value: unknown) => {
      problem ??= badText(key) ?? (typeof value === 'string' ? badText(value) : undefined);
      return value;
    });
  } catch {
    throw new HTTPBadRequest({ msg: 'Body contains invalid data' });
  }
  if (problem) throw new HTTPBadRequest({ msg: `Body contains invalid data: ${problem}` });
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new HTTPBadRequest({ msg: 'Body contains invalid data' });
  return data as Record<string, unknown>;
}

/**
 * Text no database stores as given: PostgreSQL refuses NUL, and a lone
 * surrogate (`"\ud800"` in JSON) is no Unicode; stored, it would come back as U+FFFD.
 */
function badText(text: string): string | undefined {
  if (text.includes('\0')) return 'strings may not contain NUL characters';
  if (LONE_SURROGATE.test(text)) return 'strings may not contain lone surrogates (\\ud800-\\udfff)';
  return undefined;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
