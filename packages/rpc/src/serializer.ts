import type { RequestContext } from './driver.js';

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
      throw new TypeError('An RPC context must be a plain object (or use a Serializer that turns it into one)');
    }
    return { ...(context as RequestContext) };
  }

  deserializeContext(context: RequestContext): unknown {
    return context;
  }
}
