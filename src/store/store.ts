import {
  appendFileSync,
  existsSync,
  fstatSync,
  openSync,
  closeSync,
  constants,
  readSync,
  statSync,
  readdirSync,
  watch,
  type FSWatcher,
} from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { ModelError } from "../domain/errors.js";
import { COLLECTIONS, COLLECTION_KINDS, NUMBERED_KINDS, type CollectionKind } from "../domain/kinds.js";
import { Model, SINGLETON_DEFAULTS, type Change, type Draft, type SingletonKind } from "../domain/model.js";
import { removeFile, writeFileAtomic, isTempFile } from "./atomic-file.js";
import { Layout } from "./layout.js";
import {
  SINGLETON_SCHEMAS,
  loadFromDisk,
  newManifest,
  parseEntityFile,
  parseSingletonFile,
  type LoadIssue,
} from "./loader.js";
import { FileLock } from "./lock.js";
import { readOwnFile } from "./own-files.js";
import { toFileJson } from "./serialize.js";

export interface StoreOptions {
  /** fsync each written file before it replaces the old one (default true: survives power loss too). */
  fsync?: boolean;
  lockTimeoutMs?: number;
  /**
   * Watch the model folders for files saved in place (an editor overwriting a file leaves the
   * folder's timestamp alone), so reads see such edits. For long-running servers; default false.
   * Writes check the files they replace either way.
   */
  watch?: boolean;
}

