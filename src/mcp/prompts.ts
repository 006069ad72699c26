import type { McpServer } from "@modelcontextprotocol/server";
import * as z from "zod";
import { PROMPTS } from "../methodology/prompts.js";
import type { OpenProject } from "./open-project.js";
import { loadRuntime } from "./runtime-loader.js";
import type { ToolsetName } from "./toolset-names.js";

/** Registers the quick-start prompts; each renders its text from the model when it is fetched. */
export function registerPrompts(server: McpServer, openProject: OpenProject, toolset: ToolsetName): void {
  for (const spec of PROMPTS) {
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
        const { invoke, promptText, TEXT_ADAPTERS } = await loadRuntime();
        const text = await invoke(promptText(spec.name), (await openProject()).context(), args);
        // Prompts are written with seed-style calls; the compact toolset gets them translated.
        const adapted = TEXT_ADAPTERS[toolset](text);
        return {
          description: spec.description,
          messages: [{ role: "user" as const, content: { type: "text" as const, text: adapted } }],
        };
      },
    );
  }
}
