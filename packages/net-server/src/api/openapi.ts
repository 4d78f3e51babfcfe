import type { AttributeMap, AttributeSpec } from '@net-server/lib';
import type { ApiModel } from './api-model.js';
import { collectionPath, resourcePath, type ApiResource } from './api-resource.js';

type Schema = Record<string, unknown>;

/** neutron's error body, the default response of every operation. */
const NEUTRON_ERROR_SCHEMA: Schema = {
  type: 'object',
  properties: {
    NeutronError: {
      type: 'object',
      properties: { type: { type: 'string' }, message: { type: 'string' }, detail: { type: 'string' } },
      required: ['type', 'message', 'detail'],
    },
  },
};

const ERRORS = { default: { description: 'Error', content: json({ $ref: '#/components/schemas/NeutronError' }) } };

/**
 * An OpenAPI 3.0 description of the API as loaded: every collection,
 * sub-resource and member action with request and response schemas built
 * from the attribute maps, so it always matches the installed plugins.
 */
export function openApiDocument(model: ApiModel, serverUrl: string, version: string): Schema {
  const paths: Record<string, Schema> = {};
  const schemas: Record<string, Schema> = { NeutronError: NEUTRON_ERROR_SCHEMA };
  for (const resource of [...model.resources.values(), ...model.subresources.values()]) {
    const name = schemaName(resource);
    schemas[name] = responseSchema(resource.attributes);
    schemas[`${name}Create`] = requestSchema(resource.attributes, 'create');
    schemas[`${name}Update`] = requestSchema(resource.attributes, 'update');
    Object.assign(paths, resourcePaths(resource, name));
  }
  return {
    openapi: '3.0.3',
    info: { title: 'net-server Networking API v2.0', version },
    servers: [{ url: serverUrl }],
    paths,
    components: {
      schemas,
      securitySchemes: { keystone: { type: 'apiKey', in: 'header', name: 'X-Auth-Token' } },
    },
  };
}

/** A resource's paths: the collection (list, create), the member (show, update, delete) and its actions. */
function resourcePaths(resource: ApiResource, name: string): Record<string, Schema> {
  const base = resource.parent
    ? `/v2.0/${[...resource.prefix, collectionPath(resource.parent.collection)].join('/')}/{${resource.parent.member}_id}/${collectionPath(resource.collection)}`
    : `/v2.0/${[...resource.prefix, resourcePath(resource)].join('/')}`;
  const parameters = resource.parent ? [pathParameter(`${resource.parent.member}_id`)] : [];
  const one = (schema: string): Schema => wrap(resource.member, { $ref: `#/components/schemas/${schema}` });
  const paths: Record<string, Schema> = {};
  paths[base] = {
    parameters,
    get: {
      operationId: `list_${resource.parent ? `${resource.parent.member}_` : ''}${resource.collection}`,
      parameters: listParameters(resource.attributes),
      responses: {
        '200': {
          description: `The ${resource.collection}`,
          content: json({
            type: 'object',
            properties: {
              [resource.listKey ?? resource.collection]: { type: 'array', items: { $ref: `#/components/schemas/${name}` } },
              [`${resource.listKey ?? resource.collection}_links`]: { type: 'array', items: { type: 'object' } },
            },
          }),
        },
        ...ERRORS,
      },
    },
    post: {
      operationId: `create_${resource.member}`,
      requestBody: { required: true, content: json(one(`${name}Create`)) },
      responses: { '201': { description: 'Created', content: json(one(name)) }, ...ERRORS },
    },
  };
  const member = { ...pathParameter('id') };
  paths[`${base}/{id}`] = {
    parameters: [...parameters, member],
    get: { operationId: `show_${resource.member}`, responses: { '200': { description: 'Found', content: json(one(name)) }, ...ERRORS } },
    put: {
      operationId: `update_${resource.member}`,
      requestBody: { required: true, content: json(one(`${name}Update`)) },
      responses: { '200': { description: 'Updated', content: json(one(name)) }, ...ERRORS },
    },
    delete: { operationId: `delete_${resource.member}`, responses: { '204': { description: 'Deleted' }, ...ERRORS } },
  };
  for (const [action, method] of resource.actions) {
    paths[`${base}/{id}/${action}`] = {
      parameters: [member],
      [method.toLowerCase()]: {
        operationId: action,
        requestBody: { content: json({ type: 'object' }) },
        responses: { '200': { description: 'Done', content: json({ type: 'object' }) }, ...ERRORS },
      },
    };
  }
  return paths;
}

