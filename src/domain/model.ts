import { EMPTY_BUSINESS_CONTEXT, type BusinessContext } from "./business-context.js";
import { ModelError } from "./errors.js";
import { newShortId, newUuid } from "./ids.js";
import {
  COLLECTIONS,
  COLLECTION_KINDS,
  type AnyEntity,
  type CollectionKind,
  type EntityByKind,
  type NumberedKind,
} from "./kinds.js";
import { EMPTY_PROJECT_STATE, type ProjectState } from "./project-state.js";

export type SingletonKind = "business_context" | "project";
export interface SingletonByKind {
  business_context: BusinessContext;
  project: ProjectState;
}

/** What each singleton holds before anything is set (and what a missing singleton file stands for). */
export const SINGLETON_DEFAULTS: Readonly<SingletonByKind> = {
  business_context: EMPTY_BUSINESS_CONTEXT,
  project: EMPTY_PROJECT_STATE,
};

export type Change =
  | { kind: CollectionKind; id: string; value: AnyEntity | null }
  | { kind: SingletonKind; value: SingletonByKind[SingletonKind] };

export type Collections = { [K in CollectionKind]: Map<string, EntityByKind[K]> };

/** Kinds whose records share their owner's id (a threat's validation): they never own an id. */
const ownsId = (kind: CollectionKind) => COLLECTIONS[kind].id.style !== "derived";

function emptyCollections(): Collections {
  return Object.fromEntries(COLLECTION_KINDS.map((k) => [k, new Map()])) as unknown as Collections;
}

/** Read access shared by the model and a draft on top of it. */
export interface ModelReader {
  get<K extends CollectionKind>(kind: K, id: string): EntityByKind[K] | undefined;
  list<K extends CollectionKind>(kind: K): EntityByKind[K][];
  count(kind: CollectionKind): number;
  singleton<S extends SingletonKind>(kind: S): SingletonByKind[S];
  /** Which collection an id belongs to, if any. */
  kindOf(id: string): CollectionKind | undefined;
}

/**
 * The in-memory threat model: one map per collection plus the singletons. Pure data; the store
 * loads and saves it, operations read it and propose changes through a {@link Draft}.
 */
export class Model implements ModelReader {
  readonly collections: Collections = emptyCollections();
  readonly singletons: SingletonByKind = { ...SINGLETON_DEFAULTS };
  /** Highest numericId ever used per numbered kind, including deleted entities (never reused). */
  readonly numericHighWater: Record<NumberedKind, number> = { threat: 0, mitigation: 0, assumption: 0 };
  private readonly kindById = new Map<string, CollectionKind>();
  /** Bumped on every change; lets callers cache derived data (digests, coverage) per revision. */
  revision = 0;

  get<K extends CollectionKind>(kind: K, id: string): EntityByKind[K] | undefined {
    return this.collections[kind].get(id) as EntityByKind[K] | undefined;
  }

  list<K extends CollectionKind>(kind: K): EntityByKind[K][] {
    return [...this.collections[kind].values()] as EntityByKind[K][];
  }

  count(kind: CollectionKind): number {
    return this.collections[kind].size;
  }

  singleton<S extends SingletonKind>(kind: S): SingletonByKind[S] {
    return this.singletons[kind];
  }

  kindOf(id: string): CollectionKind | undefined {
    return this.kindById.get(id);
  }

  /** Replaces or removes one entity (used by the store when loading and committing). */
  put(kind: CollectionKind, id: string, value: AnyEntity | null): void {
    this.revision++;
    const map = this.collections[kind] as Map<string, AnyEntity>;
    if (value === null) {
      const old = map.get(id);
      if (old && "numericId" in old) this.raiseHighWater(kind as NumberedKind, old.numericId);
      map.delete(id);
      if (ownsId(kind)) this.kindById.delete(id);
    } else {
      map.set(id, value);
      if (ownsId(kind)) this.kindById.set(id, kind);
      if ("numericId" in value) this.raiseHighWater(kind as NumberedKind, value.numericId);
    }
  }

  setSingleton<S extends SingletonKind>(kind: S, value: SingletonByKind[S]): void {
    this.revision++;
    this.singletons[kind] = value;
  }

  raiseHighWater(kind: NumberedKind, value: number): void {
    if (value > this.numericHighWater[kind]) this.numericHighWater[kind] = value;
  }

