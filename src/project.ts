import type { OpContext } from "./ops/operation.js";
import { ModelStore, type StoreOptions } from "./store/store.js";

/** A project root and its model store, opened on first use so the server answers `initialize` at once. */
export class Project {
  private opened: ModelStore | undefined;

  constructor(
    readonly root: string,
    private readonly storeOptions: StoreOptions = {},
  ) {}

  get store(): ModelStore {
    this.opened ??= ModelStore.open(this.root, this.storeOptions);
    return this.opened;
  }

  get isOpen(): boolean {
    return this.opened !== undefined;
  }

  context(extra: Omit<OpContext, "store"> = {}): OpContext {
    return { store: this.store, ...extra };
  }
}
