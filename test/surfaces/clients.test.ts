import { readdirSync } from "node:fs";
import path from "node:path";
import { Client as ClientV2, StreamableHTTPClientTransport as HttpV2 } from "@modelcontextprotocol/client";
import { StdioClientTransport as StdioV2 } from "@modelcontextprotocol/client/stdio";
import { Client as ClientV1 } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport as StdioV1 } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport as HttpV1 } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHttpServer, type SpawnedHttpServer } from "../helpers/http-server.js";
import { tempProject } from "../helpers/project.js";
import { RecordingTransport, type AnyTransport } from "../helpers/recording.js";
import { BUNDLE, threatArgs } from "../helpers/stdio.js";

interface CallResult {
  isError?: boolean;
  structuredContent?: unknown;
  content?: unknown;
}
/** What both SDK generations' clients offer. */
interface AnyClient {
  connect(transport: never): Promise<void>;
  listTools(): Promise<{ tools: { name: string }[] }>;
  callTool(params: { name: string; arguments: Record<string, unknown> }): Promise<CallResult>;
  close(): Promise<void>;
}

const CLIENTS = {
  v2: () => new ClientV2({ name: "surfaces-v2", version: "1.0.0" }) as unknown as AnyClient,
  v1: () => new ClientV1({ name: "surfaces-v1", version: "1.0.0" }) as unknown as AnyClient,
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Data = any;

/** A short session with the default (compact) toolset: batch writes with refs, links, reads, a refusal. */
async function shortSession(client: AnyClient, root: string) {
  const call = async (name: string, args: Record<string, unknown>): Promise<Data> => {
    const result = await client.callTool({ name, arguments: args });
    if (result.isError) throw new Error(`${name}: ${JSON.stringify(result.content)}`);
    return result.structuredContent;
  };
  const { tools } = await client.listTools();
  expect(tools.map((t) => t.name)).toEqual(
    expect.arrayContaining(["upsert_architecture", "upsert_threats", "link"]),
  );
  const arch = await call("upsert_architecture", {
    components: [{ ref: "web", name: "Web", type: "Compute" }],
    data_stores: [{ ref: "db", name: "Orders", type: "Relational", classification: "Confidential" }],
    connections: [{ source_id: "web", destination_id: "db", protocol: "TCP", port: 5432 }],
  });
  expect(arch.created).toBe(3);
  const tm = await call("upsert_threats", {
    threats: [{ ref: "t1", ...threatArgs("the order database"), category: "Tampering", severity: "High" }],
    mitigations: [{ content: "Parameterised queries", threat_ids: ["t1"] }],
  });
  const threat = await call("get_entity", { id: tm.refs.t1 });
  expect(threat.entity.mitigations).toHaveLength(1);
  const refused = await client.callTool({
    name: "upsert_architecture",
    arguments: { components: [{ name: "Rocket", type: "spaceship" }] },
  });
  expect(refused.isError).toBe(true);
  expect(JSON.stringify(refused.content)).toContain(
    'components[0].type: \\"spaceship\\" is not a valid ComponentType',
  );
  expect((await call("list_entities", { kind: "component" })).count).toBe(1);
  expect(readdirSync(path.join(root, ".threatmodel/model/threats"))).toEqual([`${tm.refs.t1}.json`]);
}

describe.each(Object.entries(CLIENTS))("the %s SDK client", (generation, makeClient) => {
  it("completes a short session over stdio", async () => {
    const temp = tempProject();
    try {
      const params = {
        command: process.execPath,
        args: [BUNDLE, "--project", temp.root],
        stderr: "pipe" as const,
      };
      const inner = (generation === "v1"
        ? new StdioV1(params)
        : new StdioV2(params)) as unknown as AnyTransport;
      const transport = new RecordingTransport(inner);
      const client = makeClient();
      await client.connect(transport as never);
      if (generation === "v1") expect(transport.initializeVersion()).toBe("2025-11-25");
      await shortSession(client, temp.root);
      await client.close();
    } finally {
      temp.cleanup();
    }
  });

  describe("over Streamable HTTP", () => {
    let server: SpawnedHttpServer;
    let temp: ReturnType<typeof tempProject>;
    beforeAll(async () => {
      temp = tempProject();
      server = await startHttpServer(temp.root);
    });
    afterAll(async () => {
      await server?.stop();
      temp?.cleanup();
    });

    it("completes a short session", async () => {
      const inner = (generation === "v1"
        ? new HttpV1(server.url)
        : new HttpV2(server.url)) as unknown as AnyTransport;
      const transport = new RecordingTransport(inner);
      const client = makeClient();
      await client.connect(transport as never);
      if (generation === "v1") expect(transport.initializeVersion()).toBe("2025-11-25");
      await shortSession(client, temp.root);
      await client.close();
    });
  });
});
