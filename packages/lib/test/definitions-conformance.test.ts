import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ATTR_NOT_SPECIFIED, converters, definitions, type AttributeSpec, type ExtensionDescriptor } from '@net-server/lib';

/*
 * Our typed definitions against neutron_lib Zed's own, as recorded by
 * fixtures/neutron-definitions.py (converters by their Python names).
 */
const neutron = JSON.parse(readFileSync(new URL('./fixtures/neutron-definitions.json', import.meta.url), 'utf8')) as Record<string, unknown>;

const converterNames = new Map<unknown, string>(
  Object.entries(converters).map(([name, fn]) => [fn, `<${name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}>`]),
);

function python(value: unknown): unknown {
  if (value === ATTR_NOT_SPECIFIED) return '<ATTR_NOT_SPECIFIED>';
  if (typeof value === 'function') return converterNames.get(value) ?? '<unknown converter>';
  if (Array.isArray(value)) return value.map(python);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, python(item)]));
  }
  return value;
}

const keys: [keyof AttributeSpec, string][] = [
  ['allowPost', 'allow_post'],
  ['allowPut', 'allow_put'],
  ['default', 'default'],
  ['convertTo', 'convert_to'],
  ['convertListTo', 'convert_list_to'],
  ['isVisible', 'is_visible'],
  ['isFilter', 'is_filter'],
  ['isSort', 'is_sort_key'],
  ['requiredByPolicy', 'required_by_policy'],
  ['enforcePolicy', 'enforce_policy'],
  ['primaryKey', 'primary_key'],
  ['dictPopulateDefaults', 'dict_populate_defaults'],
  ['defaultOverridesNone', 'default_overrides_none'],
];

// A dict key spec back in neutron's form: {'type:x': arg, 'required': ..., 'convert_to': ...}.
function keySpec(spec: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(spec)) {
    if (key === 'validate') Object.assign(out, validateSpec(value as { type: string; arg?: unknown }));
    else if (key === 'convertTo') out['convert_to'] = python(value);
    else out[key] = python(value);
  }
  return out;
}

function validateSpec(spec: { type: string; arg?: unknown }): Record<string, unknown> {
  const { type, arg } = spec;
  if (type === 'type:list_of_any_key_specs_or_none' && Array.isArray(arg)) {
    return { [type]: arg.map((specs: Record<string, Record<string, unknown>>) => mapValues(specs, keySpec)) };
  }
  if (type.includes('dict') && typeof arg === 'object' && arg !== null) {
    return { [type]: mapValues(arg as Record<string, Record<string, unknown>>, keySpec) };
  }
  return { [type]: python(arg ?? null) };
}

function mapValues<T, U>(record: Record<string, T>, fn: (value: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, fn(value)]));
}

function asNeutron(spec: AttributeSpec, original: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [ours, theirs] of keys) {
    // neutron leaves allow_post/allow_put out on read-only resources; we say false.
    if (spec[ours] !== undefined && !(spec[ours] === false && !(theirs in original) && ours.startsWith('allow'))) {
      out[theirs] = python(spec[ours]);
    }
  }
  if (spec.validate) out['validate'] = validateSpec(spec.validate);
  return out;
}

const ours: Record<string, ExtensionDescriptor> = {
  network: definitions.NETWORK,
  subnet: definitions.SUBNET,
  subnetpool: definitions.SUBNETPOOL,
  port: definitions.PORT,
  external_net: definitions.EXTERNAL_NET,
  provider_net: definitions.PROVIDER_NET,
  multiprovidernet: definitions.MULTIPROVIDERNET,
  portbindings: definitions.PORTBINDINGS,
  port_security: definitions.PORT_SECURITY,
  allowedaddresspairs: definitions.ALLOWEDADDRESSPAIRS,
  extra_dhcp_opt: definitions.EXTRA_DHCP_OPT,
  network_mtu: definitions.NETWORK_MTU,
  network_mtu_writable: definitions.NETWORK_MTU_WRITABLE,
  project_id: definitions.PROJECT_ID,
  availability_zone: definitions.AVAILABILITY_ZONE,
  network_availability_zone: definitions.NETWORK_AVAILABILITY_ZONE,
  default_subnetpools: definitions.DEFAULT_SUBNETPOOLS,
  agent: definitions.AGENT,
};

describe('definitions match neutron_lib Zed', () => {
  it('covers every recorded definition', () => {
    expect(Object.keys(ours).sort()).toEqual(Object.keys(neutron).sort());
  });

  it.each(Object.keys(ours))('%s', (name) => {
    const descriptor = ours[name]!;
    const theirs = neutron[name] as Record<string, unknown> & { resource_attribute_map: Record<string, Record<string, Record<string, unknown>>> };
    const asPython = Object.fromEntries(
      Object.entries(descriptor.resourceAttributeMap).map(([collection, attrs]) => [
        collection,
        Object.fromEntries(Object.entries(attrs).map(([attr, spec]) => [attr, asNeutron(spec, theirs.resource_attribute_map[collection]?.[attr] ?? {})])),
      ]),
    );
    expect({
      alias: descriptor.alias,
      name: descriptor.name,
      description: descriptor.description,
      updated: descriptor.updated,
      is_shim_extension: descriptor.isShimExtension ?? false,
      required_extensions: descriptor.requiredExtensions,
      optional_extensions: descriptor.optionalExtensions,
      resource_attribute_map: asPython,
    }).toEqual(theirs);
  });
});
