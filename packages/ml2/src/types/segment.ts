/**
 * A network segment as ML2 and its drivers see it (neutron's segment dict
 * with api.NETWORK_TYPE, api.PHYSICAL_NETWORK, api.SEGMENTATION_ID keys).
 * The snake_case keys are neutron's, so segments travel to agents unchanged.
 */
export interface NetworkSegment {
  id: string;
  network_id: string;
  network_type: string;
  physical_network: string | null;
  segmentation_id: number | null;
  is_dynamic: boolean;
  segment_index: number;
}

/** A segment asked for or handed out before it is stored: some parts may be missing. */
export interface SegmentSpec {
  network_type: string;
  physical_network: string | null;
  segmentation_id: number | null;
}

/** The provider extension's attribute names (provider:*). */
export const PROVIDER_NETWORK_TYPE = 'provider:network_type';
export const PROVIDER_PHYSICAL_NETWORK = 'provider:physical_network';
export const PROVIDER_SEGMENTATION_ID = 'provider:segmentation_id';
export const PROVIDER_ATTRIBUTES = [PROVIDER_NETWORK_TYPE, PROVIDER_PHYSICAL_NETWORK, PROVIDER_SEGMENTATION_ID] as const;
/** The multi-provider extension's attribute. */
export const SEGMENTS = 'segments';
