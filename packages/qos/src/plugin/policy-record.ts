import type { ResourceDict } from '@net-server/lib';
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

/** The record of a policy's full dict (policies.ts: the kit's attributes and the plugin's hooks'). */
export function policyRecord(dict: ResourceDict): QosPolicyRecord {
  return {
    id: String(dict['id']),
    project_id: String(dict['project_id']),
    name: String(dict['name']),
    description: String(dict['description']),
    shared: dict['shared'] === true,
    is_default: dict['is_default'] === true,
    revision_number: Number(dict['revision_number']),
    created_at: String(dict['created_at']),
    updated_at: String(dict['updated_at']),
    rules: dict['rules'] as QosRule[],
  };
}
