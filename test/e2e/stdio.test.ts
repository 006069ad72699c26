import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { tempProject } from "../helpers/project.js";
import { spawnServer, threatArgs } from "../helpers/stdio.js";

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

describe("the built server over stdio", () => {
  it("runs a short session and leaves the model on disk", async () => {
    const temp = tempProject();
    cleanup = temp.cleanup;
    const server = await spawnServer(temp.root);
    const { client } = server;
    expect(client.getServerVersion()?.name).toBe("threat-modeling-mcp-server");
    expect(client.getInstructions()?.length).toBeGreaterThan(100);

    const component = await client.callTool({
      name: "add_component",
      arguments: { name: "Web", type: "Compute" },
    });
    const componentId = (component.structuredContent as { id: string }).id;
    const threat = await client.callTool({
      name: "add_threat",
      arguments: {
        ...threatArgs("the login form"),
        category: "Spoofing",
        affected_components: [componentId],
      },
    });
    const threatId = (threat.structuredContent as { id: string }).id;
    const refused = await client.callTool({
      name: "add_component",
      arguments: { name: "x".repeat(10 * 1024 * 1024), type: "Compute" },
    });
    expect(refused.isError).toBe(true);
    const listed = await client.callTool({ name: "list_threats", arguments: {} });
    expect((listed.structuredContent as { count: number }).count).toBe(1);
    await client.close();

    const file = path.join(temp.root, ".threatmodel/model/threats", `${threatId}.json`);
    const stored = JSON.parse(readFileSync(file, "utf8"));
    expect(stored).toMatchObject({ category: "Spoofing", affected_components: [componentId] });
    expect(server.stderr()).toBe("");
  });
});
