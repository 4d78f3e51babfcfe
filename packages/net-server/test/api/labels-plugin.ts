import { NotFound, defineNeutronException, type ExtensionDescriptor, type SubresourceController, type SubresourceRequest } from '@net-server/lib';

/*
 * A service plugin with a standard-attribute extension and a sub-resource it
 * answers with its own controller, as the tag plugin's standard-attr-tag,
 * for the API's tests of both: labels on networks (and on routers, which no
 * plugin serves here), kept in memory by parent id.
 */
const labelsBody = { labels: { allowPost: false, allowPut: false, isVisible: true, isFilter: true } };

export const TEST_LABELS_EXTENSION: ExtensionDescriptor = {
  alias: 'test-labels',
  name: 'Labels',
  description: 'Labels on networks and routers, for API tests',
  updated: '2026-01-01T00:00:00-00:00',
  isStandardAttrExtension: true,
  resourceAttributeMap: { networks: labelsBody, routers: labelsBody },
  controllerSubresources: { labels: { parents: ['networks', 'routers'], actionStatus: { show: 204, update: 201 }, memberActions: { upper: 'PUT' } } },
  requiredExtensions: [],
  optionalExtensions: [],
};

const LabelNotFound = defineNeutronException<{ label: unknown }>(NotFound, 'LabelNotFound', 'Label %(label)s could not be found.');
const LabeledResourceNotFound = defineNeutronException<{ member: unknown; id: unknown }>(NotFound, 'LabeledResourceNotFound', 'No %(member)s %(id)s to label.');

class LabelsController implements SubresourceController {
  readonly #labels = new Map<string, Set<string>>();

  async #parent(request: SubresourceRequest, write: boolean): Promise<Set<string>> {
    const parent = await request.parent.find();
    if (!parent) throw new LabeledResourceNotFound({ member: request.parent.member, id: request.parent.id });
    if (write) await request.parent.authorize(`update_${request.parent.member}`, parent, ['labels']);
    let labels = this.#labels.get(request.parent.id);
    if (!labels) this.#labels.set(request.parent.id, (labels = new Set()));
    return labels;
  }

  async index(request: SubresourceRequest): Promise<unknown> {
    return { labels: [...(await this.#parent(request, false))].sort() };
  }
  async show(request: SubresourceRequest): Promise<unknown> {
    if (!(await this.#parent(request, false)).has(request.id!)) throw new LabelNotFound({ label: request.id });
    return undefined;
  }
  async update(request: SubresourceRequest): Promise<unknown> {
    (await this.#parent(request, true)).add(request.id!);
    return undefined;
  }
  async updateAll(request: SubresourceRequest): Promise<unknown> {
    const labels = await this.#parent(request, true);
    labels.clear();
    const { body } = request;
    for (const label of typeof body === 'object' && body !== null && 'labels' in body ? (body.labels as string[]) : []) labels.add(label);
    return { labels: [...labels] };
  }
  async delete(request: SubresourceRequest): Promise<unknown> {
    if (!(await this.#parent(request, true)).delete(request.id!)) throw new LabelNotFound({ label: request.id });
    return undefined;
  }
  async deleteAll(request: SubresourceRequest): Promise<unknown> {
    (await this.#parent(request, true)).clear();
    return undefined;
  }
  readonly memberActions = {
    /** PUT .../labels/{label}/upper: the label in capitals instead. */
    upper: async (request: SubresourceRequest): Promise<unknown> => {
      const labels = await this.#parent(request, true);
      if (!labels.delete(request.id!)) throw new LabelNotFound({ label: request.id });
      labels.add(request.id!.toUpperCase());
      return { label: request.id!.toUpperCase() };
    },
  };
}

export class LabelsPlugin {
  readonly pluginType = 'TEST_LABELS';
  readonly pluginDescription = 'test labels';
  readonly supportedExtensionAliases = ['test-labels'];
  readonly subresourceControllers = { labels: new LabelsController() };

  /** Served as adapted: named for the collections it applies to here. */
  adaptExtension(descriptor: ExtensionDescriptor): ExtensionDescriptor {
    return { ...descriptor, name: `Labels on ${Object.keys(descriptor.resourceAttributeMap).join(' and ')}` };
  }
}
