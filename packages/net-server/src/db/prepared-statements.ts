import { errorCode } from './driver-error.js';

/** Statements a connection keeps named at once; past them, new texts run unnamed, as before. */
export const MAX_NAMED_STATEMENTS = 256;
/** Texts counted at most per connection before any is named (an IN list of each length is a text of its own). */
const MAX_COUNTED_TEXTS = 4 * MAX_NAMED_STATEMENTS;
/** A text is named on its second execution on the connection: one run once is not kept on the server. */
const NAME_ON_EXECUTION = 2;
/** A schema change: what the connection prepared before it may no longer fit (a migration runs on one connection). */
const SCHEMA_CHANGE = /^\s*(alter|create|drop|truncate)\b/i;

/** What the wrapper needs of node-postgres's client: its promise form of `query`. */
export interface QueryingClient {
  query(...args: unknown[]): unknown;
}

/**
 * Whether PostgreSQL refused a prepared statement whose result columns a
 * schema change altered since it was prepared (a `select *` after a
 * migration added a column): SQLSTATE 0A000, "cached plan must not change
 * result type". The statement is forgotten by then (see
 * namePreparedStatements), so running the operation again prepares it anew.
 */
export function isStalePreparedStatement(error: unknown): boolean {
  return errorCode(error) === '0A000' && error instanceof Error && error.message.includes('cached plan must not change result type');
}

/**
 * Makes a PostgreSQL connection name each statement text it runs again, so
 * that the server parses and plans it once per connection instead of on
 * every execution: a port create runs 15 statements, and PostgreSQL's parse
 * and plan were a large part of its time (tools/bench/api.mjs, 2 API
 * workers: about 255 port creates/s unnamed, 315 named). Only queries
 * with parameters are named (those node-postgres already sends with the
 * extended protocol); texts with none keep the simple protocol.
 *
 * Names are never reused on a connection (`net_server_<n>`), so a text
 * forgotten after a stale plan, or after a schema change the connection
 * ran itself, is prepared again under a new name.
 */
export function namePreparedStatements(client: QueryingClient): void {
  const query = client.query.bind(client);
  /** By text: how many times it ran unnamed so far, or its name. */
  const texts = new Map<string, number | string>();
  let live = 0;
  let next = 0;
  const forget = (text: string) => () => {
    if (typeof texts.get(text) === 'string') live--;
    texts.set(text, NAME_ON_EXECUTION - 1);
  };
  client.query = (...args: unknown[]): unknown => {
    const [text, values] = args;
    if (typeof text === 'string' && SCHEMA_CHANGE.test(text)) {
      texts.clear();
      live = 0;
    }
    if (args.length !== 2 || typeof text !== 'string' || !Array.isArray(values) || values.length === 0) return query(...args);
    const seen = texts.get(text);
    if (typeof seen === 'string') return forgetIfStale(query({ name: seen, text, values }), forget(text));
    if (seen === undefined && texts.size >= MAX_COUNTED_TEXTS) return query(text, values);
    const runs = (seen ?? 0) + 1;
    if (runs < NAME_ON_EXECUTION || live >= MAX_NAMED_STATEMENTS) {
      texts.set(text, runs);
      return query(text, values);
    }
    const name = `net_server_${next++}`;
    texts.set(text, name);
    live++;
    return forgetIfStale(query({ name, text, values }), forget(text));
  };
}

/** Passes the query's outcome on; a stale plan's error first runs `forget`. */
function forgetIfStale(result: unknown, forget: () => void): unknown {
  if (!(result instanceof Promise)) return result;
  return result.catch((error: unknown) => {
    if (isStalePreparedStatement(error)) forget();
    throw error;
  });
}
