import { defineCommand } from "citty";
import { StdioServerTransport } from "@modelcontextprotocol/server/stdio";
import { loadCatalog } from "../../mcp/catalog.js";
import { lazyProject, type OpenProject } from "../../mcp/open-project.js";
import { createServer, type ServerOptions } from "../../mcp/server.js";
import { limitLines, requestIdOf } from "../../mcp/stdio-limit.js";
import { type ToolsetName } from "../../mcp/toolset-names.js";
import { rootFrom } from "../project-root.js";
import { projectArgs, toolsetArgs } from "../shared-args.js";

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

async function serveHttp(openProject: OpenProject, options: ServerOptions, args: Record<string, unknown>) {
  const { startHttpServer } = await import("../../mcp/http.js");
  const port = Number(args.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(
      `threatmodel serve: --port must be a whole number from 0 to 65535, got ${String(args.port)}`,
    );
    process.exit(2);
  }
  const allowedHosts = String(args["allowed-hosts"] ?? "")
    .split(",")
    .map((h) => h.trim())
    .filter(Boolean);
  const token = process.env.THREATMODEL_TOKEN || undefined;
  try {
    const running = await startHttpServer(openProject, {
      ...options,
      host: String(args.host),
      port,
      ...(token !== undefined ? { token } : {}),
      ...(allowedHosts.length > 0 ? { allowedHosts } : {}),
    });
    console.error(
      `threatmodel: MCP over Streamable HTTP at ${running.url}${token ? " (bearer token required)" : ""}`,
    );
    const stop = () => void running.close().then(() => process.exit(0));
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  } catch (error) {
    console.error(`threatmodel serve: ${(error as Error).message}`);
    process.exit(2);
  }
}

export const serveCommand = defineCommand({
  meta: {
    name: "serve",
    description: "Serve the MCP server over stdio (the default command), or over Streamable HTTP with --http",
  },
  args: {
    ...projectArgs,
    ...toolsetArgs(
      "Which tools to expose: compact (few batch tools), seed (the original 107), all",
      "Expose only tools that change nothing",
    ),
    http: {
      type: "boolean",
      default: false,
      description: "Serve Streamable HTTP at /mcp instead of stdio (token: $THREATMODEL_TOKEN)",
    },
    host: {
      type: "string",
      default: "127.0.0.1",
      description: "HTTP bind address; anything but loopback requires THREATMODEL_TOKEN",
    },
    port: { type: "string", default: "8765", description: "HTTP port (0 picks a free one)" },
    "allowed-hosts": {
      type: "string",
      description: "Comma-separated host names clients use to reach the server (Host/Origin checks)",
      valueHint: "NAMES",
    },
  },
  async run({ args }) {
    const root = rootFrom("serve", args);
    // The project (its store and the operations behind it) opens on first use, after the handshake.
    const openProject = lazyProject(root);
    const toolset = args.toolset as ToolsetName;
    const options: ServerOptions = { toolset, readOnly: args["read-only"] };
    if (args.http) return serveHttp(openProject, options, args);
    const server = createServer(openProject, await loadCatalog(toolset, options.readOnly));
    if (process.stdin.isTTY) console.error(connectionHint(root));
    // A message over the limit is dropped and answered with an error; the connection stays usable.
    const input = limitLines(process.stdin, MAX_MESSAGE_BYTES, (head, bytes) => {
      const id = requestIdOf(head);
      console.error(`[threatmodel] dropped a ${bytes}-byte message (limit ${MAX_MESSAGE_BYTES})`);
      if (id === undefined) return;
      const message = `Request too large: ${bytes} bytes; the limit is ${MAX_MESSAGE_BYTES}. Nothing was done.`;
      process.stdout.write(`${JSON.stringify({ jsonrpc: "2.0", id, error: { code: -32600, message } })}\n`);
    });
    const transport = new StdioServerTransport(input, process.stdout, {
      maxBufferSize: MAX_MESSAGE_BYTES + 1024 * 1024,
    });
    transport.onclose = () => process.exit(0);
    process.stdin.on("end", () => process.exit(0));
    await server.connect(transport);
  },
});
