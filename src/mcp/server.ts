import { readFileSync } from "node:fs";
import { McpServer } from "@modelcontextprotocol/server";
import { dataPath } from "../data-dir.js";
import { terminalSafe } from "../render/terminal.js";
import { VERSION } from "../version.js";
import type { ToolCatalog } from "./catalog.js";
import { deferredSchema, OUTPUT_SCHEMA } from "./json-schema.js";
import type { OpenProject } from "./open-project.js";
import { registerPrompts } from "./prompts.js";
import { registerResources } from "./resources.js";
import { loadRuntime } from "./runtime-loader.js";
import { INSTRUCTIONS, type ToolsetName } from "./toolset-names.js";

export interface ServerOptions {
  toolset?: ToolsetName;
  readOnly?: boolean;
}

export const SERVER_NAME = "threat-modeling-mcp-server";

/**
 * Builds the MCP server for a project: the catalog's tools registered in one loop. Only listings
 * are needed to answer `initialize` and `tools/list`; a tool's zod schemas, its operation and the
 * project's store load on its first call, and are warmed up right after the handshake.
 */
export function createServer(openProject: OpenProject, catalog: ToolCatalog): McpServer {
  const server = new McpServer(
    { name: SERVER_NAME, version: VERSION },
    { instructions: readFileSync(dataPath(INSTRUCTIONS[catalog.toolset]), "utf8") },
  );
  for (const listing of catalog.listings) {
    const declaration = () => catalog.load(listing.name);
    server.registerTool(
      listing.name,
      {
        ...(listing.title !== undefined ? { title: listing.title } : {}),
        description: listing.description,
        inputSchema: deferredSchema(listing.inputSchema, async () => (await declaration()).op.input, "input"),
        outputSchema: deferredSchema(
          { ...OUTPUT_SCHEMA },
          async () => (await declaration()).output,
          "output",
        ),
        annotations: listing.annotations,
      },
      async (input: unknown, ctx) => {
        const { runTool } = await loadRuntime();
        return runTool(await declaration(), await openProject(), input, ctx);
      },
    );
  }
  registerPrompts(server, openProject, catalog.toolset);
  registerResources(server, openProject, catalog.toolset);
  // Once the handshake is done, load the declarations and the model so the first call does not wait.
  server.server.oninitialized = () => setImmediate(() => void warmUp(openProject, catalog));
  return server;
}

async function warmUp(openProject: OpenProject, catalog: ToolCatalog): Promise<void> {
  try {
    await catalog.preload();
    const project = await openProject();
    for (const issue of project.store.loadIssues())
      console.error(
        `[threatmodel] left out of the model: ${terminalSafe(issue.file)}: ${terminalSafe(issue.reason)}`,
      );
  } catch (error) {
    console.error(`[threatmodel] could not load the tools or the model: ${(error as Error).message}`);
  }
}
