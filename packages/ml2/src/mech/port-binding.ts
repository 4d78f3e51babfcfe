/** A port's binding to a host (neutron's PortBinding row). */
export interface PortBinding {
  host: string;
  vnic_type: string;
  profile: Record<string, unknown>;
  vif_type: string;
  vif_details: Record<string, unknown>;
  /** ACTIVE or INACTIVE (the binding, not the port). */
  status: string;
}

/** One level of a hierarchical binding: which driver bound which segment. */
export interface BindingLevel {
  level: number;
  driver: string;
  segment_id: string;
}
