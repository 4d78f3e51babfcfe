import type { RemoteFailure } from './driver.js';
import { RemoteError } from './errors.js';

/**
 * An error class the client may rebuild from a remote failure (oslo's
 * `allowed_remote_exmods`, per class instead of per module). The class is
 * matched by `remoteClass` (static) or its name, and by `remoteModule`
 * (static) when it declares one. A static `fromRemoteFailure` builds the
 * instance; otherwise the instance gets the failure's message and fields
 * without running the constructor, whose signature the wire cannot know.
 */
export interface RemoteErrorClass {
  readonly prototype: Error;
  readonly name: string;
  readonly remoteClass?: string;
  readonly remoteModule?: string;
  fromRemoteFailure?(failure: RemoteFailure): Error;
}

/** The module of errors that name none; a Python peer answers them with RemoteError. */
export const DEFAULT_REMOTE_MODULE = 'net_server';

// JavaScript's own error classes map to Python's builtins where the names
// agree, so a Python peer may rebuild them as oslo does for builtins.
const builtinErrors = new Set(['Error', 'TypeError', 'RangeError', 'SyntaxError', 'ReferenceError', 'EvalError', 'URIError']);

// Fields of an Error that are not the error's own data.
const notKwargs = new Set(['name', 'message', 'stack', 'cause', 'remoteClass', 'remoteModule']);

function stringProperty(value: unknown, key: string): string | undefined {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return undefined;
  const found = (value as Record<string, unknown>)[key];
  return typeof found === 'string' ? found : undefined;
}

function remoteNames(error: Error): { class: string; module: string } {
  const ctor: unknown = error.constructor;
  // A subclass that does not set `name` still reports 'Error'; its constructor knows better.
  const ctorName = stringProperty(ctor, 'name');
  const named = error.name === 'Error' && ctorName !== undefined && ctorName !== '' ? ctorName : error.name;
  const cls = stringProperty(error, 'remoteClass') ?? stringProperty(ctor, 'remoteClass') ?? named;
  const module =
    stringProperty(error, 'remoteModule') ??
    stringProperty(ctor, 'remoteModule') ??
    (builtinErrors.has(cls) && ctor === globalThis[cls as keyof typeof globalThis] ? 'builtins' : DEFAULT_REMOTE_MODULE);
  return { class: cls, module };
}

function jsonSafe(value: unknown): unknown {
  try {
    return JSON.parse(JSON.stringify(value) ?? 'null') as unknown;
  } catch {
    return String(value);
  }
}

/**
 * Describe an error thrown by an endpoint for the wire. `expected` errors
 * (the endpoint declared them) travel without a traceback, as oslo's
 * ExpectedException.
 */
export function toRemoteFailure(thrown: unknown, expected: boolean): RemoteFailure {
  const error = thrown instanceof Error ? thrown : new Error(String(thrown));
  const kwargs: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(error)) {
    if (!notKwargs.has(key)) kwargs[key] = jsonSafe(value);
  }
  const names = remoteNames(error);
  const tb = expected || error.stack === undefined ? [] : error.stack.split('\n').map((line) => `${line}\n`);
  return { class: names.class, module: names.module, message: error.message, tb, args: [error.message], kwargs };
}

function matches(cls: RemoteErrorClass, failure: RemoteFailure): boolean {
  const name = typeof cls.remoteClass === 'string' ? cls.remoteClass : cls.name;
  if (name !== failure.class) return false;
  return typeof cls.remoteModule !== 'string' || cls.remoteModule === failure.module;
}

/**
 * The error a client raises for a failure reply: an instance of an allowed
 * class when one matches, else a RemoteError carrying class, module,
 * message, traceback and fields.
 */
export function fromRemoteFailure(failure: RemoteFailure, allowed: readonly RemoteErrorClass[]): Error {
  const cls = allowed.find((candidate) => matches(candidate, failure));
  if (!cls) return new RemoteError(failure.class, failure.module, failure.message, failure.tb, failure.kwargs);
  if (cls.fromRemoteFailure) return cls.fromRemoteFailure(failure);
  const error = Object.create(cls.prototype) as Error;
  Object.assign(error, failure.kwargs);
  Object.defineProperty(error, 'message', { value: failure.message, writable: true, configurable: true });
  if (error.name !== failure.class) Object.defineProperty(error, 'name', { value: failure.class, writable: true, configurable: true });
  const remoteTrace = failure.tb.join('');
  Object.defineProperty(error, 'stack', {
    value: `${failure.class}: ${failure.message}` + (remoteTrace === '' ? '' : `\nRemote traceback:\n${remoteTrace}`),
    writable: true,
    configurable: true,
  });
  return error;
}
