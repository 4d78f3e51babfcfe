import { randomUUID } from 'node:crypto';

/**
 * The identity and request facts a plugin method acts on behalf of, as
 * neutron_lib.context.Context. Every plugin method takes one first, so that
 * plugins can scope queries to the caller's project and log the request id.
 */
export interface ContextOptions {
  userId?: string;
  /** `tenantId` is accepted as the legacy name of `projectId`. */
  projectId?: string;
  tenantId?: string;
  userName?: string;
  projectName?: string;
  roles?: readonly string[];
  isAdmin?: boolean;
  /** Advanced-service user (neutron's `is_advsvc`); defaults to `isAdmin`. */
  isAdvsvc?: boolean;
  requestId?: string;
  globalRequestId?: string;
  authToken?: string;
  timestamp?: Date;
}

/** The wire form of a context in RPC messages, with neutron's keys. */
export type ContextDict = Record<string, unknown>;

export class Context {
  readonly userId: string | undefined;
  readonly projectId: string | undefined;
  readonly userName: string | undefined;
  readonly projectName: string | undefined;
  readonly roles: readonly string[];
  readonly isAdmin: boolean;
  readonly isAdvsvc: boolean;
  readonly requestId: string;
  readonly globalRequestId: string | undefined;
  readonly authToken: string | undefined;
  readonly timestamp: Date;

  constructor(options: ContextOptions = {}) {
    this.userId = options.userId;
    this.projectId = options.projectId ?? options.tenantId;
    this.userName = options.userName;
    this.projectName = options.projectName;
    this.roles = [...(options.roles ?? [])];
    this.isAdmin = options.isAdmin ?? this.roles.some((role) => role.toLowerCase() === 'admin');
    this.isAdvsvc = options.isAdvsvc ?? this.isAdmin;
    this.requestId = options.requestId ?? `req-${randomUUID()}`;
    this.globalRequestId = options.globalRequestId;
    this.authToken = options.authToken;
    this.timestamp = options.timestamp ?? new Date();
  }

  /** Legacy name of `projectId`, still used in neutron's API and DB. */
  get tenantId(): string | undefined {
    return this.projectId;
  }

  /**
   * Whether queries show this caller the rows of every project, not only
   * its own and shared ones: admins and advanced services (the `advsvc`
   * role), as neutron_lib's model_query_scope_is_project is false for them.
   */
  get seesAllProjects(): boolean {
    return this.isAdmin || this.isAdvsvc;
  }

  /** A copy with admin rights, for plugin work that must see every project. */
  elevated(): Context {
    const roles = this.roles.some((role) => role.toLowerCase() === 'admin') ? this.roles : [...this.roles, 'admin'];
    return new Context({ ...this.options(), roles, isAdmin: true });
  }

  toDict(): ContextDict {
    return {
      user_id: this.userId ?? null,
      user: this.userId ?? null,
      project_id: this.projectId ?? null,
      tenant_id: this.projectId ?? null,
      tenant: this.projectId ?? null,
      project_name: this.projectName ?? null,
      tenant_name: this.projectName ?? null,
      user_name: this.userName ?? null,
      roles: [...this.roles],
      is_admin: this.isAdmin,
      is_advsvc: this.isAdvsvc,
      request_id: this.requestId,
      global_request_id: this.globalRequestId ?? null,
      auth_token: this.authToken ?? null,
      timestamp: pythonTimestamp(this.timestamp),
    };
  }

  /** Reads a context dict as neutron and its agents send it over RPC. */
  static fromDict(values: ContextDict): Context {
    const text = (...keys: string[]): string | undefined => {
      for (const key of keys) {
        const value = values[key];
        if (typeof value === 'string') return value;
      }
      return undefined;
    };
    const roles = Array.isArray(values['roles']) ? values['roles'].filter((r): r is string => typeof r === 'string') : [];
    const stamp = text('timestamp');
    const parsed = stamp === undefined ? undefined : new Date(stamp.includes('T') ? stamp : `${stamp.replace(' ', 'T')}Z`);
    return new Context({
      userId: text('user_id', 'user'),
      projectId: text('project_id', 'tenant_id', 'tenant'),
      userName: text('user_name'),
      projectName: text('project_name', 'tenant_name'),
      roles,
      ...(typeof values['is_admin'] === 'boolean' ? { isAdmin: values['is_admin'] } : {}),
      ...(typeof values['is_advsvc'] === 'boolean' ? { isAdvsvc: values['is_advsvc'] } : {}),
      requestId: text('request_id'),
      globalRequestId: text('global_request_id'),
      authToken: text('auth_token'),
      timestamp: parsed !== undefined && !Number.isNaN(parsed.getTime()) ? parsed : undefined,
    });
  }

  private options(): ContextOptions {
    return {
      userId: this.userId,
      projectId: this.projectId,
      userName: this.userName,
      projectName: this.projectName,
      roles: this.roles,
      isAdmin: this.isAdmin,
      isAdvsvc: this.isAdvsvc,
      requestId: this.requestId,
      globalRequestId: this.globalRequestId,
      authToken: this.authToken,
      timestamp: this.timestamp,
    };
  }
}

/** An admin context with no user, for the server's own work (neutron's get_admin_context). */
export function getAdminContext(): Context {
  return new Context({ isAdmin: true, roles: ['admin'] });
}

// Python's str(datetime) form, which neutron agents parse back.
function pythonTimestamp(date: Date): string {
  const iso = date.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}000`;
}
