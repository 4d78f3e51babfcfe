import { matchesFilters, multiStrOpt, type ConfigReader, type OptionGroupDeclaration, type ResourceDict } from '@net-server/lib';
import { ConfigError } from '../config/errors.js';
import { selectFields } from '../resource-kit/list-options.js';

/** neutron's [service_providers] service_provider (neutron/conf/services/provider_configuration.py). */
export const serviceProviderOption = multiStrOpt('service_provider', {
  default: [],
  help: 'Defines providers for advanced services using the format: <service_type>:<name>:<driver>[:default]. Listed by GET /v2.0/service-providers.',
});

export const serviceProviderOptionGroups: OptionGroupDeclaration[] = [
  { group: 'service_providers', help: 'Providers of advanced services (neutron service-type).', options: [serviceProviderOption] },
];

/** A `[service_providers] service_provider` entry that neutron would refuse. */
export class ServiceProviderConfigError extends ConfigError {
  readonly code = 'CONFIG_SERVICE_PROVIDER_INVALID';

  constructor(entry: string, problem: string) {
    super(`[service_providers] service_provider = ${entry}: ${problem}. Correct the entry: <service_type>:<name>:<driver>[:default].`);
    this.name = 'ServiceProviderConfigError';
  }
}

/** One provider as GET /v2.0/service-providers shows it (the driver is configuration, not API). */
export interface ServiceProvider {
  service_type: string;
  name: string;
  default: boolean;
}

/**
 * The configured providers, checked as neutron's parse_service_provider_opt
 * does: four fields at most, the last one `default` when there are four, a
 * name once per service type and one default per service type.
 */
export function configuredServiceProviders(config: ConfigReader): ServiceProvider[] {
  const entries = config.has('service_providers', serviceProviderOption.name) ? config.get('service_providers', serviceProviderOption) : [];
  const providers: ServiceProvider[] = [];
  for (const entry of entries) {
    const parts = entry.split(':').map((part) => part.trim());
    if (parts.length < 3 || parts.length > 4 || parts.slice(0, 3).some((part) => part === ''))
      throw new ServiceProviderConfigError(entry, 'it is not of the form the option takes');
    if (parts.length === 4 && parts[3] !== 'default') throw new ServiceProviderConfigError(entry, `its fourth field is "${parts[3]}", not "default"`);
    const [serviceType, name] = parts as [string, string];
    const isDefault = parts.length === 4;
    if (providers.some((provider) => provider.service_type === serviceType && provider.name === name)) {
      throw new ServiceProviderConfigError(entry, `service ${serviceType} has another provider named ${name}`);
    }
    if (isDefault && providers.some((provider) => provider.service_type === serviceType && provider.default)) {
      throw new ServiceProviderConfigError(entry, `service ${serviceType} has another default provider`);
    }
    providers.push({ service_type: serviceType, name, default: isDefault });
  }
  return providers;
}

/** GET /v2.0/service-providers: the providers, with list filters on their attributes and `fields`. */
export function listServiceProviders(providers: readonly ServiceProvider[], params: URLSearchParams): { service_providers: ResourceDict[] } {
  const filters: Record<string, string[]> = {};
  const fields: string[] = [];
  for (const [key, value] of params) {
    if (key === 'fields') fields.push(value);
    else if (key === 'service_type' || key === 'name' || key === 'default') (filters[key] ??= []).push(value);
  }
  const dicts = providers.map((provider): ResourceDict => ({ ...provider }));
  // `default` arrives as text: matched as neutron converts it.
  const matching = dicts.filter((dict) => matchesFilters({ ...dict, default: dict['default'] ? 'True' : 'False' }, normaliseDefault(filters)));
  return { service_providers: fields.length > 0 ? matching.map((dict) => selectFields(dict, fields)) : matching };
}

function normaliseDefault(filters: Record<string, string[]>): Record<string, string[]> {
  const values = filters['default'];
  if (values === undefined) return filters;
  return { ...filters, default: values.map((value) => (['true', '1', 'yes', 'on'].includes(value.toLowerCase()) ? 'True' : 'False')) };
}
