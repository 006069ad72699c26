import { createHash } from "node:crypto";
import { COLLECTION_KINDS } from "./kinds.js";
import type { Model, SingletonKind } from "./model.js";

const SINGLETONS: readonly SingletonKind[] = ["business_context", "project"];

/** JSON with object keys sorted at every level, so equal data always gives equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

const cache = new WeakMap<Model, { revision: number; digest: string }>();

/**
 * Hex sha256 over every entity (by kind, then id) and every singleton. Exports embed it, so an
 * export is current exactly when it carries the digest of the model as it is now, whatever the
 * file times say (robust to git checkouts). Cached per model revision.
 */
export function modelDigest(model: Model): string {
  const cached = cache.get(model);
  if (cached && cached.revision === model.revision) return cached.digest;
  const hash = createHash("sha256");
  for (const kind of [...COLLECTION_KINDS].sort()) {
    const ids = [...model.collections[kind].keys()].sort();
    for (const id of ids) {
      hash.update(`${kind}\u0000${id}\u0000${canonicalJson(model.collections[kind].get(id))}\n`);
    }
  }
  for (const kind of SINGLETONS) hash.update(`${kind}\u0000${canonicalJson(model.singleton(kind))}\n`);
  const digest = hash.digest("hex");
  cache.set(model, { revision: model.revision, digest });
  return digest;
}
