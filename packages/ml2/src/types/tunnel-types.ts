import { constants } from '@net-server/lib';
import { geneveOptions, greOptions, vxlanOptions } from '../config/options.js';
import type { TunnelTypeSpec } from './tunnel-type-driver.js';

export const VXLAN: TunnelTypeSpec = {
  networkType: constants.TYPE_VXLAN,
  group: 'ml2_type_vxlan',
  rangesOption: vxlanOptions.vniRanges,
  bounds: { min: constants.MIN_VXLAN_VNI, max: constants.MAX_VXLAN_VNI },
  overhead: () => constants.VXLAN_ENCAP_OVERHEAD,
};

export const GENEVE: TunnelTypeSpec = {
  networkType: constants.TYPE_GENEVE,
  group: 'ml2_type_geneve',
  rangesOption: geneveOptions.vniRanges,
  bounds: { min: constants.MIN_GENEVE_VNI, max: constants.MAX_GENEVE_VNI },
  // The Geneve header is extensible; the operator says how large it may grow.
  overhead: (config) => config.get('ml2_type_geneve', geneveOptions.maxHeaderSize),
};

export const GRE: TunnelTypeSpec = {
  networkType: constants.TYPE_GRE,
  group: 'ml2_type_gre',
  rangesOption: greOptions.tunnelIdRanges,
  bounds: { min: constants.MIN_GRE_ID, max: constants.MAX_GRE_ID },
  overhead: () => constants.GRE_ENCAP_OVERHEAD,
};
