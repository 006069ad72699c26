import { Client } from "@modelcontextprotocol/client";
import { InMemoryTransport } from "@modelcontextprotocol/server";
import { loadCatalog } from "../../src/mcp/catalog.js";
import { createServer, type ServerOptions } from "../../src/mcp/server.js";
import { Project } from "../../src/project.js";
import type { StoreOptions } from "../../src/store/store.js";
import { tempProject } from "./project.js";

export interface ToolCall {
  isError: boolean;
  text: string;
  // Structured content is untyped JSON on the wire; tests index into it freely.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  data: any;
}

export interface TestSession {
  root: string;
  client: Client;
  project: Project;
  call(name: string, args?: Record<string, unknown>): Promise<ToolCall>;
  /** Calls a tool that must succeed and returns its structured content. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  ok(name: string, args?: Record<string, unknown>): Promise<any>;
  /** Calls a tool that must fail and returns its error text. */
  fail(name: string, args?: Record<string, unknown>): Promise<string>;
  close(): Promise<void>;
}

/** A real SDK Client connected in-process to a real server over the SDK's in-memory transport. */
export async function connect(
  options: ServerOptions & { root?: string; store?: StoreOptions } = {},
): Promise<TestSession> {
  const temp = options.root ? undefined : tempProject();
  const root = options.root ?? temp!.root;
  const project = new Project(root, { fsync: false, ...options.store });
  // Tests name tools of every toolset; `all` is their union (the default toolset is the compact one).
  const catalog = await loadCatalog(options.toolset ?? "all", options.readOnly);
  const server = createServer(async () => project, catalog);
  const [serverSide, clientSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: "test-client", version: "1.0.0" });
  await client.connect(clientSide);

  const call = async (name: string, args: Record<string, unknown> = {}): Promise<ToolCall> => {
    const result = await client.callTool({ name, arguments: args });
    const content = (result.content ?? []) as { type: string; text?: string }[];
    return {
      isError: result.isError === true,
      text: content.map((c) => c.text ?? "").join("\n"),
      data: result.structuredContent,
    };
  };
  return {
    root,
    client,
    project,
    call,
    async ok(name, args) {
      const result = await call(name, args);
      if (result.isError) throw new Error(`${name} failed: ${result.text}`);
      return result.data;
    },
    async fail(name, args) {
      const result = await call(name, args);
      if (!result.isError) throw new Error(`${name} unexpectedly succeeded: ${result.text}`);
      return result.text;
    },
    async close() {
      await client.close();
      await server.close();
      temp?.cleanup();
    },
  };
}
