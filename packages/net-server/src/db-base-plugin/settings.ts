import type { ConfigReader } from '@net-server/lib';
import { coreOptions } from '../config/server-options.js';

/** The options the DB base plugin acts on (neutron.conf [DEFAULT]). */
export interface BasePluginSettings {
  baseMac: string;
  allowOverlappingIps: boolean;
  maxDnsNameservers: number;
  maxSubnetHostRoutes: number;
}

export const defaultSettings: BasePluginSettings = {
  baseMac: 'fa:16:3e:00:00:00',
  allowOverlappingIps: false,
  maxDnsNameservers: 5,
  maxSubnetHostRoutes: 20,
};

export function readSettings(config: ConfigReader | undefined): BasePluginSettings {
  if (!config) return defaultSettings;
  return {
    baseMac: config.get('DEFAULT', coreOptions.baseMac),
    allowOverlappingIps: config.get('DEFAULT', coreOptions.allowOverlappingIps),
    maxDnsNameservers: config.get('DEFAULT', coreOptions.maxDnsNameservers),
    maxSubnetHostRoutes: config.get('DEFAULT', coreOptions.maxSubnetHostRoutes),
  };
}
