import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "@modelcontextprotocol/client";
import { InMemoryTransport } from "@modelcontextprotocol/server";
import { loadCatalog } from "../../src/mcp/catalog.js";
import { createServer } from "../../src/mcp/server.js";
import type { AnyTool } from "../../src/mcp/tool.js";
import * as actors from "../../src/mcp/tools/actors.js";
import * as architecture from "../../src/mcp/tools/architecture.js";
import * as assets from "../../src/mcp/tools/assets.js";
import * as assumptions from "../../src/mcp/tools/assumptions.js";
import * as businessContext from "../../src/mcp/tools/business-context.js";
import * as dataModels from "../../src/mcp/tools/data-models.js";
import * as entities from "../../src/mcp/tools/entities.js";
import * as exporting from "../../src/mcp/tools/export.js";
import * as intelligence from "../../src/mcp/tools/intelligence.js";
import * as method from "../../src/mcp/tools/method.js";
import * as methodology from "../../src/mcp/tools/methodology.js";
import * as threats from "../../src/mcp/tools/threats.js";
import * as trust from "../../src/mcp/tools/trust.js";
import * as upsert from "../../src/mcp/tools/upsert.js";
import * as validation from "../../src/mcp/tools/validation.js";
import { DEFAULT_TOOLSET, TOOLSET_NAMES, toolsFor, type ToolsetName } from "../../src/mcp/toolsets.js";
import { Project } from "../../src/project.js";
import { ENTITY_KINDS, ENTITY_OPS } from "../../src/ops/entity-ops.js";
import { LIST_FILTERS, filtersOf } from "../../src/ops/entities.js";
import { connect, type TestSession } from "../helpers/client.js";
import { tempProject } from "../helpers/project.js";

interface ListedTool {
  name: string;
  inputSchema: { properties?: Record<string, unknown>; required?: string[] };
  annotations?: { readOnlyHint?: boolean };
}

/** Every exported declaration list of every tool module. */
const declarations = Object.fromEntries(
  [
    actors,
    architecture,
    assets,
    assumptions,
    businessContext,
    dataModels,
    entities,
    exporting,
    intelligence,
    method,
    methodology,
    threats,
    trust,
    upsert,
    validation,
  ]
    .flatMap((module) => Object.entries(module))
    .filter((entry): entry is [string, AnyTool[]] => Array.isArray(entry[1])),
);

/** The original server's tools/list, captured in the shared reference. */
const reference = JSON.parse(readFileSync(path.resolve("../shared/reference/seed-tools.json"), "utf8")) as {
  tools: { name: string; inputSchema: { properties?: Record<string, unknown>; required?: string[] } }[];
};

const listings = new Map<string, { tools: ListedTool[]; bytes: number }>();
const sessions: TestSession[] = [];

async function listing(toolset: ToolsetName, readOnly = false) {
  const key = `${toolset}${readOnly ? ":ro" : ""}`;
  if (!listings.has(key)) {
    const session = await connect({ toolset, readOnly });
    sessions.push(session);
    const result = await session.client.listTools();
    listings.set(key, { tools: result.tools as ListedTool[], bytes: JSON.stringify(result).length });
  }
  return listings.get(key)!;
}

beforeAll(async () => {
  for (const name of TOOLSET_NAMES) await listing(name);
});
afterAll(async () => {
  for (const session of sessions) await session.close();
});

