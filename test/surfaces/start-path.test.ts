import { describe, expect, it } from "vitest";
import { DefaultJsonSchemaValidator } from "../../src/mcp/sdk-node-shim.js";
import { TOOLSET_NAMES } from "../../src/mcp/toolset-names.js";
import { connect } from "../helpers/client.js";
import { tempProject } from "../helpers/project.js";
import { spawnServer } from "../helpers/stdio.js";

// The bundle lists tools from listings computed at build time and loads the declarations on first
// call; these tests hold it to exactly what the declarations say.
describe("the bundled server's start path", () => {
  for (const toolset of TOOLSET_NAMES) {
    for (const readOnly of [false, true]) {
      it(`advertises the ${toolset}${readOnly ? " read-only" : ""} toolset exactly as its declarations do`, async () => {
        const temp = tempProject();
        const bundled = await spawnServer(temp.root, [
          "--toolset",
          toolset,
          ...(readOnly ? ["--read-only"] : []),
        ]);
        const live = await connect({ root: temp.root, toolset, readOnly });
        try {
          const [fromBundle, fromDeclarations] = await Promise.all([
            bundled.client.listTools(),
            live.client.listTools(),
          ]);
          expect(fromBundle.tools.length).toBeGreaterThan(readOnly ? 5 : 20);
          expect(fromBundle).toEqual(fromDeclarations);
          expect(bundled.client.getInstructions()).toEqual(live.client.getInstructions());
          expect(await bundled.client.listPrompts()).toEqual(await live.client.listPrompts());
        } finally {
          await bundled.client.close();
          await live.close();
          temp.cleanup();
        }
      });
    }
  }

  it("refuses a bad call with the full schema's message, loaded on first use", async () => {
    const temp = tempProject();
    const bundled = await spawnServer(temp.root, ["--toolset", "seed"]);
    try {
      const result = await bundled.client.callTool({
        name: "add_component",
        arguments: { name: "API", type: "Mainframe" },
      });
      expect(result.isError).toBe(true);
      const [content] = result.content as { type: string; text: string }[];
      expect(content?.text).toMatch(/type: "Mainframe" is not a valid ComponentType; allowed: Compute, /);
    } finally {
      await bundled.client.close();
      temp.cleanup();
    }
  });
});

describe("the bundle's stand-in for the SDK's Node shim", () => {
  it("validates JSON Schema with the SDK's Ajv validator, loaded on first use", () => {
    const validate = new DefaultJsonSchemaValidator().getValidator<{ port: number }>({
      type: "object",
      properties: { port: { type: "integer", minimum: 1 } },
      required: ["port"],
    });
    expect(validate({ port: 8080 })).toMatchObject({ valid: true, data: { port: 8080 } });
    const refused = validate({ port: 0 });
    expect(refused.valid).toBe(false);
    expect(refused.errorMessage).toMatch(/port must be >= 1/);
  });
});
