import { AsyncLocalStorage } from 'node:async_hooks';
import type { Session } from './session.js';

/**
 * A check the next write transaction must pass before its work, inside it
 * (neutron's context.set_transaction_constraint, which the API sets from
 * `If-Match: revision_number=N`): the resource is read again in that
 * transaction, which runs at an isolation where a concurrent change of what
 * it read makes it lose the race and start over, check included.
 */
export interface TransactionConstraint {
  verify(session: Session): Promise<void>;
}

type Holder = { constraint: TransactionConstraint | undefined };

/*
 * One store per process, wherever this module is loaded from: the API and
 * the core plugin's TransactionRunner may come from two copies of
 * net-server (an application's and a plugin's dependency, or source and
 * build in tests), and the constraint must reach the runner either way.
 */
const STORE = Symbol.for('net-server.transaction-constraint');
const registry = globalThis as { [STORE]?: AsyncLocalStorage<Holder> };
const pending = (registry[STORE] ??= new AsyncLocalStorage<Holder>());

/** Runs `fn` with `constraint` waiting for the first outermost write transaction it starts. */
export function withTransactionConstraint<T>(constraint: TransactionConstraint, fn: () => Promise<T>): Promise<T> {
  return pending.run({ constraint }, fn);
}

/** The constraint waiting in this call chain, once: a later transaction of the same request is not constrained. */
export function takeTransactionConstraint(): TransactionConstraint | undefined {
  const holder = pending.getStore();
  const constraint = holder?.constraint;
  if (holder) holder.constraint = undefined;
  return constraint;
}
