import { errorCode } from './driver-error.js';

/** Statements a connection keeps named at once; past them, new texts run unnamed, as before. */
export const MAX_NAMED_STATEMENTS = 256;
/** Texts counted at most per connection before any is named (an IN list of each length is a text of its own). */
const MAX_COUNTED_TEXTS = 4 * MAX_NAMED_STATEMENTS;
/** A text is named on its second execution on the connection: one run once is not kept on the server. */
const NAME_ON_EXECUTION = 2;
/** A schema change: what the connection prepared before it may no longer fit (a migration runs on one connection). */
const SCHEMA_CHANGE = /^\s*(alter|create|drop|truncate)\b/i;

/**
 * What the wrapper needs of node-postgres's client: its promise form of
 * `query`, and the transaction status of its last ReadyForQuery ('I' idle,
 * 'T' in a transaction block, 'E' in a failed one).
 */
export interface QueryingClient {
  query(...args: unknown[]): unknown;
  getTransactionStatus?(): string | null;
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
 * ran itself, is prepared again under a new name. A stale plan met outside
 * a transaction block is deallocated, prepared again and run at once;
 * inside one, the transaction has failed, so the error goes to the
 * TransactionRunner, which runs the whole transaction again, and the old
 * statement is deallocated at the connection's next query outside a
 * transaction. A schema change the connection runs deallocates everything
 * it prepared first: prepared statements are not transactional, so none
 * outlives the forgetting of its name.
 */
export function namePreparedStatements(client: QueryingClient): void {
  const query = client.query.bind(client);
  /** By text: how many times it ran unnamed so far, or its name. */
  const texts = new Map<string, number | string>();
  let live = 0;
  let next = 0;
  /** Statements forgotten but not yet deallocated (inside a transaction block, which refuses every command once failed). */
  const stale: string[] = [];
  // The connection runs queries in the order asked, so nothing need wait for these.
  const deallocate = (statement: string): void => void Promise.resolve(query(statement)).catch(() => undefined);
  const forget = (text: string): void => {
    if (typeof texts.get(text) === 'string') live--;
    texts.set(text, NAME_ON_EXECUTION - 1);
  };
  const run = (text: string, values: unknown[], again: boolean): unknown => {
    const seen = texts.get(text);
    let name = typeof seen === 'string' ? seen : undefined;
    if (name === undefined) {
      if (seen === undefined && texts.size >= MAX_COUNTED_TEXTS) return query(text, values);
      const runs = (typeof seen === 'number' ? seen : 0) + 1;
      if (runs < NAME_ON_EXECUTION || live >= MAX_NAMED_STATEMENTS) {
        texts.set(text, runs);
        return query(text, values);
      }
      name = `net_server_${next++}`;
      texts.set(text, name);
      live++;
    }
    // The connection runs one query at a time: its status now is the one this query starts in.
    const autocommit = client.getTransactionStatus?.() === 'I';
    const result = query({ name, text, values });
    if (!(result instanceof Promise)) return result;
    return result.catch(async (error: unknown) => {
      if (!isStalePreparedStatement(error)) throw error;
      forget(text);
      if (!(again && autocommit)) {
        stale.push(name);
        throw error;
      }
      await Promise.resolve(query(`deallocate "${name}"`)).catch(() => undefined);
      return run(text, values, false);
    });
  };
  client.query = (...args: unknown[]): unknown => {
    const [text, values] = args;
    const status = client.getTransactionStatus?.();
    // In a failed transaction block the schema change fails too, and changes nothing.
    if (typeof text === 'string' && SCHEMA_CHANGE.test(text) && status !== 'E') {
      if (live > 0 || stale.length > 0) deallocate('deallocate all');
      texts.clear();
      stale.length = 0;
      live = 0;
    } else if (stale.length > 0 && status === 'I') {
      for (const name of stale.splice(0)) deallocate(`deallocate "${name}"`);
    }
    if (args.length !== 2 || typeof text !== 'string' || !Array.isArray(values) || values.length === 0) return query(...args);
    return run(text, values, true);
  };
}