function schemaName(resource: ApiResource): string {
  const words = (resource.parent ? `${resource.parent.member}_${resource.member}` : resource.member).split(/[_-]/);
  return words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('');
}

function json(schema: Schema): Schema {
  return { 'application/json': { schema } };
}

function wrap(member: string, schema: Schema): Schema {
  return { type: 'object', properties: { [member]: schema }, required: [member] };
}

function pathParameter(name: string): Schema {
  return { name, in: 'path', required: true, schema: { type: 'string' } };
}

function listParameters(attributes: AttributeMap): Schema[] {
  const filters = Object.entries(attributes)
    .filter(([, spec]) => spec.isFilter === true)
    .map(([name, spec]) => ({
      name,
      in: 'query',
      required: false,
      description: 'Filter; repeat the parameter for alternatives.',
      schema: { type: 'array', items: valueSchema(spec) },
      style: 'form',
      explode: true,
    }));
  const query = (name: string, schema: Schema, description: string): Schema => ({ name, in: 'query', required: false, schema, description });
  const sortKeys = Object.entries(attributes)
    .filter(([, spec]) => spec.isSort === true)
    .map(([name]) => name);
  return [
    ...filters,
    query('fields', { type: 'array', items: { type: 'string' } }, 'Attributes to return.'),
    query('sort_key', { type: 'array', items: { type: 'string', enum: sortKeys } }, 'Sort keys, paired with sort_dir.'),
    query('sort_dir', { type: 'array', items: { type: 'string', enum: ['asc', 'desc'] } }, 'Sort directions.'),
    query('limit', { type: 'integer', minimum: 0 }, 'Page size.'),
    query('marker', { type: 'string' }, 'Id of the last item of the previous page.'),
    query('page_reverse', { type: 'boolean' }, 'Page backwards from the marker.'),
  ];
}

function responseSchema(attributes: AttributeMap): Schema {
  const properties = Object.fromEntries(
    Object.entries(attributes)
      .filter(([, spec]) => spec.isVisible)
      .map(([name, spec]) => [name, { ...valueSchema(spec), readOnly: !spec.allowPost && !spec.allowPut }]),
  );
  return { type: 'object', properties };
}

function requestSchema(attributes: AttributeMap, operation: 'create' | 'update'): Schema {
  const allowed = Object.entries(attributes).filter(([, spec]) => (operation === 'create' ? spec.allowPost : spec.allowPut));
  const required =
    operation === 'create' ? allowed.filter(([name, spec]) => !('default' in spec) && name !== 'tenant_id' && name !== 'project_id').map(([name]) => name) : [];
  return {
    type: 'object',
    properties: Object.fromEntries(allowed.map(([name, spec]) => [name, valueSchema(spec)])),
    additionalProperties: false,
    ...(required.length > 0 ? { required } : {}),
  };
}

/** A JSON schema for a value, from its validator. */
function valueSchema(spec: AttributeSpec): Schema {
  const type = spec.validate?.type.replace(/^type:/, '') ?? '';
  const arg = spec.validate?.arg;
  const nullable = type.endsWith('_or_none') ? { nullable: true } : {};
  const base = type.replace(/_or_none$/, '');
  if (spec.convertTo?.name === 'convertToBoolean' || base === 'boolean') return { type: 'boolean', ...nullable };
  switch (base) {
    case 'uuid':
      return { type: 'string', format: 'uuid', ...nullable };
    case 'string':
    case 'string_or_none':
      return { type: 'string', ...(typeof arg === 'number' ? { maxLength: arg } : {}), ...nullable };
    case 'values':
      return Array.isArray(arg) ? { enum: arg, ...nullable } : { ...nullable };
    case 'range':
      return Array.isArray(arg) ? { type: 'integer', minimum: arg[0], maximum: arg[1], ...nullable } : { type: 'integer', ...nullable };
    case 'non_negative':
    case 'port_range':
      return { type: 'integer', minimum: 0, ...nullable };
    case 'ip_address':
      return { type: 'string', description: 'IPv4 or IPv6 address', ...nullable };
    case 'subnet':
      return { type: 'string', description: 'CIDR', ...nullable };
    case 'mac_address':
      return { type: 'string', pattern: '^([0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}$', ...nullable };
    case 'dict':
      return { type: 'object', ...nullable };
    default:
      if (base.startsWith('list') || ['fixed_ips', 'ip_pools', 'hostroutes', 'nameservers', 'subnet_list'].includes(base)) {
        return { type: 'array', ...nullable };
      }
      if (base.startsWith('dict')) return { type: 'object', ...nullable };
      return {};
  }
}
