import { readFileSync } from "node:fs";
import { McpServer } from "@modelcontextprotocol/server";
import { dataPath } from "../data-dir.js";
import type { Project } from "../project.js";
import { VERSION } from "../version.js";
import { forMcp } from "./json-schema.js";
import { registerPrompts } from "./prompts.js";
import { registerResources } from "./resources.js";
import { runTool } from "./run-tool.js";
import { DEFAULT_TOOLSET, toolsFor, type ToolsetName } from "./toolsets.js";

export interface ServerOptions {
  toolset?: ToolsetName;
  readOnly?: boolean;
}

export const SERVER_NAME = "threat-modeling-mcp-server";

/** Builds the MCP server for a project: the chosen toolset's declarations, registered in one loop. */
export function createServer(project: Project, options: ServerOptions = {}): McpServer {
  const server = new McpServer(
    { name: SERVER_NAME, version: VERSION },
    { instructions: readFileSync(dataPath("server-instructions.md"), "utf8") },
  );
  for (const tool of toolsFor(options.toolset ?? DEFAULT_TOOLSET, options.readOnly)) {
    server.registerTool(
      tool.name,
      {
        title: tool.title,
        description: tool.description,
        inputSchema: forMcp(tool.op.input, "input"),
        outputSchema: forMcp(tool.output, "output"),
        annotations: tool.annotations,
      },
      (input: unknown, ctx) => runTool(tool, project, input, ctx),
    );
  }
  registerPrompts(server, project);
  registerResources(server, project);
  // Load the model once the handshake is done, so the first tool call does not pay for it.
  server.server.oninitialized = () => {
    setImmediate(() => {
      try {
        void project.store;
      } catch (error) {
        console.error(`[threatmodel] could not load the model: ${(error as Error).message}`);
      }
    });
  };
  return server;
}
