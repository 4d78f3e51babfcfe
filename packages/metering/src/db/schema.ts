/** A metering label row (neutron's MeteringLabel). Booleans come back as 1/0 from SQLite and MySQL, true/false from PostgreSQL. */
export interface MeteringLabelRow {
  id: string;
  project_id: string | null;
  name: string | null;
  description: string | null;
  shared: boolean | number;
}

/** A metering label rule row (neutron's MeteringLabelRule): prefixes as written, with their length. */
export interface MeteringLabelRuleRow {
  id: string;
  direction: string | null;
  remote_ip_prefix: string | null;
  source_ip_prefix: string | null;
  destination_ip_prefix: string | null;
  metering_label_id: string;
  excluded: boolean | number;
}
