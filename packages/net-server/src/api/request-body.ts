import type { IncomingMessage } from 'node:http';
import { HTTPBadRequest, MalformedRequestBody } from '@net-server/lib';
import { HTTPRequestEntityTooLarge, HTTPUnsupportedMediaType } from './http-errors.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a resource's JSON request body: refuses a declared or actual size
 * over `limit` (413) without reading the rest, text that is not a JSON
 * object, not UTF-8 or holds a NUL or a lone surrogate (400, "Body contains
 * invalid data" as neutron), and a content type other than JSON (415)
 * unless the request carries X-Auth-Token: `curl -d` sends form-encoded
 * JSON, which neutron takes, but a web page can post a form cross-site to a
 * server in noauth mode, and it cannot add that header without a CORS
 * preflight. An empty body gives undefined.
 */
export async function readJsonBody(request: IncomingMessage, limit: number): Promise<Record<string, unknown> | undefined> {
  const invalid = (): Error => new HTTPBadRequest({ msg: 'Body contains invalid data' });
  const data = parseJson(await readText(request, limit), invalid);
  if (data !== undefined && (typeof data !== 'object' || data === null || Array.isArray(data))) throw invalid();
  return data as Record<string, unknown> | undefined;
}

/**
 * Reads the body of a request to a sub-resource its plugin controls, with
 * the limits of readJsonBody, as neutron's extension resources read theirs:
 * any JSON value, which their controller checks or ignores (tempest adds a
 * tag with the body `"{}"`), and MalformedRequestBody for text that is not JSON.
 */
export async function readJsonValue(request: IncomingMessage, limit: number): Promise<unknown> {
  return parseJson(await readText(request, limit), () => new MalformedRequestBody({ reason: 'Cannot understand JSON' }));
}

/** The body's text; undefined when empty. */
async function readText(request: IncomingMessage, limit: number): Promise<string | undefined> {
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
  try {
    return utf8.decode(Buffer.concat(chunks));
  } catch {
    throw new HTTPBadRequest({ msg: 'Body contains invalid data: it is not UTF-8' });
  }
}

/** The JSON value of the text (undefined for none); `malformed` is the error for text that is not JSON. */
function parseJson(text: string | undefined, malformed: () => Error): unknown {
  if (text === undefined) return undefined;
  let data: unknown;
  let problem: string | undefined;
  try {
    data = JSON.parse(text, (key, value: unknown) => {
      problem ??= badText(key) ?? (typeof value === 'string' ? badText(value) : undefined);
      return value;
    });
  } catch {
    throw malformed();
  }
  if (problem) throw new HTTPBadRequest({ msg: `Body contains invalid data: ${problem}` });
  return data;
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
