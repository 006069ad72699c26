import { readFileSync } from "node:fs";
import { McpServer } from "@modelcontextprotocol/server";
import { dataPath } from "../data-dir.js";
import type { Project } from "../project.js";
import { VERSION } from "../version.js";
import { forMcp } from "./json-schema.js";
import { registerPrompts } from "./prompts.js";
import { registerResources } from "./resources.js";
import { runTool } from "./run-tool.js";
import type { AnyTool } from "./tool.js";
import {
  DEFAULT_TOOLSET,
  INSTRUCTIONS,
  SCHEMA_STYLES,
  TEXT_ADAPTERS,
  toolsFor,
  type ToolsetName,
} from "./toolsets.js";

export interface ServerOptions {
  toolset?: ToolsetName;
  readOnly?: boolean;
}

export const SERVER_NAME = "threat-modeling-mcp-server";

/** A title is advertised only when it says more than the tool's name ("Add component" does not). */
function informativeTitle(tool: AnyTool): string | undefined {
  const words = (text: string) =>
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, " ")
      .trim();
  return words(tool.title) === words(tool.name) ? undefined : tool.title;
}

/** Builds the MCP server for a project: the chosen toolset's declarations, registered in one loop. */
export function createServer(project: Project, options: ServerOptions = {}): McpServer {
  const toolset = options.toolset ?? DEFAULT_TOOLSET;
  const server = new McpServer(
    { name: SERVER_NAME, version: VERSION },
    { instructions: readFileSync(dataPath(INSTRUCTIONS[toolset]), "utf8") },
  );
  for (const tool of toolsFor(toolset, options.readOnly)) {
    const title = informativeTitle(tool);
    server.registerTool(
      tool.name,
      {
        ...(title !== undefined ? { title } : {}),
        description: tool.description,
        inputSchema: forMcp(tool.op.input, "input", SCHEMA_STYLES[toolset]),
        outputSchema: forMcp(tool.output, "output"),
        annotations: tool.annotations,
      },
      (input: unknown, ctx) => runTool(tool, project, input, ctx),
    );
  }
  registerPrompts(server, project, TEXT_ADAPTERS[toolset]);
  registerResources(server, project, TEXT_ADAPTERS[toolset]);
  // Load the model once the handshake is done, so the first tool call does not pay for it.
  server.server.oninitialized = () => {
    setImmediate(() => {
      try {
        for (const issue of project.store.loadIssues())
          console.error(`[threatmodel] left out of the model: ${issue.file}: ${issue.reason}`);
      } catch (error) {
        console.error(`[threatmodel] could not load the model: ${(error as Error).message}`);
      }
    });
  };
  return server;
}
