/**
 * neutron_lib.exceptions for net-server: every error carries neutron's class
 * name as its `type` (and stable `code`), the HTTP status the API answers it
 * with, and the named fields its message template was filled from, so the
 * API can answer `{"NeutronError": {type, message, detail}}` exactly as
 * neutron does and the RPC layer can carry it as class name + kwargs.
 */
import { pythonString } from '../python-format.js';

export type ErrorFields = Readonly<Record<string, unknown>>;

/** The body of neutron's error responses (under the "NeutronError" key). */
export interface NeutronErrorBody {
  type: string;
  message: string;
  detail: string;
}

/** What travels over RPC: the class name and the fields to rebuild it with. */
export interface RemoteNeutronError {
  name: string;
  fields: Record<string, unknown>;
}

// Properties of Error instances that a field must not overwrite.
const reserved = new Set(['name', 'message', 'stack', 'cause', 'fields', 'type', 'code', 'httpStatus']);

const byType = new Map<string, AnyNeutronExceptionClass>();

export class NeutronException extends Error {
  static readonly type: string = 'NeutronException';
  /** neutron's `message` template: `%(field)s` placeholders. */
  static readonly template: string = 'An unknown exception occurred.';
  static readonly httpStatus: number = 500;
  /** Field values used when the raiser leaves them out (e.g. a default `reason`). */
  static readonly defaults: ErrorFields = {};

  declare readonly fields: ErrorFields;

  constructor(fields: ErrorFields = {}, options?: { cause?: unknown }) {
    const cls = new.target as NeutronExceptionClass;
    const all = { ...cls.defaults, ...fields };
    super(formatTemplate(cls.template, all), options);
    Object.defineProperty(this, 'fields', { value: all, enumerable: false });
    this.name = cls.type;
    // Fields are own properties so an RPC layer that sends an error's own
    // properties as kwargs sends exactly these.
    for (const [key, value] of Object.entries(all)) {
      if (!reserved.has(key)) Object.defineProperty(this, key, { value, enumerable: true });
    }
  }

  /** neutron's class name, used as NeutronError `type`. */
  get type(): string {
    return (this.constructor as NeutronExceptionClass).type;
  }

  /** Stable identifier of this error; the same as `type`. */
  get code(): string {
    return this.type;
  }

  get httpStatus(): number {
    return (this.constructor as NeutronExceptionClass).httpStatus;
  }

  toNeutronError(): NeutronErrorBody {
    return { type: this.type, message: this.message, detail: '' };
  }

  toRemote(): RemoteNeutronError {
    return { name: this.type, fields: { ...this.fields } };
  }

  /**
   * Rebuilds an error from an RPC failure (`class` + `kwargs`), as the rpc
   * package's allowed remote error classes are rebuilt.
   */
  static fromRemoteFailure(failure: { class: string; kwargs?: Record<string, unknown> }): NeutronException {
    return neutronExceptionFromRemote({ name: failure.class, fields: failure.kwargs ?? {} });
  }
}

interface NeutronExceptionStatics {
  readonly type: string;
  readonly template: string;
  readonly httpStatus: number;
  readonly defaults: ErrorFields;
  readonly prototype: NeutronException;
}

export type NeutronExceptionClass<F extends ErrorFields = ErrorFields> = (new (fields: F, options?: { cause?: unknown }) => NeutronException) &
  NeutronExceptionStatics;

/** Any exception class, whatever fields its constructor takes. */
export type AnyNeutronExceptionClass = (new (fields: never, options?: { cause?: unknown }) => NeutronException) & NeutronExceptionStatics;

/**
 * Declares a neutron exception class: `type` is neutron's class name,
 * `template` its message. The status is inherited from `parent` unless given.
 */
export function defineNeutronException<F extends ErrorFields>(
  parent: AnyNeutronExceptionClass,
  type: string,
  template: string,
  options: {
    httpStatus?: number;
    defaults?: Partial<F>;
    /** false for a second class sharing a type name, so remote errors rebuild as the first. */
    register?: boolean;
  } = {},
): NeutronExceptionClass<F> {
  const cls = class extends parent {};
  Object.defineProperty(cls, 'name', { value: type });
  Object.defineProperty(cls, 'type', { value: type });
  Object.defineProperty(cls, 'template', { value: template });
  if (options.httpStatus !== undefined) Object.defineProperty(cls, 'httpStatus', { value: options.httpStatus });
  Object.defineProperty(cls, 'defaults', { value: { ...parent.defaults, ...options.defaults } });
  if (options.register !== false) byType.set(type, cls);
  return cls as unknown as NeutronExceptionClass<F>;
}

/** The registered class for a neutron error type name, if any. */
export function neutronExceptionClass(type: string): AnyNeutronExceptionClass | undefined {
  return type === NeutronException.type ? NeutronException : byType.get(type);
}

/** Rebuilds a known error from its remote form; unknown names become a plain NeutronException (500). */
export function neutronExceptionFromRemote(remote: RemoteNeutronError): NeutronException {
  // Remote fields are whatever the peer sent; a missing one only leaves the
  // bare template, as in neutron.
  const cls = (neutronExceptionClass(remote.name) ?? NeutronException) as NeutronExceptionClass;
  return new cls(remote.fields);
}

// neutron fills `%(name)s` / `%(name)d` from the fields and, like neutron,
// falls back to the bare template when a field is missing.
function formatTemplate(template: string, fields: ErrorFields): string {
  let missing = false;
  const text = template.replace(/%\((\w+)\)[sdr]/g, (_match, key: string) => {
    if (!(key in fields)) {
      missing = true;
      return '';
    }
    return pythonString(fields[key]);
  });
  return missing ? template : text;
}
