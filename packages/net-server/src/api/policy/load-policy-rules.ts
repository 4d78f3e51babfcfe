import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { discover, loadEntryPoint } from '@net-server/entrypoints';
import type { Logger } from '@net-server/lib';
import { discoveryOptions, type PluginSource } from '../../plugin-source.js';
import { DEFAULT_POLICY_RULES, type PolicyRuleDefault } from './default-rules.js';

export const POLICIES_NAMESPACE = 'net_server.policies';

/** A policy file that cannot be read or is not a map of rule names to check strings. */
export class PolicyFileError extends Error {
  readonly code = 'POLICY_FILE_INVALID';

  constructor(path: string, problem: string) {
    super(`Policy file ${path}: ${problem}. Fix it or point [oslo_policy] policy_file elsewhere.`);
    this.name = 'PolicyFileError';
  }
}

/** A `net_server.policies` entry point that does not export an array of { name, check }. */
export class PolicyDefaultsError extends Error {
  readonly code = 'POLICY_DEFAULTS_INVALID';

  constructor(entryPoint: string, problem: string) {
    super(`Policy defaults ${entryPoint}: ${problem}. The export must be an array of { name, check } strings.`);
    this.name = 'PolicyDefaultsError';
  }
}

const SEARCH_DIRS = ['/etc/net-server'];
const DEFAULT_FILE = 'policy.yaml';

export interface PolicySources {
  /** [oslo_policy] policy_file. */
  policyFile: string;
  plugins?: PluginSource;
  /** Extra defaults (tests, embedders), after those of installed packages. */
  defaults?: readonly PolicyRuleDefault[];
  logger: Logger;
}

/**
 * The effective rules: neutron's defaults, then those installed packages
 * declare under `net_server.policies`, then the policy file's overrides,
 * as oslo.policy layers registered defaults under the file.
 */
export async function loadPolicyRules(sources: PolicySources): Promise<Map<string, string>> {
  const rules = new Map<string, string>();
  const add = (defaults: readonly PolicyRuleDefault[]): void => {
    for (const rule of defaults) rules.set(rule.name, rule.check);
  };
  add(DEFAULT_POLICY_RULES);
  for (const entryPoint of discover(discoveryOptions(sources.plugins)).entryPoints(POLICIES_NAMESPACE)) {
    const label = `${entryPoint.name} (${entryPoint.value})`;
    const exported = await loadEntryPoint(entryPoint);
    add(checkDefaults(exported, label));
  }
  add(sources.defaults ?? []);
  const path = resolvePolicyFile(sources.policyFile);
  if (path !== undefined) {
    const overrides = await readPolicyFile(path);
    for (const [name, check] of overrides) rules.set(name, check);
    sources.logger.info('loaded policy file', { path, rules: overrides.size });
  }
  return rules;
}

function checkDefaults(exported: unknown, label: string): PolicyRuleDefault[] {
  if (!Array.isArray(exported)) throw new PolicyDefaultsError(label, 'exports no array');
  return exported.map((rule: unknown) => {
    const candidate = rule as Partial<PolicyRuleDefault> | null;
    if (typeof candidate?.name !== 'string' || typeof candidate.check !== 'string') {
      throw new PolicyDefaultsError(label, `has an entry that is not { name, check }: ${JSON.stringify(rule)}`);
    }
    return { name: candidate.name, check: candidate.check };
  });
}

function resolvePolicyFile(file: string): string | undefined {
  if (file === '') return undefined;
  const candidates = isAbsolute(file) ? [file] : [join(process.cwd(), file), ...SEARCH_DIRS.map((dir) => join(dir, file))];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (found === undefined && file !== DEFAULT_FILE) {
    throw new PolicyFileError(file, `not found (looked in ${candidates.join(', ')})`);
  }
  return found;
}

/**
 * Reads oslo.policy's YAML or JSON form (JSON is YAML too). js-yaml is
 * loaded here, by the processes that have a policy file only: it takes
 * about 22 ms and 0.6 MB to load.
 */
async function readPolicyFile(path: string): Promise<Map<string, string>> {
  const { default: jsYaml } = await import('js-yaml');
  let data: unknown;
  try {
    data = jsYaml.load(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new PolicyFileError(path, error instanceof Error ? error.message.split('\n')[0]! : String(error));
  }
  if (data === undefined || data === null) return new Map();
  if (typeof data !== 'object' || Array.isArray(data)) throw new PolicyFileError(path, 'is not a map of rule names to check strings');
  const rules = new Map<string, string>();
  for (const [name, check] of Object.entries(data)) {
    if (typeof check !== 'string') throw new PolicyFileError(path, `rule "${name}" is not a string`);
    rules.set(name, check);
  }
  return rules;
}
