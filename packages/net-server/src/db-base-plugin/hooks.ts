import type { Expression } from 'kysely';
import type { ResourceDict } from '@net-server/lib';
import { ResourceHookChain, type ResourceHooks } from '../resource-kit/resource-hooks.js';
import type { Session } from './session.js';

/** The core resources, by neutron's member name. */
export type CoreResourceName = 'network' | 'subnet' | 'subnetpool' | 'port';

/**
 * The core resources' hooks (ResourceHooks from the resource kit), one
 * chain per resource: what ML2's managers, extension drivers and service
 * plugins add to networks, subnets, subnet pools and ports.
 */
export class HookRegistry {
  readonly #chains = new Map<CoreResourceName, ResourceHookChain>();

  /** The resource's chain, which its ResourceEngine runs. */
  chain(resource: CoreResourceName): ResourceHookChain {
    let chain = this.#chains.get(resource);
    if (chain === undefined) {
      chain = new ResourceHookChain();
      this.#chains.set(resource, chain);
    }
    return chain;
  }

  add(resource: CoreResourceName, hooks: ResourceHooks): () => void {
    return this.chain(resource).add(hooks);
  }

  of(resource: CoreResourceName): readonly ResourceHooks[] {
    return this.chain(resource).all;
  }

  /** The ids the resource's hooks make visible to the session's caller besides their own and shared rows. */
  alsoVisible(resource: CoreResourceName, session: Session): Expression<string>[] {
    return this.chain(resource).alsoVisible(session);
  }

  extend(resource: CoreResourceName, session: Session, dicts: ResourceDict[]): Promise<void> {
    return this.chain(resource).extend(session, dicts);
  }
}
