/** One schema change: applied once, in a transaction, and recorded in `schema_migrations`. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** The migrations not yet applied, in order; rejects a list with repeated or unordered versions. */
export function pendingMigrations(all: readonly Migration[], applied: Iterable<number>): Migration[] {
  all.forEach((m, i) => {
    if (!Number.isInteger(m.version) || (i > 0 && m.version <= all[i - 1]!.version))
      throw new Error(`migration versions must be increasing integers (at ${m.name})`);
  });
  const done = new Set(applied);
  return all.filter((m) => !done.has(m.version));
}
