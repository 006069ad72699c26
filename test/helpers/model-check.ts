import { existsSync, lstatSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { EMPTY_BUSINESS_CONTEXT } from "../../src/domain/business-context.js";
import { COLLECTIONS, COLLECTION_KINDS } from "../../src/domain/kinds.js";
import type { Model } from "../../src/domain/model.js";
import { EMPTY_PROJECT_STATE } from "../../src/domain/project-state.js";
import { findDanglingReferences } from "../../src/domain/references.js";
import { Layout } from "../../src/store/layout.js";
import { SINGLETON_SCHEMAS } from "../../src/store/loader.js";
import { toFileJson } from "../../src/store/serialize.js";
import { ModelStore } from "../../src/store/store.js";

/** The model as the files it should be stored in: `.threatmodel/`-relative path → exact file text. */
export interface CanonicalModel {
  files: Map<string, string>;
  /** Singletons still at their empty value (such a singleton may have no file). */
  emptySingletons: Set<string>;
  highWater: Record<string, number>;
}

const SINGLETON_FILES = {
  business_context: "model/business-context.json",
  project: "model/project.json",
} as const;

/** Serialises a model exactly as the store writes it. */
export function canonicalModel(model: Model): CanonicalModel {
  const layout = new Layout("/");
  const files = new Map<string, string>();
  for (const kind of COLLECTION_KINDS) {
    for (const entity of model.list(kind)) {
      const file = layout.relative(layout.entityFile(kind, entity.id));
      files.set(file, toFileJson(COLLECTIONS[kind].schema.parse(entity)));
    }
  }
  const emptySingletons = new Set<string>();
  // Singletons are written through their schemas (canonical key order), like entities.
  const context = SINGLETON_SCHEMAS.business_context.parse(model.singleton("business_context"));
  const project = SINGLETON_SCHEMAS.project.parse(model.singleton("project"));
  files.set(SINGLETON_FILES.business_context, toFileJson(context));
  files.set(SINGLETON_FILES.project, toFileJson(project));
  if (isDeepStrictEqual(context, EMPTY_BUSINESS_CONTEXT))
    emptySingletons.add(SINGLETON_FILES.business_context);
  if (isDeepStrictEqual(project, EMPTY_PROJECT_STATE)) emptySingletons.add(SINGLETON_FILES.project);
  return { files, emptySingletons, highWater: { ...model.numericHighWater } };
}

/** Every file and link under `.threatmodel/model/` (relative to `.threatmodel/`) with its text. */
export function modelFilesOnDisk(root: string): Map<string, string> {
  const base = path.join(root, ".threatmodel");
  const out = new Map<string, string>();
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      const relative = path.relative(base, full).split(path.sep).join("/");
      const stat = lstatSync(full);
      if (stat.isDirectory()) walk(full);
      else
        out.set(
          relative,
          stat.isFile() ? readFileSync(full, "utf8") : `<${stat.isSymbolicLink() ? "symlink" : "special"}>`,
        );
    }
  };
  walk(path.join(base, "model"));
  return out;
}

/**
 * Differences between a store's in-memory model and its files: every entity and singleton
 * serialises to exactly its file, and there is no other file (no leftover temp file either).
 * Returns a list of human-readable problems (empty when they agree).
 */
export async function memoryVersusDisk(store: ModelStore): Promise<string[]> {
  const canonical = await store.read((model) => canonicalModel(model));
  const disk = modelFilesOnDisk(store.root);
  const problems: string[] = [];
  if (!store.isSaved()) {
    if (disk.size > 0) problems.push(`unsaved model but files exist: ${[...disk.keys()].join(", ")}`);
    return problems;
  }
  if (!disk.has("model/manifest.json")) problems.push("model/manifest.json is missing");
  for (const [file, text] of canonical.files) {
    const onDisk = disk.get(file);
    if (onDisk === undefined) {
      if (!canonical.emptySingletons.has(file)) problems.push(`${file}: in memory, not on disk`);
    } else if (onDisk !== text) problems.push(`${file}: differs from memory`);
  }
  for (const file of disk.keys()) {
    if (file !== "model/manifest.json" && !canonical.files.has(file))
      problems.push(`${file}: on disk, not in memory`);
  }
  return problems;
}

/**
 * What a fresh load of the files finds, compared with the running store: the same entities and
 * singletons, the same numeric-id high-water marks, no load issues and no dangling reference.
 */
export async function freshLoadVersusMemory(store: ModelStore): Promise<string[]> {
  const problems: string[] = [];
  const live = await store.read((model) => ({
    canonical: canonicalModel(model),
    dangling: findDanglingReferences(model),
  }));
  const fresh = ModelStore.open(store.root, { fsync: false });
  for (const issue of fresh.loadIssues()) problems.push(`fresh load issue: ${issue.file}: ${issue.reason}`);
  const reloaded = await fresh.read((model) => ({
    canonical: canonicalModel(model),
    dangling: findDanglingReferences(model),
  }));
  for (const d of live.dangling)
    problems.push(`dangling in memory: ${d.kind} ${d.id}.${d.field} → ${d.missing}`);
  for (const d of reloaded.dangling)
    problems.push(`dangling after load: ${d.kind} ${d.id}.${d.field} → ${d.missing}`);
  const a = live.canonical.files;
  const b = reloaded.canonical.files;
  for (const [file, text] of a) if (b.get(file) !== text) problems.push(`${file}: fresh load differs`);
  for (const file of b.keys()) if (!a.has(file)) problems.push(`${file}: only in the fresh load`);
  if (!isDeepStrictEqual(live.canonical.highWater, reloaded.canonical.highWater)) {
    problems.push(
      `numeric id high-water differs: memory ${JSON.stringify(live.canonical.highWater)}, fresh ${JSON.stringify(reloaded.canonical.highWater)}`,
    );
  }
  return problems;
}