describe("toolset budgets", () => {
  it("compact: at most 30 tools and 25 KB of tools/list", async () => {
    const { tools, bytes } = await listing("compact");
    expect(tools.length).toBeLessThanOrEqual(30);
    expect(bytes).toBeLessThanOrEqual(25_000);
  });

  it("seed: at most half of the original server's tools/list (110 KB)", async () => {
    const original = JSON.stringify({ tools: reference.tools }).length;
    expect(original).toBeGreaterThan(100_000);
    expect((await listing("seed")).bytes).toBeLessThanOrEqual(original / 2);
  });

  it("the server's default toolset is compact", async () => {
    const temp = tempProject();
    const project = new Project(temp.root, { fsync: false });
    const server = createServer(async () => project, await loadCatalog(DEFAULT_TOOLSET));
    const [serverSide, clientSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const client = new Client({ name: "default-toolset", version: "1.0.0" });
    await client.connect(clientSide);
    const { tools } = await client.listTools();
    await client.close();
    temp.cleanup();
    expect(DEFAULT_TOOLSET).toBe("compact");
    expect(tools.map((t) => t.name)).toEqual(toolsFor("compact").map((t) => t.name));
  });
});

describe("toolset contents", () => {
  it("compact covers every entity kind with a batch upsert and the generic tools", async () => {
    const { tools } = await listing("compact");
    const byName = new Map(tools.map((t) => [t.name, t]));
    for (const name of [
      "list_entities",
      "get_entity",
      "delete_entities",
      "link",
      "unlink",
      "set_business_context",
    ])
      expect(byName.has(name), name).toBe(true);
    const arrays = tools
      .filter((t) => t.name.startsWith("upsert_"))
      .flatMap((t) => Object.keys(t.inputSchema.properties ?? {}));
    const kindOfArray = (key: string) =>
      ENTITY_KINDS.find((kind) => `${kind}s` === key || `${kind.replace(/y$/, "ie")}s` === key);
    expect(arrays.map(kindOfArray).sort()).toEqual([...ENTITY_KINDS].sort());
    const kinds = (byName.get("list_entities")!.inputSchema.properties!.kind as { enum: string[] }).enum;
    expect([...kinds].sort()).toEqual([...ENTITY_KINDS].sort());
  });

  it("upsert items keep the add operation's guidance on fields", async () => {
    const { tools } = await listing("compact");
    const upsert = tools.find((t) => t.name === "upsert_threats")!;
    const threats = upsert.inputSchema.properties!.threats as {
      items: { properties: Record<string, { description?: string }> };
    };
    expect(threats.items.properties.threat_source!.description).toMatch(/^Who: /);
  });

  it("each toolset's server instructions name only tools that toolset has", async () => {
    const every = new Set(toolsFor("all").map((t) => t.name));
    for (const name of TOOLSET_NAMES) {
      const session = await connect({ toolset: name });
      sessions.push(session);
      const instructions = session.client.getInstructions() ?? "";
      const named = [...instructions.matchAll(/`([a-z0-9_]+)`/g)]
        .map((m) => m[1]!)
        .filter((n) => every.has(n));
      expect(named.length, name).toBeGreaterThan(3);
      const offered = new Set(toolsFor(name).map((t) => t.name));
      expect(
        named.filter((n) => !offered.has(n)),
        name,
      ).toEqual([]);
    }
  });

  it("an upsert item can carry every field the kind's add operation takes", () => {
    for (const kind of ENTITY_KINDS) {
      const addKeys = Object.keys(ENTITY_OPS[kind].add.input.shape);
      const updateKeys = Object.keys(ENTITY_OPS[kind].update.input.shape);
      expect(
        addKeys.filter((key) => !updateKeys.includes(key)),
        kind,
      ).toEqual([]);
    }
  });

  it("list_entities offers every filter of every kind's list operation", () => {
    for (const kind of ENTITY_KINDS) {
      for (const filter of filtersOf(kind))
        expect(Object.keys(LIST_FILTERS), `${kind}.${filter}`).toContain(filter);
    }
  });

  it("all is the union of every declaration, each name once", async () => {
    const { tools } = await listing("all");
    const names = tools.map((t) => t.name);
    expect(new Set(names).size).toBe(names.length);
    const declared = new Set(Object.values(declarations).flatMap((list) => list.map((t) => t.name)));
    expect([...names].sort()).toEqual([...declared].sort());
  });

  it("--read-only drops exactly the tools that change something", async () => {
    for (const name of TOOLSET_NAMES) {
      const full = (await listing(name)).tools;
      const readOnly = (await listing(name, true)).tools;
      const expected = full.filter((t) => t.annotations?.readOnlyHint === true).map((t) => t.name);
      expect(
        readOnly.map((t) => t.name),
        name,
      ).toEqual(expected);
      expect(readOnly.length, name).toBeGreaterThan(2);
      expect(readOnly.length, name).toBeLessThan(full.length);
    }
    const compactReadOnly = (await listing("compact", true)).tools.map((t) => t.name);
    for (const mutating of ["upsert_threats", "delete_entities", "link", "unlink", "set_business_context"])
      expect(compactReadOnly).not.toContain(mutating);
  });
});

describe("seed compatibility", () => {
  it("has all 107 seed tools with every seed parameter, requiring nothing the seed did not", async () => {
    const ours = new Map((await listing("seed")).tools.map((t) => [t.name, t]));
    const problems: string[] = [];
    for (const seedTool of reference.tools) {
      const tool = ours.get(seedTool.name);
      if (!tool) {
        problems.push(`missing tool ${seedTool.name}`);
        continue;
      }
      const params = Object.keys(tool.inputSchema.properties ?? {});
      for (const param of Object.keys(seedTool.inputSchema.properties ?? {})) {
        if (!params.includes(param)) problems.push(`${seedTool.name}: missing parameter ${param}`);
      }
      const seedRequired = seedTool.inputSchema.required ?? [];
      for (const required of tool.inputSchema.required ?? []) {
        if (!seedRequired.includes(required))
          problems.push(`${seedTool.name}: requires ${required}, the seed did not`);
      }
    }
    expect(reference.tools).toHaveLength(107);
    expect(problems).toEqual([]);
  });
});
