import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import * as z from "zod";
import { BusinessContext } from "../domain/business-context.js";
import {
  defaultAssets,
  defaultCrossingPoints,
  defaultThreatActors,
  defaultTrustBoundaries,
  defaultTrustZones,
} from "../domain/defaults.js";
import { linkId } from "../domain/entities.js";
import {
  COLLECTIONS,
  COLLECTION_KINDS,
  NUMBERED_KINDS,
  type AnyEntity,
  type CollectionKind,
} from "../domain/kinds.js";
import { Model, type SingletonKind } from "../domain/model.js";
import { ProjectState } from "../domain/project-state.js";
import { formatIssues } from "../domain/validate.js";
import { isTempFile } from "./atomic-file.js";
import type { Layout } from "./layout.js";
import { layoutProblems, readOwnFile } from "./own-files.js";
import { CURRENT_SCHEMA_VERSION, migrate } from "./migrations.js";

export interface LoadIssue {
  /** Path relative to the project root. */
  file: string;
  reason: string;
}

export const Manifest = z.strictObject({
  schemaVersion: z.number().int().min(1),
  generator: z.string(),
});
export type Manifest = z.infer<typeof Manifest>;

export function newManifest(): Manifest {
  return { schemaVersion: CURRENT_SCHEMA_VERSION, generator: "threat-modeling-mcp-server" };
}

export const SINGLETON_SCHEMAS: Record<SingletonKind, z.ZodType> = {
  business_context: BusinessContext,
  project: ProjectState,
};

export const Counters = z.record(z.string(), z.number().int().min(0));

export interface LoadResult {
  model: Model;
  /** Whether `.threatmodel/model/manifest.json` exists (otherwise the model is the unsaved defaults). */
  exists: boolean;
  issues: LoadIssue[];
  /** Files (relative to `.threatmodel/`) that failed validation: never overwritten, never loaded. */
  quarantined: Map<string, string>;
  /** Set when the model cannot be written by this version. */
  readOnlyReason?: string;
  /**
   * Set when `.threatmodel/` holds symbolic links or files where the store reads and writes:
   * the store then neither locks, reads through them, nor writes.
   */
  unsafeReason?: string;
}

/** The model a brand-new project starts from. */
export function populateDefaults(model: Model): void {
  for (const actor of defaultThreatActors()) model.put("threat_actor", actor.id, actor);
  for (const zone of defaultTrustZones()) model.put("trust_zone", zone.id, zone);
  for (const cp of defaultCrossingPoints()) model.put("crossing_point", cp.id, cp);
  for (const tb of defaultTrustBoundaries()) model.put("trust_boundary", tb.id, tb);
  for (const asset of defaultAssets()) model.put("asset", asset.id, asset);
}

function readJson(file: string): unknown {
  return JSON.parse(readOwnFile(file));
}

/** Validates one entity file's content; returns the entity or the reason it is rejected. */
export function parseEntityFile(kind: CollectionKind, fileId: string, raw: unknown): AnyEntity | string {
  const parsed = COLLECTIONS[kind].schema.safeParse(raw);
  if (!parsed.success) return formatIssues(parsed.error.issues);
  const entity = parsed.data as AnyEntity;
  if (entity.id !== fileId) return `id ${JSON.stringify(entity.id)} does not match the file name`;
  if (
    kind === "mitigation_link" &&
    "mitigation_id" in entity &&
    entity.id !== linkId(entity.mitigation_id, entity.threat_id)
  ) {
    return "link id must be <mitigation_id>__<threat_id>";
  }
  if (
    kind === "assumption_link" &&
    "assumption_id" in entity &&
    entity.id !== linkId(entity.assumption_id, entity.linked_id)
  ) {
    return "link id must be <assumption_id>__<linked_id>";
  }
  return entity;
}

export function parseSingletonFile(kind: SingletonKind, raw: unknown): unknown {
  const parsed = SINGLETON_SCHEMAS[kind].safeParse(raw);
  return parsed.success ? parsed.data : new Error(formatIssues(parsed.error.issues));
}

function describeReadError(error: unknown): string {
  if (error instanceof SyntaxError) return `not valid JSON (${error.message})`;
  return (error as Error).message;
}

