import { boolOpt, intOpt, type OptionGroupDeclaration } from '@net-server/lib';

/** neutron.conf.db.l3_gwmode_db: SNAT when the gateway info does not say. */
export const enableSnatByDefault = boolOpt('enable_snat_by_default', {
  default: true,
  help: 'Define the default value of enable_snat if not provided in external_gateway_info.',
});

/** neutron.conf.db.extraroute_db. */
export const maxRoutes = intOpt('max_routes', { default: 30, help: 'Maximum number of routes per router' });

/** The options this package registers, all in [DEFAULT] as in neutron.conf. */
export const l3OptionGroups: OptionGroupDeclaration[] = [{ group: 'DEFAULT', options: [enableSnatByDefault, maxRoutes] }];