/** Identifies one version of a file cheaply (an in-place save changes its time or size). */
function statSignature(file: string): string {
  try {
    const stat = statSync(file);
    return `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
  } catch {
    return "absent";
  }
}

/** A model file: one entity of a collection, or a singleton. */
type FileTarget = { kind: CollectionKind; id: string } | { kind: SingletonKind };

interface FileOp {
  /** Relative to `.threatmodel/`. */
  file: string;
  content: string | null;
}

const GITIGNORE =
  "# Per-checkout machinery of threat-modeling-mcp-server (lock, change log, journal).\n.local/\n";
const LOG_COMPACT_BYTES = 4 * 1024 * 1024;
/** Far above what the store writes (it compacts the log at 4 MB; a journal holds one commit). */
const LOG_MAX_BYTES = 64 * 1024 * 1024;
const JOURNAL_MAX_BYTES = 256 * 1024 * 1024;
/** How often an operation is re-run on files edited in place while it ran (then it goes ahead). */
const MAX_EDIT_RETRIES = 3;

/**
 * The `.threatmodel/` folder as a durable, multi-process store.
 *
 * Every call runs under a cross-process lock. Before it runs, the store catches up with changes
 * other processes made (read from a shared change log, so it costs one `stat` when nothing
 * changed). A mutation is computed against a draft, validated whole, then written: one file is
 * replaced atomically; several files are first recorded in a journal that any process rolls
 * forward after a crash. Only then is the in-memory model updated and the call acknowledged.
 */
export class ModelStore {
  readonly layout: Layout;
  private model!: Model;
  // Assigned by reloadAll(), which the constructor calls.
  private exists!: boolean;
  private issues!: LoadIssue[];
  private quarantined!: Map<string, string>;
  private readOnlyReason: string | undefined;
  /** Why the store may not touch `.threatmodel/` at all (links or files where its folders belong). */
  private unsafe: string | undefined;
  private readonly lock: FileLock;
  private readonly fsync: boolean;
  private readonly lockTimeoutMs: number;
  private queue: Promise<unknown> = Promise.resolve();
  private logOffset = 0;
  private epoch = "";
  private dirStamps = new Map<string, number>();
  private readonly watching: boolean;
  private watchers = new Map<string, FSWatcher>();
  /** Files the watchers saw change since the last call (relative to `.threatmodel/`). */
  private savedInPlace = new Set<string>();
  /** The stat signature of each file this store last wrote: the watchers' reports of its own writes are skipped. */
  private ownWrites = new Map<string, string>();

  private constructor(root: string, options: StoreOptions) {
    this.layout = new Layout(root);
    this.lock = new FileLock(this.layout.lock);
    this.fsync = options.fsync ?? true;
    this.lockTimeoutMs = options.lockTimeoutMs ?? 15_000;
    this.watching = options.watch ?? false;
    this.reloadAll();
  }

  /** Opens (loads) the model of the project at `root`; `root` must already be resolved. */
  static open(root: string, options: StoreOptions = {}): ModelStore {
    return new ModelStore(root, options);
  }

  get root(): string {
    return this.layout.root;
  }

  /** Problems found while loading: quarantined files and dangling references. */
  loadIssues(): readonly LoadIssue[] {
    return this.issues;
  }

  /** Whether the model has been saved at least once (a new project holds only in-memory defaults). */
  isSaved(): boolean {
    return this.exists;
  }

  /** Runs a read against an up-to-date model. */
  read<T>(fn: (model: Model) => T): Promise<T> {
    return this.exclusive(async () => {
      if (this.unsafe !== undefined || (!this.exists && !existsSync(this.layout.manifest)))
        return fn(this.model);
      const recovered = await this.lock.acquire(this.lockTimeoutMs);
      try {
        this.refresh(recovered);
        return fn(this.model);
      } finally {
        this.lock.release();
      }
    });
  }

  /**
   * Runs an operation: `fn` validates and records its changes on a draft (throwing on any problem,
   * which leaves everything untouched); the changes are then made durable and applied.
   */
  mutate<T>(fn: (draft: Draft, model: Model) => T): Promise<T> {
    return this.exclusive(async () => {
      if (this.unsafe !== undefined) throw new ModelError("unsupported", this.unsafe);
      const recovered = await this.lock.acquire(this.lockTimeoutMs);
      try {
        this.refresh(recovered);
        if (this.unsafe !== undefined) throw new ModelError("unsupported", this.unsafe);
        if (this.readOnlyReason) throw new ModelError("unsupported", this.readOnlyReason);
        for (let attempt = 1; ; attempt++) {
          const draft = this.model.draft();
          const result = fn(draft, this.model);
          const changes = draft.changes();
          if (changes.length === 0) return result;
          // A file about to be written was edited in place since it was read: take the edit in and
          // run the operation again on it, so the edit is never overwritten by a stale copy.
          const edited = this.commit(changes, attempt <= MAX_EDIT_RETRIES);
          if (edited.length === 0) return result;
          for (const file of edited) {
            this.reloadFile(file);
            const reason = this.quarantined.get(file);
            if (reason !== undefined) throw this.quarantineRefusal(file, reason);
          }
        }
      } finally {
        this.lock.release();
      }
    });
  }

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  // ---- writing -------------------------------------------------------------------------------

  private fileOf(change: FileTarget): string {
    return "id" in change
      ? this.layout.entityFile(change.kind, change.id)
      : this.layout.singletonFile(change.kind);
  }

  private schemaOf(change: FileTarget) {
    return "id" in change ? COLLECTIONS[change.kind].schema : SINGLETON_SCHEMAS[change.kind];
  }

  private serialise(change: Change): string | null {
    if (change.value === null) return null;
    // Re-parse through the schema: canonical key order, and nothing invalid ever reaches disk.
    return toFileJson(this.schemaOf(change).parse(change.value));
  }

  private currentContent(change: FileTarget): string | null | undefined {
    if (!this.exists) return undefined;
    const current =
      "id" in change ? this.model.get(change.kind, change.id) : this.model.singleton(change.kind);
    if (current === undefined) return null;
    return toFileJson(this.schemaOf(change).parse(current));
  }

  /**
   * Makes `changes` durable, then applies them. With `checkDisk`, a file to be replaced whose
   * content on disk differs from what this store holds (edited in place by hand or by an editor,
   * which leaves the folder's timestamp alone) stops the commit before anything is written: those
   * files are returned for the caller to take in. Returns no files once the changes are written.
   */
  private commit(changes: Change[], checkDisk: boolean): string[] {
    const ops: FileOp[] = [];
    if (!this.exists) ops.push(...this.initialFiles());
    const highWater = { ...this.model.numericHighWater };
    let deletedNumbered = false;
    const edited = new Set<string>();
    for (const change of changes) {
      const file = this.layout.relative(this.fileOf(change));
      const reason = this.quarantined.get(file);
      if (reason !== undefined) throw this.quarantineRefusal(file, reason);
      const held = this.currentContent(change);
      if (checkDisk && held !== undefined && this.differsOnDisk(file, change, held)) {
        edited.add(file);
        continue;
      }
      const content = this.serialise(change);
      if (content === held) continue; // unchanged: no write, no git churn
      if (content === null && "id" in change && (NUMBERED_KINDS as readonly string[]).includes(change.kind)) {
        const old = this.model.get(change.kind, change.id) as { numericId?: number } | undefined;
        const kind = change.kind as (typeof NUMBERED_KINDS)[number];
        highWater[kind] = Math.max(highWater[kind], old?.numericId ?? 0);
        deletedNumbered = true;
      }
      const existing = ops.findIndex((op) => op.file === file);
      if (existing >= 0) ops.splice(existing, 1);
      ops.push({ file, content });
    }
    if (edited.size > 0) return [...edited];
    if (ops.length === 0) return [];
    // Remember the highest numericId of deleted entities so a display number is never handed out twice.
    if (deletedNumbered)
      ops.push({ file: this.layout.relative(this.layout.counters), content: toFileJson(highWater) });

    this.writeOps(ops);
    this.model.apply(changes);
    this.exists = true;
    this.recordDirStamps();
    return [];
  }

  /**
   * Whether a model file on disk says something else than `held`, what this store holds for it
   * (unreadable counts). Formatting alone does not count: contents are compared as the schema reads them.
   */
  private differsOnDisk(
    file: string,
    target: FileTarget,
    held: string | null = this.currentContent(target) ?? null,
  ): boolean {
    let text: string | null;
    try {
      text = readOwnFile(this.layout.absolute(file));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") return true;
      text = null;
    }
    if (text === held) return false;
    return (text === null ? this.absentContent(target) : this.canonical(target, text)) !== held;
  }

  /** What a missing file stands for: no entity, or a singleton's default. */
  private absentContent(change: FileTarget): string | null {
    if ("id" in change) return null;
    return toFileJson(this.schemaOf(change).parse(SINGLETON_DEFAULTS[change.kind]));
  }

  /** A file's content as this store would write it, or undefined when it does not pass the schema. */
  private canonical(change: FileTarget, text: string): string | undefined {
    try {
      const raw: unknown = JSON.parse(text);
      const value =
        "id" in change
          ? parseEntityFile(change.kind, change.id, raw)
          : parseSingletonFile(change.kind as SingletonKind, raw);
      if (typeof value === "string" || value instanceof Error) return undefined;
      return toFileJson(this.schemaOf(change).parse(value));
    } catch {
      return undefined;
    }
  }

  private quarantineRefusal(file: string, reason: string): ModelError {
    return new ModelError(
      "quarantined",
      `${path.posix.join(".threatmodel", file)} failed validation when loaded (${reason}); fix or delete that file before changing it`,
    );
  }

  /** The files a brand-new model is created with: manifest, git-ignore and every in-memory default. */
  private initialFiles(): FileOp[] {
    const ops: FileOp[] = [
      { file: this.layout.relative(this.layout.manifest), content: toFileJson(newManifest()) },
      { file: this.layout.relative(this.layout.gitignore), content: GITIGNORE },
    ];
    for (const kind of COLLECTION_KINDS) {
      for (const entity of this.model.list(kind)) {
        ops.push({
          file: this.layout.relative(this.layout.entityFile(kind, entity.id)),
          content: toFileJson(COLLECTIONS[kind].schema.parse(entity)),
        });
      }
    }
    return ops;
  }

  private writeOps(ops: FileOp[]): void {
    const journaled = ops.length > 1;
    if (journaled) {
      writeFileAtomic(this.layout.journal, JSON.stringify({ ops }), { fsync: this.fsync });
    }
    // Files first, then the log: a process that loads without the lock (see reloadAll) and finds an
    // entry already logged has therefore read that entry's files. A crash between the two leaves the
    // files unlogged while holding the lock: whoever breaks that lock makes every process reload.
    this.applyOps(ops);
    this.appendToLog(ops.map((op) => op.file));
    if (journaled) removeFile(this.layout.journal);
  }

  private applyOps(ops: FileOp[]): void {
    for (const op of ops) {
      const absolute = this.layout.absolute(op.file);
      if (op.content === null) removeFile(absolute);
      else writeFileAtomic(absolute, op.content, { fsync: this.fsync });
      if (this.watching) this.ownWrites.set(op.file, statSignature(absolute));
    }
  }

  private appendToLog(files: string[]): void {
    let header = "";
    if (!existsSync(this.layout.changeLog)) {
      this.epoch = randomBytes(6).toString("hex");
      header = `epoch ${this.epoch}\n`;
      this.logOffset = 0;
    }
    const text = header + files.map((file) => `${file}\n`).join("");
    try {
      appendFileSync(this.layout.changeLog, text);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      writeFileAtomic(this.layout.changeLog, text, { fsync: false });
    }
    // We hold the lock, so everything in the log up to here is already reflected in our model.
    this.logOffset = statSync(this.layout.changeLog).size;
    if (this.logOffset > LOG_COMPACT_BYTES) this.startNewEpoch();
  }

  /**
   * Starts the change log afresh under a new epoch, which makes every process reload the whole
   * model on its next call. Used after a process died holding the lock: it may have written files
   * without logging them.
   */
  private startNewEpoch(): void {
    this.epoch = randomBytes(6).toString("hex");
    writeFileAtomic(this.layout.changeLog, `epoch ${this.epoch}\n`, { fsync: false });
    this.logOffset = statSync(this.layout.changeLog).size;
  }

  // ---- catching up with other processes ------------------------------------------------------

  /** `recovered`: the lock was taken from a process that died holding it. */
  private refresh(recovered = false): void {
    if (recovered && existsSync(this.layout.changeLog)) this.startNewEpoch();
    if (existsSync(this.layout.journal)) {
      this.rollForward();
      return;
    }
    if (!this.exists) {
      if (existsSync(this.layout.manifest)) this.reloadAll();
      return;
    }
    if (recovered) {
      this.reloadAll();
      return;
    }
    const touchedDirs = this.replayLog();
    if (touchedDirs === undefined) return;
    this.detectExternalEdits(touchedDirs);
    this.takeInPlaceSaves();
  }

  /** Reloads the files the watchers saw saved whose content differs from the model's. */
  private takeInPlaceSaves(): void {
    if (this.savedInPlace.size === 0) return;
    const files = [...this.savedInPlace];
    this.savedInPlace.clear();
    for (const file of files) {
      if (this.ownWrites.get(file) === statSignature(this.layout.absolute(file))) continue;
      const target = this.layout.classify(file);
      if (target !== undefined && this.differsOnDisk(file, target)) this.reloadFile(file);
    }
  }

  /** Watches the model folders that exist (see `dirStamps`) and are not watched yet. */
  private armWatchers(): void {
    if (!this.watching) return;
    for (const [dir, stamp] of this.dirStamps) {
      if (stamp === -1 || this.watchers.has(dir)) continue;
      try {
        const watcher = watch(dir, { persistent: false }, (_event, name) => {
          if (typeof name === "string" && name.endsWith(".json") && !isTempFile(name))
            this.savedInPlace.add(this.layout.relative(path.join(dir, name)));
        });
        watcher.on("error", () => this.unwatch(dir));
        this.watchers.set(dir, watcher);
      } catch {
        // Not watchable here: reads then see in-place saves on the next write of that file, or
        // after a restart.
      }
    }
  }

  private unwatch(dir?: string): void {
    for (const [watched, watcher] of this.watchers) {
      if (dir !== undefined && watched !== dir) continue;
      watcher.close();
      this.watchers.delete(watched);
    }
  }

  /** Finishes a multi-file commit that a killed process left in the journal. */
  private rollForward(): void {
    let ops: FileOp[] = [];
    try {
      ops = this.journalOps(JSON.parse(readOwnFile(this.layout.journal, JOURNAL_MAX_BYTES)));
    } catch (error) {
      // Not a journal this store wrote (a repository can carry any file): never applied.
      ops = [];
      console.error(
        `[threatmodel] ignored ${this.layout.relative(this.layout.journal)}: ${(error as Error).message}`,
      );
    }
    if (ops.length > 0) {
      this.applyOps(ops);
      this.appendToLog(ops.map((op) => op.file));
    }
    removeFile(this.layout.journal);
    this.reloadAll();
  }

  /** The operations of a journal, if every one is a file this store writes (else it throws). */
  private journalOps(raw: unknown): FileOp[] {
    const ops = (raw as { ops?: unknown } | null)?.ops;
    if (!Array.isArray(ops)) throw new Error("it holds no list of operations");
    const own = new Set(
      [this.layout.manifest, this.layout.gitignore, this.layout.counters].map((f) => this.layout.relative(f)),
    );
    return ops.map((op: unknown, i) => {
      const { file, content } = (op ?? {}) as { file?: unknown; content?: unknown };
      if (typeof file !== "string" || (!own.has(file) && this.layout.classify(file) === undefined))
        throw new Error(`operation ${i} names ${JSON.stringify(file)}, not a model file`);
      if (typeof content !== "string" && content !== null) throw new Error(`operation ${i} has no content`);
      return { file, content };
    });
  }

  private reloadAll(): void {
    // The log position and folder stamps are taken before the files are read (the first load runs
    // without the lock): whatever another process commits meanwhile is replayed on the next call.
    this.unwatch(); // folders may have been replaced; re-armed by recordDirStamps
    this.savedInPlace.clear();
    this.catchUpLogPosition();
    this.recordDirStamps();
    const loaded = loadFromDisk(this.layout);
    this.model = loaded.model;
    this.exists = loaded.exists;
    this.issues = loaded.issues;
    this.quarantined = loaded.quarantined;
    this.readOnlyReason = loaded.readOnlyReason;
    this.unsafe = loaded.unsafeReason;
  }

  private catchUpLogPosition(): void {
    try {
      const content = readOwnFile(this.layout.changeLog, LOG_MAX_BYTES);
      this.epoch = /^epoch (\S+)/.exec(content)?.[1] ?? "";
      this.logOffset = Buffer.byteLength(content);
    } catch {
      this.epoch = "";
      this.logOffset = 0;
    }
  }

  /**
   * Applies the files other processes changed since our last look. Returns the model folders the
   * log accounted for, or undefined when it fell back to a full reload.
   */
  private replayLog(): Set<string> | undefined {
    let fd: number;
    try {
      fd = openSync(this.layout.changeLog, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
    } catch {
      if (this.logOffset !== 0) {
        this.reloadAll();
        return undefined;
      }
      return new Set();
    }
    try {
      const size = fstatSync(fd).size;
      if (size === this.logOffset) return new Set();
      if (size < this.logOffset) {
        this.reloadAll();
        return undefined;
      }
      const buffer = Buffer.alloc(size - this.logOffset);
      readSync(fd, buffer, 0, buffer.length, this.logOffset);
      const lines = buffer.toString("utf8").split("\n");
      const complete = lines.slice(0, -1); // a line without its newline is still being written
      if (this.logOffset === 0 || complete[0]?.startsWith("epoch ")) {
        const epoch = /^epoch (\S+)/.exec(complete[0] ?? "")?.[1];
        if (epoch !== this.epoch) {
          this.reloadAll();
          return undefined;
        }
      }
      const touched = new Set<string>();
      for (const file of new Set(complete)) {
        if (file.startsWith("epoch ") || file === "") continue;
        this.reloadFile(file);
        touched.add(path.posix.dirname(file));
      }
      this.logOffset += Buffer.byteLength(complete.map((l) => `${l}\n`).join(""));
      return touched;
    } finally {
      closeSync(fd);
    }
  }

  private reloadFile(file: string): void {
    const target = this.layout.classify(file);
    if (!target) return;
    const absolute = this.layout.absolute(file);
    let raw: unknown;
    try {
      raw = JSON.parse(readOwnFile(absolute));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") {
        this.quarantined.delete(file);
        if ("id" in target) this.model.put(target.kind, target.id, null);
        else this.model.setSingleton(target.kind, SINGLETON_DEFAULTS[target.kind] as never);
        return;
      }
      this.quarantineAtRuntime(file, (error as Error).message);
      return;
    }
    if ("id" in target) {
      const entity = parseEntityFile(target.kind, target.id, raw);
      if (typeof entity === "string") this.quarantineAtRuntime(file, entity);
      else {
        this.quarantined.delete(file);
        this.model.put(target.kind, target.id, entity);
      }
    } else {
      const value = parseSingletonFile(target.kind as SingletonKind, raw);
      if (value instanceof Error) this.quarantineAtRuntime(file, value.message);
      else {
        this.quarantined.delete(file);
        this.model.setSingleton(target.kind as SingletonKind, value as never);
      }
    }
  }

  private quarantineAtRuntime(file: string, reason: string): void {
    this.quarantined.set(file, reason);
    this.issues = [
      ...this.issues.filter((i) => i.file !== `.threatmodel/${file}`),
      { file: `.threatmodel/${file}`, reason },
    ];
    const target = this.layout.classify(file);
    if (target && "id" in target) this.model.put(target.kind, target.id, null);
  }

  private modelDirs(): string[] {
    return [this.layout.modelDir, ...COLLECTION_KINDS.map((kind) => this.layout.collectionDir(kind))];
  }

  private recordDirStamps(): void {
    this.dirStamps = new Map();
    for (const dir of this.modelDirs()) {
      try {
        this.dirStamps.set(dir, statSync(dir).mtimeMs);
      } catch {
        this.dirStamps.set(dir, -1);
      }
    }
    this.armWatchers();
  }

  /** Picks up files changed behind the store's back (git checkout, pull, merge, a hand edit). */
  private detectExternalEdits(loggedDirs: Set<string>): void {
    const changed: string[] = [];
    for (const dir of this.modelDirs()) {
      let stamp = -1;
      try {
        stamp = statSync(dir).mtimeMs;
      } catch {
        // folder absent
      }
      if (stamp !== this.dirStamps.get(dir) && !loggedDirs.has(this.layout.relative(dir))) changed.push(dir);
    }
    if (changed.length > 0) {
      for (const dir of changed) this.unwatch(dir); // possibly a new folder (git checkout): re-armed below
      if (changed.includes(this.layout.modelDir)) {
        this.reloadAll();
        return;
      }
      for (const dir of changed) this.reloadDirectory(dir);
    }
    this.recordDirStamps();
  }

  private reloadDirectory(dir: string): void {
    const kind = COLLECTION_KINDS.find((k) => this.layout.collectionDir(k) === dir) as CollectionKind;
    const present = new Set<string>();
    let names: string[] = [];
    try {
      names = readdirSync(dir);
    } catch {
      names = [];
    }
    for (const name of names) {
      if (isTempFile(name) || !name.endsWith(".json")) continue;
      const id = name.slice(0, -".json".length);
      present.add(id);
      this.reloadFile(this.layout.relative(path.join(dir, name)));
    }
    for (const entity of this.model.list(kind)) {
      if (!present.has(entity.id)) this.model.put(kind, entity.id, null);
    }
  }
}
