import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { TOOLS_END, TOOLS_START, renderToolReference, withToolReference } from "../../src/mcp/tool-docs.js";
import { toolsFor } from "../../src/mcp/toolsets.js";

describe("README tool reference", () => {
  const reference = renderToolReference();

  it("documents every tool of every toolset with its parameters", () => {
    for (const tool of toolsFor("all")) expect(reference, tool.name).toContain(`#### \`${tool.name}\``);
    expect(reference).toContain("- `components` (list of objects)");
    expect(reference).toMatch(/ {2}- `type` \(`Compute` \\\| `Storage`/);
    expect(reference).toContain("- `cascade` (boolean; default false)");
    expect(reference).toMatch(
      /#### `add_component`\n\n.*\n\nToolsets: seed, all\. Changes the model, not destructive\./,
    );
  });

  it("is up to date in README.md (regenerate: npm run build && node scripts/gen-tool-docs.mjs)", () => {
    const readme = readFileSync("README.md", "utf8");
    expect(readme).toContain(TOOLS_START);
    expect(readme).toContain(TOOLS_END);
    expect(withToolReference(readme, reference) === readme, "README.md tool reference is stale").toBe(true);
  });
});
