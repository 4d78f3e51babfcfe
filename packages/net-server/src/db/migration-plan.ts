import { MigrationDefinitionError } from './errors.js';
import type { Migration, MigrationSet } from './migration.js';

export interface PlannedMigration {
  packageName: string;
  migration: Migration;
}

/**
 * Orders every installed package's migrations: each package's list in its
 * own order, and every `after` id before the migration naming it. Among
 * migrations that are ready at the same time, packages sort by name, so
 * every host computes the same order.
 */
export function planMigrations(sets: readonly MigrationSet[]): PlannedMigration[] {
  const nodes = new Map<string, PlannedMigration>();
  const rank = new Map<string, number>();
  const sorted = [...sets].sort((a, b) => (a.packageName < b.packageName ? -1 : a.packageName > b.packageName ? 1 : 0));
  for (const set of sorted) {
    for (const migration of set.migrations) {
      checkShape(migration, set.packageName);
      const existing = nodes.get(migration.id);
      if (existing) {
        throw new MigrationDefinitionError(
          'DB_MIGRATION_DUPLICATE',
          `migration id ${migration.id} is declared by ${existing.packageName}` +
            (existing.packageName === set.packageName ? ' twice' : ` and by ${set.packageName}`) +
            '. Migration ids must be unique; prefix them with the package name.',
        );
      }
      nodes.set(migration.id, { packageName: set.packageName, migration });
      rank.set(migration.id, rank.size);
    }
  }

  const dependencies = new Map<string, string[]>();
  for (const set of sorted) {
    set.migrations.forEach((migration, index) => {
      const before = index > 0 ? [(set.migrations[index - 1] as Migration).id] : [];
      for (const id of migration.after ?? []) {
        if (!nodes.has(id)) {
          throw new MigrationDefinitionError(
            'DB_MIGRATION_MISSING_DEPENDENCY',
            `migration ${migration.id} of ${set.packageName} must run after ${id}, which no installed package provides. ` +
              'Install the package that provides it, or upgrade the packages to versions that agree.',
          );
        }
        before.push(id);
      }
      dependencies.set(migration.id, before);
    });
  }

  const order: PlannedMigration[] = [];
  const done = new Set<string>();
  const remaining = new Set(nodes.keys());
  while (remaining.size > 0) {
    let next: string | undefined;
    for (const id of remaining) {
      const ready = (dependencies.get(id) ?? []).every((dep) => done.has(dep));
      if (ready && (next === undefined || (rank.get(id) ?? 0) < (rank.get(next) ?? 0))) next = id;
    }
    if (next === undefined) {
      const stuck = [...remaining].map((id) => `${nodes.get(id)?.packageName}: ${id}`).join(', ');
      throw new MigrationDefinitionError(
        'DB_MIGRATION_CYCLE',
        `migrations depend on each other in a cycle (${stuck}). Their packages' \`after\` lists must be fixed.`,
      );
    }
    remaining.delete(next);
    done.add(next);
    order.push(nodes.get(next) as PlannedMigration);
  }
  return order;
}

function checkShape(value: unknown, packageName: string): asserts value is Migration {
  const migration = value as Partial<Migration> | null;
  const valid =
    typeof migration === 'object' &&
    migration !== null &&
    typeof migration.id === 'string' &&
    migration.id !== '' &&
    typeof migration.up === 'function' &&
    (migration.after === undefined || (Array.isArray(migration.after) && migration.after.every((id: unknown) => typeof id === 'string')));
  if (!valid) {
    throw new MigrationDefinitionError(
      'DB_MIGRATION_INVALID',
      `${packageName} exports a migration that is not { id: string, after?: string[], up(db) }. ` + 'Report this to the package authors.',
    );
  }
}
