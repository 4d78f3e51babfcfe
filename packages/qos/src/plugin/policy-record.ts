import type { QosRule } from './rule-kinds.js';

/** A policy with its rules, as the API and agents see it. */
export interface QosPolicyRecord {
  readonly id: string;
  readonly project_id: string;
  readonly name: string;
  readonly description: string;
  readonly shared: boolean;
  readonly is_default: boolean;
  readonly revision_number: number;
  readonly created_at: string;
  readonly updated_at: string;
  readonly rules: readonly QosRule[];
}
