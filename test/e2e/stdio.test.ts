import { readFileSync, writeFileSync } from "node:fs";
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
  it("sees a model file saved in place by an editor, before any write", async () => {
    const temp = tempProject();
    cleanup = temp.cleanup;
    const { client } = await spawnServer(temp.root);
    try {
      const added = await client.callTool({
        name: "add_component",
        arguments: { name: "Web", type: "Compute", description: "before" },
      });
      const id = (added.structuredContent as { id: string }).id;
      const file = path.join(temp.root, ".threatmodel/model/components", `${id}.json`);
      const edited = { ...JSON.parse(readFileSync(file, "utf8")), description: "edited in the editor" };
      writeFileSync(file, `${JSON.stringify(edited, null, 2)}\n`); // in place: the folder's timestamp stays
      const description = async () => {
        const got = await client.callTool({ name: "get_component", arguments: { id } });
        return (got.structuredContent as { component: { description?: string } }).component.description;
      };
      // The server's watcher reports the save asynchronously: poll briefly rather than sleep blindly.
      const deadline = Date.now() + 5000;
      let seen = await description();
      while (seen !== "edited in the editor" && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 25));
        seen = await description();
      }
      expect(seen).toBe("edited in the editor");
    } finally {
      await client.close();
    }
  });
});
