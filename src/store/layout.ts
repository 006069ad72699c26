import path from "node:path";
import { COLLECTIONS, type CollectionKind } from "../domain/kinds.js";
import type { SingletonKind } from "../domain/model.js";

export const THREATMODEL_DIR = ".threatmodel";

const SINGLETON_FILES: Record<SingletonKind, string> = {
  business_context: "business-context.json",
  project: "project.json",
};

/**
 * Where everything lives under `<root>/.threatmodel/`:
 * - `model/` is the source of truth, committed to git (one file per entity, so branches merge cleanly);
 * - `.local/` is per-checkout machinery (lock, change log, journal, counters), git-ignored;
 * - generated reports sit at the top level with stable names.
 */
export class Layout {
  readonly base: string;
  readonly modelDir: string;
  readonly localDir: string;

  constructor(readonly root: string) {
    this.base = path.join(root, THREATMODEL_DIR);
    this.modelDir = path.join(this.base, "model");
    this.localDir = path.join(this.base, ".local");
  }

  get manifest() {
    return path.join(this.modelDir, "manifest.json");
  }
  get gitignore() {
    return path.join(this.base, ".gitignore");
  }
  get lock() {
    return path.join(this.localDir, "lock");
  }
  get changeLog() {
    return path.join(this.localDir, "changes.log");
  }
  get journal() {
    return path.join(this.localDir, "txn.json");
  }
  get counters() {
    return path.join(this.localDir, "counters.json");
  }

  collectionDir(kind: CollectionKind): string {
    return path.join(this.modelDir, COLLECTIONS[kind].dir);
  }

  entityFile(kind: CollectionKind, id: string): string {
    return path.join(this.collectionDir(kind), `${id}.json`);
  }

  singletonFile(kind: SingletonKind): string {
    return path.join(this.modelDir, SINGLETON_FILES[kind]);
  }

  /** Path relative to `.threatmodel/`, with forward slashes (used in the change log and reports). */
  relative(file: string): string {
    return path.relative(this.base, file).split(path.sep).join("/");
  }

  absolute(relative: string): string {
    return path.join(this.base, ...relative.split("/"));
  }

  /** Maps a model file back to what it holds. */
  classify(relative: string): { kind: CollectionKind; id: string } | { kind: SingletonKind } | undefined {
    const parts = relative.split("/");
    if (parts[0] !== "model") return undefined;
    if (parts.length === 2) {
      const singleton = (Object.keys(SINGLETON_FILES) as SingletonKind[]).find(
        (k) => SINGLETON_FILES[k] === parts[1],
      );
      return singleton ? { kind: singleton } : undefined;
    }
    if (parts.length !== 3 || !parts[2]!.endsWith(".json")) return undefined;
    const kind = (Object.keys(COLLECTIONS) as CollectionKind[]).find((k) => COLLECTIONS[k].dir === parts[1]);
    return kind ? { kind, id: parts[2]!.slice(0, -".json".length) } : undefined;
  }
}
