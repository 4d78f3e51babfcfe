import type { ConfigReader } from '@net-server/lib';

/** A provider of an advanced service: neutron's ServiceTypeManager entries, with the driver a service profile names. */
export interface ServiceProviderEntry {
  readonly service_type: string;
  readonly name: string;
  readonly driver: string;
}

/**
 * The providers service profiles' drivers are checked against: those of
 * `[service_providers] service_provider` (`<service_type>:<name>:<driver>[:default]`,
 * which net-server checks at start), then those other plugins add, as
 * neutron's L3 plugin adds its single_node, ha, dvr and dvrha providers.
 * A provider the operator configured keeps its service type and name.
 */
export class ServiceProviders {
  readonly #configured: readonly ServiceProviderEntry[];
  readonly #added: ServiceProviderEntry[][] = [];

  constructor(config: ConfigReader) {
    this.#configured = configuredProviders(config);
  }

  /** Adds providers (skipping a service type and name already known); the function returned removes them. */
  add(providers: readonly ServiceProviderEntry[]): () => void {
    const known = this.all();
    const fresh = providers.filter((provider) => !known.some((other) => other.service_type === provider.service_type && other.name === provider.name));
    this.#added.push(fresh);
    return () => {
      const at = this.#added.indexOf(fresh);
      if (at >= 0) this.#added.splice(at, 1);
    };
  }

  all(): ServiceProviderEntry[] {
    return [...this.#configured, ...this.#added.flat()];
  }

  /** neutron's get_service_providers(filters={'driver': driver}). */
  withDriver(driver: string): ServiceProviderEntry[] {
    return this.all().filter((provider) => provider.driver === driver);
  }
}

function configuredProviders(config: ConfigReader): ServiceProviderEntry[] {
  const value = config.has('service_providers', 'service_provider') ? config.value('service_providers', 'service_provider') : [];
  const entries = Array.isArray(value) ? value.map(String) : [];
  return entries.flatMap((entry) => {
    const [serviceType, name, driver] = entry.split(':').map((part) => part.trim());
    return serviceType && name && driver ? [{ service_type: serviceType, name, driver }] : [];
  });
}
