import type { IncomingMessage } from './driver.js';
import { MessagingServerError, NoSuchMethod, UnsupportedVersion } from './errors.js';
import type { Serializer } from './serializer.js';
import { Target, type TargetFields } from './target.js';
import { versionIsCompatible } from './version.js';

/**
 * What an endpoint may declare besides its methods. Endpoints are plain
 * objects or class instances; each public method is called as
 * `method(context, args)` with `args` the keyword arguments object.
 */
export interface EndpointDeclarations {
  /** The namespace and version its methods implement; default: no namespace, 1.0. */
  target?: Target | TargetFields;
  /**
   * Error classes this endpoint's methods raise as part of their API (oslo's
   * `expected_exceptions`): they are logged quietly and sent without a
   * traceback.
   */
  expectedErrors?: ReadonlyArray<abstract new (...args: never[]) => Error>;
}

/** Decides which endpoint methods RPC may call (oslo's RPCAccessPolicy). */
export interface AccessPolicy {
  isAllowed(endpoint: object, method: string): boolean;
}

/** oslo's DefaultRPCAccessPolicy: methods whose names start with `_` are private. */
export const defaultAccessPolicy: AccessPolicy = {
  isAllowed: (_endpoint, method) => !method.startsWith('_'),
};

export type DispatchOutcome = { ok: true; result: unknown } | { ok: false; error: unknown; expected: boolean };

// Names that are an endpoint's declarations, not callable methods.
const reserved = new Set(['target', 'expectedErrors', 'constructor']);

interface BoundEndpoint {
  endpoint: object;
  target: Target;
  expectedErrors: ReadonlyArray<abstract new (...args: never[]) => Error>;
}

function bind(endpoint: object, index: number): BoundEndpoint {
  if (endpoint === null || typeof endpoint !== 'object') {
    throw new MessagingServerError(`RPC endpoint #${index} must be an object, got ${endpoint === null ? 'null' : typeof endpoint}`);
  }
  const declared = endpoint as EndpointDeclarations;
  const raw: unknown = declared.target;
  if (raw !== undefined && (raw === null || typeof raw !== 'object')) {
    throw new MessagingServerError(
      `RPC endpoint #${index}: 'target' is reserved for the endpoint's namespace and version and must be a Target; ` + `do not name a method 'target'`,
    );
  }
  const target = raw === undefined ? new Target() : raw instanceof Target ? raw : new Target(raw as TargetFields);
  const expected = declared.expectedErrors ?? [];
  if (!Array.isArray(expected) || expected.some((cls) => typeof cls !== 'function')) {
    throw new MessagingServerError(`RPC endpoint #${index}: 'expectedErrors' must be an array of error classes`);
  }
  return { endpoint, target, expectedErrors: expected };
}

function lookup(endpoint: object, method: string): ((...args: unknown[]) => unknown) | undefined {
  if (reserved.has(method) || method in Object.prototype) return undefined;
  const found: unknown = (endpoint as Record<string, unknown>)[method];
  return typeof found === 'function' ? (found as (...args: unknown[]) => unknown) : undefined;
}

/**
 * Routes a request to the first endpoint whose namespace matches and whose
 * version is compatible (same major, minor not above), as oslo's
 * RPCDispatcher: NoSuchMethod when compatible endpoints lack the method (or
 * the policy refuses it), UnsupportedVersion when none is compatible.
 */
export class RpcDispatcher {
  private readonly endpoints: readonly BoundEndpoint[];

  constructor(
    endpoints: readonly object[],
    private readonly serializer: Serializer,
    private readonly accessPolicy: AccessPolicy = defaultAccessPolicy,
  ) {
    this.endpoints = endpoints.map(bind);
  }

  async dispatch(incoming: IncomingMessage): Promise<DispatchOutcome> {
    const { method } = incoming.message;
    const namespace = incoming.message.namespace ?? undefined;
    const version = incoming.message.version ?? '1.0';
    let foundCompatible = false;
    for (const bound of this.endpoints) {
      if (bound.target.namespace !== namespace || !versionIsCompatible(bound.target.version ?? '1.0', version)) continue;
      foundCompatible = true;
      const fn = lookup(bound.endpoint, method);
      if (!fn || !this.accessPolicy.isAllowed(bound.endpoint, method)) continue;
      return this.invoke(bound, fn, incoming);
    }
    const error = foundCompatible ? new NoSuchMethod(method) : new UnsupportedVersion(version, method);
    return { ok: false, error, expected: false };
  }

  private async invoke(bound: BoundEndpoint, fn: (...args: unknown[]) => unknown, incoming: IncomingMessage): Promise<DispatchOutcome> {
    try {
      const context = this.serializer.deserializeContext(incoming.context);
      const raw: unknown = incoming.message.args ?? {};
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
        throw new MessagingServerError(`RPC method ${incoming.message.method}: args must be an object of keyword arguments`);
      }
      const wire = raw as Record<string, unknown>;
      const args: Record<string, unknown> = {};
      for (const name of Object.keys(wire)) args[name] = this.serializer.deserializeEntity(context, wire[name]);
      const result = await fn.call(bound.endpoint, context, args);
      return { ok: true, result: this.serializer.serializeEntity(context, result) };
    } catch (error) {
      const expected = bound.expectedErrors.some((cls) => error instanceof cls);
      return { ok: false, error, expected };
    }
  }
}
