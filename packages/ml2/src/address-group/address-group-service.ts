import type { Context, ResourceDict, ResourceRequest } from '@net-server/lib';
import { rbacSharing, ResourceStore, type Session, type Transactions } from 'net-server';
import { AddressesAlreadyExist, AddressesNotFound } from './address-group-errors.js';
import { ADDRESS_GROUP_RBAC_TABLE } from './address-group-rbac.js';
import type { AddressGroupRow } from './address-group-schema.js';
import { addressesOf, addressGroups, addressHooks, deleteAddresses, insertAddresses } from './address-groups.js';
import { normalisedAddresses } from './address-list.js';

/**
 * The address-group API resource (neutron's AddressGroupDbMixin, which its
 * core plugin inherits): the resource kit's store of address groups, and
 * the member actions add_addresses and remove_addresses, each in one
 * transaction of the core plugin's that gives the group its next revision.
 */
export class AddressGroupService {
  readonly store: ResourceStore<AddressGroupRow>;
  readonly #transactions: Transactions;

  constructor(transactions: Transactions) {
    this.#transactions = transactions;
    this.store = new ResourceStore(transactions, addressGroups);
    // A project also sees the groups shared with it; `shared` (not shown) feeds the shared_address_groups policy rule.
    this.store.hooks.add(rbacSharing(ADDRESS_GROUP_RBAC_TABLE));
    this.store.hooks.add(addressHooks);
  }

  /** PUT /v2.0/address-groups/{id}/add_addresses: addresses the group does not have yet; one it has is AddressesAlreadyExist. */
  addAddresses(context: Context, id: string, body: ResourceRequest): Promise<ResourceDict> {
    return this.#changeAddresses(context, id, body, async (session, present, requested) => {
      const already = requested.filter((address) => present.has(address));
      if (already.length > 0) throw new AddressesAlreadyExist({ addresses: already, address_group_id: id });
      await insertAddresses(session, id, requested);
    });
  }

  /** PUT /v2.0/address-groups/{id}/remove_addresses: addresses the group has; one it lacks is AddressesNotFound. */
  removeAddresses(context: Context, id: string, body: ResourceRequest): Promise<ResourceDict> {
    return this.#changeAddresses(context, id, body, async (session, present, requested) => {
      const missing = requested.filter((address) => !present.has(address));
      if (missing.length > 0) throw new AddressesNotFound({ addresses: missing, address_group_id: id });
      await deleteAddresses(session, id, requested);
    });
  }

  async #changeAddresses(
    context: Context,
    id: string,
    body: ResourceRequest,
    change: (session: Session, present: ReadonlySet<string>, requested: readonly string[]) => Promise<void>,
  ): Promise<ResourceDict> {
    return this.#transactions.write(context, async (session) => {
      // The caller must see the group (AddressGroupNotFound), as neutron's _get_address_group.
      await this.store.find(session, id);
      const requested = normalisedAddresses(body['addresses']);
      const present = new Set((await addressesOf(session, [id])).get(id) ?? []);
      await change(session, present, requested);
      await this.store.revise(session, id);
      const { dict } = await this.store.find(session, id);
      return { address_group: dict };
    });
  }
}
