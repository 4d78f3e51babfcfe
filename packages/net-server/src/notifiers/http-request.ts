import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { ConnectionFailure } from './errors.js';

/** TLS settings of keystoneauth's session options ([nova] cafile, certfile, keyfile, insecure), files already read. */
export interface TlsSettings {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  /** `insecure`: do not verify the server's certificate. */
  insecure: boolean;
}

export interface HttpReply {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

export interface HttpCall {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  tls: TlsSettings;
}

/**
 * One HTTP request with node:http(s) rather than fetch: node's fetch takes
 * no CA file or client certificate without undici's own Agent, and these
 * are keystoneauth session options neutron.conf users set. Anything that
 * keeps the request from getting a complete answer (refused, reset, DNS,
 * TLS, timeout) is a ConnectionFailure, which the caller may retry as
 * keystoneauth's connect_retries do; an HTTP status, whatever it is, is an
 * answer.
 */
export function sendHttp(call: HttpCall): Promise<HttpReply> {
  const url = new URL(call.url);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const headers: Record<string, string> = { ...call.headers };
  if (call.body !== undefined) headers['content-length'] = String(Buffer.byteLength(call.body));
  return new Promise<HttpReply>((resolve, reject) => {
    const request = send(
      url,
      {
        method: call.method,
        headers,
        // One connection per request: events go out every few seconds at most, and a pooled socket the peer closed meanwhile would fail the next one.
        agent: false,
        ...(url.protocol === 'https:'
          ? {
              rejectUnauthorized: !call.tls.insecure,
              ...(call.tls.ca ? { ca: call.tls.ca } : {}),
              ...(call.tls.cert ? { cert: call.tls.cert } : {}),
              ...(call.tls.key ? { key: call.tls.key } : {}),
            }
          : {}),
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          clearTimeout(timer);
          resolve({ status: response.statusCode ?? 0, headers: response.headers, text: Buffer.concat(chunks).toString('utf8') });
        });
        response.on('error', fail);
      },
    );
    function fail(error: Error): void {
      clearTimeout(timer);
      reject(new ConnectionFailure(call.url, error.message, { cause: error }));
    }
    // The whole exchange, not only the connect or an idle socket: a peer that accepts and answers a byte a minute is as good as down.
    const timer = setTimeout(() => request.destroy(new Error(`no complete answer within ${call.timeoutMs / 1000} s`)), call.timeoutMs);
    request.on('error', fail);
    request.end(call.body);
  });
}
