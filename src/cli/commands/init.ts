import path from "node:path";
import { defineCommand } from "citty";
import { DEFAULT_TOOLSET } from "../../mcp/toolset-names.js";
import { initModel, type InitResult } from "../../ops/init.js";
import { clientSnippets } from "../client-config.js";
import { EXIT } from "../project-root.js";
import { projectFrom, runOp } from "../run-op.js";
import { print } from "../print.js";
import { projectArgs, toolsetArgs } from "../shared-args.js";
import { painter } from "../style.js";

export const initCommand = defineCommand({
  meta: {
    name: "init",
    description: "Create .threatmodel/ in the project and print how to connect each MCP client to it",
  },
  args: {
    ...projectArgs,
    ...toolsetArgs(
      "Toolset the printed configurations ask for (seed: the original 107 tools)",
      "Configure clients for read-only use",
    ),
    client: {
      type: "string",
      description: "Print only one client's snippet: claude-code, cursor, vscode, codex or http",
      valueHint: "ID",
    },
  },
  async run({ args }) {
    const project = projectFrom("init", args);
    const extra = [
      ...(args.toolset !== DEFAULT_TOOLSET ? ["--toolset", args.toolset] : []),
      ...(args["read-only"] ? ["--read-only"] : []),
    ];
    const snippets = clientSnippets(project.root, extra);
    const chosen = args.client ? snippets.filter((s) => s.id === args.client) : snippets;
    if (chosen.length === 0) {
      console.error(
        `threatmodel init: --client ${JSON.stringify(args.client)} is unknown; choose one of: ${snippets.map((s) => s.id).join(", ")}`,
      );
      process.exit(EXIT.usage);
    }
    const result = await runOp<InitResult>("init", project, initModel, {});
    const paint = painter();
    const near = path.relative(process.cwd(), result.folder);
    const folder = near && !near.startsWith("..") && !path.isAbsolute(near) ? near : result.folder;
    const lines = [
      result.created
        ? `${paint("green", "Created")} ${folder} (commit .threatmodel/model/ with your code).`
        : `${folder} already exists; nothing was changed.`,
      "",
      `Connect your AI client (toolset: ${args.toolset}${args["read-only"] ? ", read-only" : ""}):`,
    ];
    for (const snippet of chosen) {
      lines.push("", paint("bold", `${snippet.client}`) + paint("dim", ` (${snippet.where})`), snippet.text);
    }
    print(lines.join("\n"));
  },
});
