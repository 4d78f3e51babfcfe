import { listOpt, strOpt, type OptionGroupDeclaration } from '@net-server/lib';

export const EXAMPLE_GROUP = 'ml2_example';

export const exampleHosts = listOpt('hosts', {
  default: [],
  help: 'Hosts whose ports this driver binds.',
});

export const exampleVifType = strOpt('vif_type', {
  default: 'example',
  help: 'The binding:vif_type given to the ports it binds.',
});

export const exampleOptions: OptionGroupDeclaration[] = [{ group: EXAMPLE_GROUP, options: [exampleHosts, exampleVifType] }];
