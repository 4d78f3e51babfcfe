import { enforcedPolicyRules } from 'net-server';
import type { TestServer } from './start-server.js';

/**
 * The rules the server's API enforces on what it serves that nothing
 * defines: they would fall back to `default` (admin or owner), which lets a
 * member set what neutron keeps for admins. A package ships the rules of
 * what it serves under `net_server.policies`.
 */
export function undefinedPolicyRules(server: TestServer): string[] {
  return enforcedPolicyRules(server.api.model).filter((rule) => !server.api.policy.rules.has(rule));
}
