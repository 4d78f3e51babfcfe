import type { ExtensionDescriptor } from '@net-server/lib';
import type { ApiModel } from './api-model.js';
import { resourcePath } from './api-resource.js';
import { HTTPNotFound } from './http-errors.js';

/** GET /: the API versions document. */
export function versionsDocument(baseUrl: string): unknown {
  return { versions: [{ id: 'v2.0', status: 'CURRENT', links: [{ href: `${baseUrl}/v2.0/`, rel: 'self' }] }] };
}

/** GET /v2.0: a link per top-level collection. */
export function resourcesDocument(model: ApiModel, baseUrl: string): unknown {
  return {
    resources: [...model.resources.values()].map((resource) => ({
      name: resource.member,
      collection: resource.collection,
      links: [{ href: `${baseUrl}/v2.0/${[...resource.prefix, resourcePath(resource)].join('/')}`, rel: 'self' }],
    })),
  };
}

function extensionView(descriptor: ExtensionDescriptor): unknown {
  return {
    alias: descriptor.alias,
    name: descriptor.name,
    description: descriptor.description,
    updated: descriptor.updated,
    links: [],
  };
}

/** GET /v2.0/extensions. */
export function extensionsDocument(model: ApiModel): unknown {
  return { extensions: model.extensions.map(extensionView) };
}

/** GET /v2.0/extensions/{alias}. */
export function extensionDocument(model: ApiModel, alias: string): unknown {
  const descriptor = model.extensions.find((extension) => extension.alias === alias);
  if (!descriptor) throw new HTTPNotFound({ msg: `Extension with alias ${alias} does not exist` });
  return { extension: extensionView(descriptor) };
}
