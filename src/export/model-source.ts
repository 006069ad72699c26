import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { ModelError, showValue } from "../domain/errors.js";
import { COLLECTIONS, COLLECTION_KINDS } from "../domain/kinds.js";
import { Model, type SingletonKind } from "../domain/model.js";
import { Layout, THREATMODEL_DIR } from "../store/layout.js";
import {
  Manifest,
  loadFromDisk,
  parseEntityFile,
  parseSingletonFile,
  populateDefaults,
} from "../store/loader.js";
import { CURRENT_SCHEMA_VERSION, migrate } from "../store/migrations.js";
import { resolveInsideRoot } from "../store/paths.js";
import { GitError, git, readBlobs } from "./git.js";
import { applyImport } from "./import-plan.js";
import { decodeThreatComposer } from "./threat-composer/decode.js";
import { decodeThreatDragon } from "./threat-dragon/decode.js";

/** A model read from somewhere other than the live store, with what could not be read. */
export interface LoadedModel {
  model: Model;
  /** Human description of the source, e.g. "git main (3f2a1c9)". */
  source: string;
  issues: string[];
}

const MAX_FILE_BYTES = 64 * 1024 * 1024;

/** Builds a model from raw model files (paths relative to `.threatmodel/`), exactly as the store parses them. */
export function modelFromFiles(files: Map<string, unknown>, issues: string[]): Model {
  const model = new Model();
  const layout = new Layout("/");
  const manifestRaw = files.get("model/manifest.json");
  if (manifestRaw === undefined) {
    populateDefaults(model);
    return model;
  }
  let raw = files;
  const manifest = Manifest.safeParse(manifestRaw);
  if (!manifest.success) issues.push("model/manifest.json is not valid; read as the current schema");
  else if (manifest.data.schemaVersion > CURRENT_SCHEMA_VERSION)
    issues.push(
      `the model uses schema ${manifest.data.schemaVersion}, newer than this build (${CURRENT_SCHEMA_VERSION})`,
    );
  else if (manifest.data.schemaVersion < CURRENT_SCHEMA_VERSION)
    raw = migrate(files, manifest.data.schemaVersion);
  for (const [relative, content] of raw) {
    const target = layout.classify(relative);
    if (!target) continue;
    if ("id" in target) {
      const entity = parseEntityFile(target.kind, target.id, content);
      if (typeof entity === "string") issues.push(`${relative}: ${entity}`);
      else model.put(target.kind, entity.id, entity);
    } else {
      const value = parseSingletonFile(target.kind, content);
      if (value instanceof Error) issues.push(`${relative}: ${value.message}`);
      else model.setSingleton(target.kind as SingletonKind, value as never);
    }
  }
  return model;
}

// A revision name as git reads it; anything else (options, paths, ranges with ':') is refused up front.
const REF = /^[^-\s\0:][^\s\0:]{0,254}$/;

