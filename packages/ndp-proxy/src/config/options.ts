import { boolOpt, type OptionGroupDeclaration } from '@net-server/lib';

/** neutron.conf.db.l3_ndpproxy_db: what a router's enable_ndp_proxy is when its create leaves it out (and its gateway allows it). */
export const enableNdpProxyByDefault = boolOpt('enable_ndp_proxy_by_default', {
  default: false,
  help: 'Define the default value of enable_ndp_proxy if not provided in router.',
});

export const ndpProxyOptionGroups: OptionGroupDeclaration[] = [{ group: 'DEFAULT', options: [enableNdpProxyByDefault] }];
