/** The on-disk schema version this build reads and writes. */
export const CURRENT_SCHEMA_VERSION = 1;

/**
 * Upgrades raw file contents from one schema version to the next. Each entry takes the version it
 * upgrades from; it receives every model file (path relative to `.threatmodel/`, parsed JSON) and
 * returns the new set. Version 1 is the first format, so there is nothing to migrate yet.
 */
export type Migration = (files: Map<string, unknown>) => Map<string, unknown>;

export const MIGRATIONS: Record<number, Migration> = {};

export function migrate(files: Map<string, unknown>, from: number): Map<string, unknown> {
  let current = files;
  for (let version = from; version < CURRENT_SCHEMA_VERSION; version++) {
    const step = MIGRATIONS[version];
    if (!step) throw new Error(`no migration from schema version ${version}`);
    current = step(current);
  }
  return current;
}
