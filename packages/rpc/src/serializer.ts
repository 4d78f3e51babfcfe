import type { RequestContext } from './driver.js';
import { InvalidContext } from './errors.js';

/**
 * Converts arguments, results and the context between application objects
 * and the JSON that crosses the wire, as oslo.messaging's Serializer. The
 * client serialises what it sends and deserialises the result; the server
 * does the reverse.
 */
export interface Serializer {
  serializeEntity(context: unknown, entity: unknown): unknown;
  deserializeEntity(context: unknown, entity: unknown): unknown;
  serializeContext(context: unknown): RequestContext;
  deserializeContext(context: RequestContext): unknown;
}

/** Passes everything through; the context must already be a plain object. */
export class NoOpSerializer implements Serializer {
  serializeEntity(_context: unknown, entity: unknown): unknown {
    return entity;
  }

  deserializeEntity(_context: unknown, entity: unknown): unknown {
    return entity;
  }

  serializeContext(context: unknown): RequestContext {
    if (context === null || context === undefined) return {};
    if (typeof context !== 'object' || Array.isArray(context)) {
      throw new InvalidContext('An RPC context must be a plain object; pass one, or give the client a Serializer that turns yours into one');
    }
    return { ...(context as RequestContext) };
  }

  deserializeContext(context: RequestContext): unknown {
    return context;
  }
}
