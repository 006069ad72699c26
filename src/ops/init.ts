import { NoInput } from "./input.js";
import { task } from "./operation.js";

export interface InitResult {
  created: boolean;
  /** The `.threatmodel/` folder. */
  folder: string;
}

/** Writes a new project's model (manifest, git-ignore, defaults) to disk; an existing one is left as is. */
export const initModel = task(NoInput, async (ctx): Promise<InitResult> => {
  const existed = ctx.store.isSaved();
  // Re-recording the project state is a change on a model never saved, so the store writes it whole.
  if (!existed) await ctx.store.mutate((draft) => draft.setSingleton("project", draft.singleton("project")));
  return { created: !existed, folder: ctx.store.layout.base };
});