  apply(changes: readonly Change[]): void {
    for (const change of changes) {
      if ("id" in change) this.put(change.kind, change.id, change.value);
      else this.setSingleton(change.kind, change.value as never);
    }
  }

  clear(): void {
    for (const kind of COLLECTION_KINDS) this.collections[kind].clear();
    this.kindById.clear();
    Object.assign(this.singletons, SINGLETON_DEFAULTS);
  }

  draft(): Draft {
    return new Draft(this);
  }
}

/**
 * Proposed changes layered over a model. Operations build a draft, validate against it, and hand its
 * changes to the store; nothing touches the model until the changes are durably on disk.
 */
export class Draft implements ModelReader {
  private readonly overlay = new Map<string, { kind: CollectionKind; value: AnyEntity | null }>();
  private readonly singletonOverlay = new Map<SingletonKind, SingletonByKind[SingletonKind]>();
  private readonly highWater: Record<NumberedKind, number>;

  constructor(private readonly base: Model) {
    this.highWater = { ...base.numericHighWater };
  }

  get<K extends CollectionKind>(kind: K, id: string): EntityByKind[K] | undefined {
    const entry = this.overlay.get(`${kind}\u0000${id}`);
    if (entry) return (entry.value ?? undefined) as EntityByKind[K] | undefined;
    return this.base.get(kind, id);
  }

  list<K extends CollectionKind>(kind: K): EntityByKind[K][] {
    const result = new Map<string, EntityByKind[K]>(
      this.base.collections[kind] as Map<string, EntityByKind[K]>,
    );
    for (const [key, entry] of this.overlay) {
      if (entry.kind !== kind) continue;
      const id = key.slice(key.indexOf("\u0000") + 1);
      if (entry.value === null) result.delete(id);
      else result.set(id, entry.value as EntityByKind[K]);
    }
    return [...result.values()];
  }

  count(kind: CollectionKind): number {
    return this.list(kind).length;
  }

  singleton<S extends SingletonKind>(kind: S): SingletonByKind[S] {
    return (this.singletonOverlay.get(kind) as SingletonByKind[S] | undefined) ?? this.base.singleton(kind);
  }

  kindOf(id: string): CollectionKind | undefined {
    for (const [key, entry] of this.overlay) {
      if (key.endsWith(`\u0000${id}`) && ownsId(entry.kind))
        return entry.value === null ? undefined : entry.kind;
    }
    return this.base.kindOf(id);
  }

  put<K extends CollectionKind>(kind: K, value: EntityByKind[K]): EntityByKind[K] {
    this.overlay.set(`${kind}\u0000${value.id}`, { kind, value });
    if ("numericId" in value && value.numericId > this.highWater[kind as NumberedKind]) {
      this.highWater[kind as NumberedKind] = value.numericId;
    }
    return value;
  }

  remove(kind: CollectionKind, id: string): void {
    this.overlay.set(`${kind}\u0000${id}`, { kind, value: null });
  }

  setSingleton<S extends SingletonKind>(kind: S, value: SingletonByKind[S]): void {
    this.singletonOverlay.set(kind, value);
  }

  /** Fetches an entity or throws a not-found error naming the kind and id. */
  require<K extends CollectionKind>(kind: K, id: string, field = "id"): EntityByKind[K] {
    const found = this.get(kind, id);
    if (!found) {
      throw new ModelError(
        "not_found",
        `${field}: no ${COLLECTIONS[kind].label} has id ${JSON.stringify(id)}`,
        {
          field,
          value: id,
        },
      );
    }
    return found;
  }

  newId(kind: CollectionKind): string {
    const spec = COLLECTIONS[kind].id;
    const taken = (id: string) => this.kindOf(id) !== undefined || this.overlay.has(`${kind}\u0000${id}`);
    if (spec.style === "short") return newShortId(spec.prefix, taken);
    if (spec.style === "uuid") return newUuid(taken);
    throw new Error(`ids of ${kind} are derived from the entities they belong to`);
  }

  nextNumericId(kind: NumberedKind): number {
    return this.highWater[kind] + 1;
  }

  changes(): Change[] {
    const out: Change[] = [];
    for (const [key, entry] of this.overlay) {
      out.push({ kind: entry.kind, id: key.slice(key.indexOf("\u0000") + 1), value: entry.value });
    }
    for (const [kind, value] of this.singletonOverlay) out.push({ kind, value } as Change);
    return out;
  }
}
