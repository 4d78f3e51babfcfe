/** One answer of the API, with the server that gave it. */
export interface Answer {
  status: number;
  body: Record<string, unknown>;
  server: string;
}

/** What a client saw besides answers it wanted: for the test's assertions and report. */
export interface ClientLog {
  /** Answers that were retried (409, 503) or that ended a request (any other error status), as "status server: body". */
  errors: string[];
  /** Requests retried on another server after the connection failed (refused, reset), by the server that failed. */
  switched: Map<string, number>;
  /** Requests whose connection broke after they were sent: the server may have done them. */
  ambiguous: number;
}

const RETRIED_STATUSES = new Set([409, 503]);
const MAX_ATTEMPTS = 6;

/**
 * A Neutron API client in front of several servers, as a load balancer
 * would be: each request goes to the next server in turn; a connection that
 * cannot be made or breaks sends the request to the next server (one that
 * refuses connections is skipped from then on, as a health check would take
 * it out); a 409 or 503 is retried, as neutron's clients retry a conflict
 * that lost a race. Headers are noauth's.
 */
export class RoundRobinClient {
  #next = 0;
  readonly down = new Set<string>();
  readonly log: ClientLog = { errors: [], switched: new Map(), ambiguous: 0 };

  constructor(
    private readonly urls: readonly string[],
    private readonly projectId = 'multi-server-project',
  ) {}

  /** The next live server, in turn. */
  #pick(): string {
    for (let tries = 0; tries < this.urls.length; tries++) {
      const url = this.urls[this.#next++ % this.urls.length]!;
      if (!this.down.has(url)) return url;
    }
    throw new Error(`every server is down: ${this.urls.join(', ')}`);
  }

  async request(method: string, path: string, body?: unknown, via?: string): Promise<Answer> {
    for (let attempt = 1; ; attempt++) {
      const server = via ?? this.#pick();
      let response: Response;
      try {
        response = await fetch(`${server}/v2.0${path}`, {
          method,
          headers: { 'content-type': 'application/json', accept: 'application/json', 'x-project-id': this.projectId, 'x-roles': 'admin,member,reader' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          signal: AbortSignal.timeout(30_000),
        });
        const text = await response.text();
        const answer = { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, server };
        if (response.ok) return answer;
        this.log.errors.push(`${response.status} ${method} ${path} at ${server}: ${text.slice(0, 500)}`);
        if (!RETRIED_STATUSES.has(response.status) || attempt >= MAX_ATTEMPTS) return answer;
      } catch (error) {
        if (via !== undefined || attempt >= MAX_ATTEMPTS) throw error;
        // A refused connection did nothing, and nothing listens there any more; one that broke after the
        // request went out may have been done (a kept-alive socket the server was closing breaks so too).
        if (refused(error)) this.down.add(server);
        else this.log.ambiguous += 1;
        this.log.switched.set(server, (this.log.switched.get(server) ?? 0) + 1);
      }
    }
  }

  /** POST, answering the created resource; anything but 201 throws with the answer. */
  async create(collection: string, key: string, body: Record<string, unknown>, via?: string): Promise<Record<string, unknown> & { id: string }> {
    const answer = await this.request('POST', `/${collection}`, { [key]: body }, via);
    if (answer.status !== 201) throw new Error(`POST /${collection} at ${answer.server} -> ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body[key] as Record<string, unknown> & { id: string };
  }

  /** GET of a collection or a resource; anything but 200 throws with the answer. */
  async get(path: string, via?: string): Promise<Record<string, unknown>> {
    const answer = await this.request('GET', path, undefined, via);
    if (answer.status !== 200) throw new Error(`GET ${path} at ${answer.server} -> ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body;
  }
}

/** Whether fetch failed because nothing listened (the request never left). */
function refused(error: unknown): boolean {
  const cause = (error as { cause?: { code?: unknown } }).cause;
  return cause?.code === 'ECONNREFUSED';
}
