import { existsSync } from "node:fs";
import path from "node:path";
import * as z from "zod";
import { LIMITS } from "../domain/limits.js";
import { placeholderValues } from "../methodology/guidance.js";
import { PROMPTS, mitigationWork, type PromptName } from "../methodology/prompts.js";
import { fillTemplate, loadTemplate } from "../methodology/template.js";
import { Layout } from "../store/layout.js";
import { opt } from "./input.js";
import { task } from "./operation.js";
import { projectFolder, withEvaluation } from "./methodology.js";

const PromptArgs = z.strictObject({
  folder: opt(z.string().max(LIMITS.name)),
  since: opt(z.string().max(LIMITS.name)),
});

/** The text of a quick-start prompt, filled in from the model and the project folder. */
export function promptText(name: PromptName) {
  const spec = PROMPTS.find((p) => p.name === name)!;
  return task(PromptArgs, (ctx, input) => {
    const root = ctx.store.root;
    // Resolve (and refuse) the folder before anything is read.
    const folder =
      name === "threat_model_subfolder" ? projectFolder(root, input.folder ?? "", "folder") : undefined;
    return withEvaluation(ctx, (c) => {
      const extra: Record<string, () => string> = {
        root: () => root,
        since: () => (input.since ? ` since \`${input.since}\`` : ""),
        mitigation_work: () => mitigationWork(c.model),
      };
      if (folder) {
        const absolute = path.join(root, ...folder.relative.split("/").filter(Boolean));
        if (folder.relative === "") {
          return `The folder is the project root this server already serves, so no second server is needed.\n\n${fillTemplate(loadTemplate("prompts", "threat-model-project"), placeholderValues(c, undefined, extra))}`;
        }
        Object.assign(extra, {
          folder: () => folder.relative,
          folder_absolute: () => absolute,
          folder_status: () =>
            existsSync(new Layout(absolute).manifest)
              ? `\`${folder.relative}\` already has a model in its \`.threatmodel/\` folder; the server for it will continue that model.`
              : `\`${folder.relative}\` has no model yet; the server for it creates \`${folder.relative}/.threatmodel/\` on the first change.`,
        });
      }
      return fillTemplate(loadTemplate("prompts", spec.template), placeholderValues(c, undefined, extra));
    });
  });
}
