import type { ResourceDict, SubresourceController, SubresourceRequest } from '@net-server/lib';
import { HTTPNotFound, resourceTags, type CoreDb } from 'net-server';
import { TAGS } from '../api/definitions.js';
import { TagNotFound, TagResourceNotFound } from '../errors.js';
import type { TagCorePlugin } from './core-access.js';
import type { TaggableOwners } from './taggable-owners.js';
import { validateTag, validateTags } from './tag-validation.js';

function tagsOf(resource: ResourceDict): string[] {
  const tags = resource[TAGS];
  return Array.isArray(tags) ? tags.map(String) : [];
}

/**
 * `/v2.0/{collection}/{id}/tags[/{tag}]`, neutron's TaggingController with
 * the TagPlugin behind it: the resource must exist and be visible to the
 * caller (TagResourceNotFound otherwise), its tags are read from its dict
 * as its plugin shows it, and changed in the shared tags table, in one
 * transaction with the owner's `tagsChanged` (the revision bump) and only
 * if the caller may update the resource (`update_<member>`; reads follow
 * `get_<member>`). Tags are validated first, as neutron does.
 */
export class TaggingController implements SubresourceController {
  readonly #owners: TaggableOwners;
  readonly #core: TagCorePlugin;

  constructor(owners: TaggableOwners, core: TagCorePlugin) {
    this.#owners = owners;
    this.#core = core;
  }

  /** GET .../tags: `{"tags": [...]}`. */
  async index(request: SubresourceRequest): Promise<unknown> {
    return { tags: tagsOf(await this.#find(request)) };
  }

  /** GET .../tags/{tag}: 204 when the resource has it, TagNotFound otherwise. */
  async show(request: SubresourceRequest): Promise<unknown> {
    const tag = validateTag(request.id);
    if (!tagsOf(await this.#find(request)).includes(tag)) throw new TagNotFound({ tag });
    return undefined;
  }

  /** POST .../tags: not supported, as in neutron. */
  async create(): Promise<unknown> {
    throw new HTTPNotFound({ msg: 'not supported' });
  }

  /** PUT .../tags/{tag}: adds one (201), a tag it has already included; the body is ignored, as neutron does (tempest sends `"{}"`). */
  async update(request: SubresourceRequest): Promise<unknown> {
    const tag = validateTag(request.id);
    await this.#change(request, async (db, id) => (await resourceTags.add(db, id, [tag])) > 0);
    return undefined;
  }

  /** PUT .../tags with `{"tags": [...]}`: replaces them all, answering the request's tags. */
  async updateAll(request: SubresourceRequest): Promise<unknown> {
    const tags = validateTags(request.body);
    await this.#change(request, (db, id) => resourceTags.replace(db, id, tags));
    return { tags };
  }

  /** DELETE .../tags/{tag}: TagNotFound when the resource does not have it. */
  async delete(request: SubresourceRequest): Promise<unknown> {
    const tag = validateTag(request.id);
    await this.#change(request, async (db, id) => {
      if ((await resourceTags.remove(db, id, [tag])) === 0) throw new TagNotFound({ tag });
      return true;
    });
    return undefined;
  }

  /** DELETE .../tags: removes them all. */
  async deleteAll(request: SubresourceRequest): Promise<unknown> {
    await this.#change(request, async (db, id) => (await resourceTags.remove(db, id)) > 0);
    return undefined;
  }

  async #find(request: SubresourceRequest): Promise<ResourceDict> {
    const parent = await request.parent.find();
    if (!parent) throw new TagResourceNotFound({ resource: request.parent.collection, resource_id: request.parent.id });
    return parent;
  }

  /**
   * Runs a change of the resource's tags, made on the stored rows, where the
   * caller may update the resource; when it changed something, the owner
   * records it in the same transaction, and a resource deleted meanwhile
   * rolls it back.
   */
  async #change(request: SubresourceRequest, change: (db: CoreDb, id: string) => Promise<boolean>): Promise<void> {
    const { collection, id, member } = request.parent;
    const notFound = (): Error => new TagResourceNotFound({ resource: collection, resource_id: id });
    const owner = this.#owners.ownerOf(collection);
    if (!owner) throw notFound();
    await this.#core.transactions.write(request.context, async (session) => {
      const parent = await this.#find(request);
      await request.parent.authorize(`update_${member}`, parent, [TAGS]);
      if ((await change(session.db, id)) && !(await owner.tagsChanged(request.context, collection, id))) throw notFound();
    });
  }
}