/** The model as committed at a git ref of the project's repository (`.threatmodel/model/**` at that commit). */
export async function modelAtRef(root: string, ref: string, signal?: AbortSignal): Promise<LoadedModel> {
  if (!REF.test(ref)) {
    throw new ModelError(
      "invalid_input",
      `against: ${showValue(ref)} is not a git ref (e.g. main, HEAD~1, v1.2, a commit id)`,
      {
        field: "against",
        value: ref,
      },
    );
  }
  let commit: string;
  let prefix: string;
  try {
    prefix = (await git(root, ["rev-parse", "--show-prefix"], undefined, signal)).toString("utf8").trim();
  } catch (error) {
    throw new ModelError(
      "unsupported",
      `against: the project is not in a git repository (${(error as Error).message})`,
      {
        field: "against",
      },
    );
  }
  try {
    commit = (
      await git(
        root,
        ["rev-parse", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`],
        undefined,
        signal,
      )
    )
      .toString("utf8")
      .trim();
  } catch (error) {
    if (error instanceof GitError || error instanceof ModelError)
      throw new ModelError("not_found", `against: no commit is named ${showValue(ref)} in this repository`, {
        field: "against",
        value: ref,
      });
    throw error;
  }
  const base = `${prefix}${THREATMODEL_DIR}/`;
  const listing = (
    await git(
      root,
      ["ls-tree", "-r", "-z", "--full-tree", "--name-only", commit, "--", `${base}model`],
      undefined,
      signal,
    )
  )
    .toString("utf8")
    .split("\0")
    .filter((p) => p.endsWith(".json"));
  const blobs = await readBlobs(
    root,
    listing.map((p) => `${commit}:${p}`),
    signal,
  );
  const files = new Map<string, unknown>();
  const issues: string[] = [];
  for (const p of listing) {
    const blob = blobs.get(`${commit}:${p}`);
    const relative = p.slice(base.length);
    if (!blob) continue;
    try {
      files.set(relative, JSON.parse(blob.toString("utf8")));
    } catch (error) {
      issues.push(`${relative}: not valid JSON (${(error as Error).message})`);
    }
  }
  if (listing.length === 0)
    issues.push(`there is no saved model at ${ref}; compared with a new model's defaults`);
  return { model: modelFromFiles(files, issues), source: `git ${ref} (${commit.slice(0, 12)})`, issues };
}

function readJsonFile(file: string, field: string): unknown {
  const size = statSync(file).size;
  if (size > MAX_FILE_BYTES)
    throw new ModelError(
      "invalid_input",
      `${field}: the file is ${size} bytes; the limit is ${MAX_FILE_BYTES}`,
      { field },
    );
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new ModelError("invalid_input", `${field}: not valid JSON (${(error as Error).message})`, {
      field,
    });
  }
}

/** Which interchange format a parsed JSON document is. */
export function detectFormat(raw: unknown): "threat-composer" | "threat-dragon" | "snapshot" | undefined {
  if (Array.isArray(raw)) return "threat-composer";
  if (!raw || typeof raw !== "object") return undefined;
  const record = raw as Record<string, unknown>;
  if ("schema" in record) return "threat-composer";
  if ("detail" in record && "summary" in record) return "threat-dragon";
  if ("model_digest" in record || ("business_context" in record && "threats" in record)) return "snapshot";
  return undefined;
}

/** A model snapshot (as `get_model_snapshot` returns it) back into a model. */
function modelFromSnapshot(raw: Record<string, unknown>, issues: string[]): Model {
  const files = new Map<string, unknown>([
    ["model/manifest.json", { schemaVersion: CURRENT_SCHEMA_VERSION, generator: "snapshot" }],
  ]);
  for (const kind of COLLECTION_KINDS) {
    const list = raw[COLLECTIONS[kind].dir];
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      issues.push(`${COLLECTIONS[kind].dir}: expected a list`);
      continue;
    }
    for (const entity of list as { id?: unknown }[]) {
      if (typeof entity?.id !== "string") {
        issues.push(`${COLLECTIONS[kind].dir}: an entry has no id`);
        continue;
      }
      files.set(`model/${COLLECTIONS[kind].dir}/${entity.id}.json`, entity);
    }
  }
  if (raw.business_context !== undefined) files.set("model/business-context.json", raw.business_context);
  if (raw.project !== undefined) files.set("model/project.json", raw.project);
  return modelFromFiles(files, issues);
}

/** An interchange file (Threat Composer, Threat Dragon) as a model of its own. */
function modelFromInterchange(
  raw: unknown,
  format: "threat-composer" | "threat-dragon",
  issues: string[],
): Model {
  const plan = format === "threat-composer" ? decodeThreatComposer(raw) : decodeThreatDragon(raw);
  const model = new Model();
  const draft = model.draft();
  const summary = applyImport(draft, plan, { mode: "replace", skipInvalid: true });
  model.apply(draft.changes());
  issues.push(...summary.skipped.map((p) => `${p.where}: ${p.reason}`));
  return model;
}

/** A model from a file or folder inside the project: an export (`.tc.json`, Threat Dragon), a snapshot, or a model folder. */
export function modelFromPath(root: string, userPath: string, field = "against"): LoadedModel {
  const { absolute, relative } = resolveInsideRoot(root, userPath, field);
  if (!existsSync(absolute))
    throw new ModelError("not_found", `${field}: ${showValue(userPath)} does not exist`, {
      field,
      value: userPath,
    });
  const issues: string[] = [];
  if (statSync(absolute).isDirectory()) {
    if (existsSync(path.join(absolute, THREATMODEL_DIR, "model"))) {
      const loaded = loadFromDisk(new Layout(absolute));
      issues.push(...loaded.issues.map((i) => `${i.file}: ${i.reason}`));
      return { model: loaded.model, source: `folder ${relative || "."}`, issues };
    }
    if (existsSync(path.join(absolute, "manifest.json"))) {
      const files = new Map<string, unknown>();
      const walk = (dir: string, rel: string) => {
        for (const name of readdirSync(dir).sort()) {
          const full = path.join(dir, name);
          if (statSync(full).isDirectory()) walk(full, `${rel}/${name}`);
          else if (name.endsWith(".json")) {
            try {
              files.set(`${rel}/${name}`, readJsonFile(full, field));
            } catch (error) {
              issues.push(`${rel}/${name}: ${(error as Error).message}`);
            }
          }
        }
      };
      walk(absolute, "model");
      return { model: modelFromFiles(files, issues), source: `model folder ${relative}`, issues };
    }
    throw new ModelError(
      "invalid_input",
      `${field}: the folder ${showValue(userPath)} holds no threat model (.threatmodel/model or manifest.json)`,
      { field },
    );
  }
  const raw = readJsonFile(absolute, field);
  const format = detectFormat(raw);
  if (format === "snapshot")
    return {
      model: modelFromSnapshot(raw as Record<string, unknown>, issues),
      source: `snapshot ${relative}`,
      issues,
    };
  if (format)
    return { model: modelFromInterchange(raw, format, issues), source: `${format} file ${relative}`, issues };
  throw new ModelError(
    "invalid_input",
    `${field}: ${showValue(userPath)} is not a Threat Composer file, a Threat Dragon v2 model or a model snapshot`,
    { field },
  );
}
