import { ImportNeutronError } from '../../db/import-neutron/errors.js';
import { formatImportEvent } from '../../db/import-neutron/import-report.js';
import { importNeutron } from '../../db/import-neutron/import-neutron.js';
import type { Command } from '../command.js';
import { CONFIG_HELP } from '../config-help.js';
import { CliUsageError, ExitCode } from '../exit-codes.js';
import { withMigrator } from './db.js';

export const dbImportNeutronCommand: Command = {
  name: 'db import-neutron',
  summary: "Import a neutron (Zed) database into net-server's empty database",
  usesConfig: true,
  maxPositionals: 0,
  flags: { from: { type: 'string' }, json: { type: 'boolean' } },
  help: `Usage: net-server db import-neutron --from <neutron's connection URL> [--json] [configuration options]

Read a neutron Zed database (neutron.conf's [database] connection:
postgresql://... or mysql+pymysql://...; it is only read) into the database
named by net-server's [database] connection, in one transaction: networks
(with RBAC entries, external flag, ML2 segments, port security, DNS domain,
availability zone hints), subnets (allocation pools, DNS servers, host routes,
segments), subnet pools and address scopes, ports (IP allocations, ML2
bindings and binding levels, security group bindings, allowed address pairs,
extra DHCP options, DNS), security groups and rules, agents and their
network and router bindings, routers (gateway, interfaces, extra routes),
floating IPs, QoS policies, rules and bindings, metering labels, tags,
quotas, and every resource's standard attributes (description, created_at,
updated_at, revision_number).

A table whose package is not installed (e.g. qos_policies without
@net-server/qos) is skipped and reported by name, as are neutron's tables
that hold rows nothing reads (e.g. trunks). Progress goes to stdout, one
line per table ("table table=networks sources=networks rows=12 ms=3"), or
one JSON object per line with --json.

It refuses, and writes nothing:
- a source whose alembic_version is not neutron Zed's heads (upgrade it with
  neutron Zed's \`neutron-db-manage upgrade heads\` first);
- a target with pending migrations (run \`net-server db upgrade\` first);
- a target that already holds any resource (import into a new database).

${CONFIG_HELP}

Exit status: 0 when everything was imported, 1 when it was refused or
failed (nothing is kept), 2 on bad usage or configuration.`,
  async run(invocation, io) {
    const from = invocation.flags['from'];
    if (typeof from !== 'string' || from === '') throw new CliUsageError("--from <neutron's [database] connection URL> is required", 'db import-neutron');
    const json = invocation.flags['json'] === true;
    return withMigrator(invocation, io, async (migrator, database) => {
      const pending = (await migrator.state()).reduce((count, state) => count + state.pending.length, 0);
      if (pending > 0) {
        throw new ImportNeutronError(
          'IMPORT_NEUTRON_TARGET_NOT_CURRENT',
          `${database.displayUrl} has ${pending} migration(s) pending: run \`net-server db upgrade\` first, then the import.`,
        );
      }
      await importNeutron({
        from,
        target: database,
        progress: (event) => io.stdout(`${json ? JSON.stringify(event) : formatImportEvent(event)}\n`),
      });
      return ExitCode.ok;
    });
  },
};
