import type { McpServer } from "@modelcontextprotocol/server";
import * as z from "zod";
import { PROMPTS } from "../methodology/prompts.js";
import { invoke } from "../ops/operation.js";
import { promptText } from "../ops/prompts.js";
import type { Project } from "../project.js";

/** Registers the quick-start prompts; each renders its text from the model when it is fetched. */
/** `adapt` rewrites texts for the toolset in use (e.g. seed-style calls into compact ones). */
export function registerPrompts(
  server: McpServer,
  project: Project,
  adapt: (text: string) => string = (t) => t,
): void {
  for (const spec of PROMPTS) {
    const op = promptText(spec.name);
    const shape = Object.fromEntries(
      spec.args.map((a) => {
        const field = z.string().describe(a.description);
        return [a.name, a.required ? field : field.optional()];
      }),
    );
    server.registerPrompt(
      spec.name,
      { title: spec.title, description: spec.description, argsSchema: z.object(shape) },
      async (args: Record<string, string | undefined>) => {
        const text = await invoke(op, project.context(), args);
        return {
          description: spec.description,
          messages: [{ role: "user" as const, content: { type: "text" as const, text: adapt(text) } }],
        };
      },
    );
  }
}
