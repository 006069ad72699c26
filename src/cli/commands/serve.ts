import { defineCommand } from "citty";
import { StdioServerTransport } from "@modelcontextprotocol/server/stdio";
import { createServer } from "../../mcp/server.js";
import { DEFAULT_TOOLSET, TOOLSET_NAMES, type ToolsetName } from "../../mcp/toolsets.js";
import { Project } from "../../project.js";
import { resolveProjectRoot } from "../../store/paths.js";
import { projectArgs } from "../shared-args.js";

// Large enough that an oversized argument reaches validation and gets a clear refusal instead of a dropped connection.
const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

function connectionHint(root: string): string {
  return [
    "threat-modeling-mcp-server speaks MCP over stdio: it is meant to be started by an MCP client, not typed at.",
    "Add it to your client, for example:",
    `  claude mcp add threatmodel -- npx -y threat-modeling-mcp-server --project ${JSON.stringify(root)}`,
    "or run `threatmodel init` for configuration snippets for every client. Waiting for a client on stdin (Ctrl-C to quit).",
  ].join("\n");
}

export const serveCommand = defineCommand({
  meta: { name: "serve", description: "Serve the MCP server over stdio (the default command)" },
  args: {
    ...projectArgs,
    toolset: {
      type: "enum",
      options: [...TOOLSET_NAMES],
      default: DEFAULT_TOOLSET,
      description: "Which tools to expose",
    },
    "read-only": { type: "boolean", default: false, description: "Expose only tools that change nothing" },
  },
  async run({ args }) {
    const root = resolveProjectRoot({ project: args.project });
    const project = new Project(root);
    const server = createServer(project, {
      toolset: args.toolset as ToolsetName,
      readOnly: args["read-only"],
    });
    if (process.stdin.isTTY) console.error(connectionHint(root));
    const transport = new StdioServerTransport(process.stdin, process.stdout, {
      maxBufferSize: MAX_MESSAGE_BYTES,
    });
    transport.onclose = () => process.exit(0);
    process.stdin.on("end", () => process.exit(0));
    await server.connect(transport);
  },
});