/** Loads `.threatmodel/model/` into a fresh model, quarantining files that fail validation. */
export function loadFromDisk(layout: Layout): LoadResult {
  const model = new Model();
  const issues: LoadIssue[] = [];
  const quarantined = new Map<string, string>();
  const rootRelative = (file: string) => path.relative(layout.root, file).split(path.sep).join("/");
  const quarantine = (file: string, reason: string) => {
    quarantined.set(layout.relative(file), reason);
    issues.push({ file: rootRelative(file), reason });
  };

  const problems = layoutProblems(layout);
  for (const problem of problems) issues.push({ file: rootRelative(problem.path), reason: problem.reason });
  const unsafeReason =
    problems.length > 0
      ? `${rootRelative(problems[0]!.path)} ${problems[0]!.reason}; the model cannot be changed until this is fixed`
      : undefined;
  const unusable = new Set(problems.map((p) => p.path));
  if (unusable.has(layout.base) || unusable.has(layout.modelDir) || !existsSync(layout.manifest)) {
    populateDefaults(model);
    return { model, exists: false, issues, quarantined, ...(unsafeReason ? { unsafeReason } : {}) };
  }

  let schemaVersion = CURRENT_SCHEMA_VERSION;
  let readOnlyReason: string | undefined;
  try {
    const manifest = Manifest.parse(readJson(layout.manifest));
    schemaVersion = manifest.schemaVersion;
    if (schemaVersion > CURRENT_SCHEMA_VERSION) {
      readOnlyReason = `the model was written by a newer version (schema ${schemaVersion}; this build writes ${CURRENT_SCHEMA_VERSION}); upgrade threat-modeling-mcp-server before changing it`;
    }
  } catch (error) {
    readOnlyReason = `manifest.json is unreadable (${describeReadError(error)}); fix it before changing the model`;
    quarantine(layout.manifest, readOnlyReason);
  }

  // Raw files first, so a migration can see and rewrite them all.
  let raw = new Map<string, unknown>();
  const unreadable = new Map<string, string>();
  for (const kind of COLLECTION_KINDS) {
    const dir = layout.collectionDir(kind);
    if (unusable.has(dir)) continue;
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names.sort()) {
      if (isTempFile(name) || !name.endsWith(".json")) continue;
      const file = path.join(dir, name);
      try {
        raw.set(layout.relative(file), readJson(file));
      } catch (error) {
        unreadable.set(layout.relative(file), describeReadError(error));
      }
    }
  }
  for (const kind of ["business_context", "project"] as const) {
    const file = layout.singletonFile(kind);
    if (!existsSync(file)) continue;
    try {
      raw.set(layout.relative(file), readJson(file));
    } catch (error) {
      unreadable.set(layout.relative(file), describeReadError(error));
    }
  }
  if (schemaVersion < CURRENT_SCHEMA_VERSION) raw = migrate(raw, schemaVersion);

  for (const [relative, reason] of unreadable) quarantine(layout.absolute(relative), reason);
  for (const [relative, content] of raw) {
    const target = layout.classify(relative);
    if (!target) continue;
    if ("id" in target) {
      const entity = parseEntityFile(target.kind, target.id, content);
      if (typeof entity === "string") quarantine(layout.absolute(relative), entity);
      else model.put(target.kind, entity.id, entity);
    } else {
      const value = parseSingletonFile(target.kind, content);
      if (value instanceof Error) quarantine(layout.absolute(relative), value.message);
      else model.setSingleton(target.kind, value as never);
    }
  }

  if (!unusable.has(layout.localDir) && existsSync(layout.counters)) {
    try {
      const counters = Counters.parse(readJson(layout.counters));
      for (const kind of NUMBERED_KINDS) model.raiseHighWater(kind, counters[kind] ?? 0);
    } catch {
      // Counters are a local cache; the live numericIds still prevent duplicates.
    }
  }

  return {
    model,
    exists: true,
    issues,
    quarantined,
    ...(readOnlyReason ? { readOnlyReason } : {}),
    ...(unsafeReason ? { unsafeReason } : {}),
  };
}
