import { spawnSync } from "node:child_process";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { TOOLSET_NAMES, toolsFor } from "../../src/mcp/toolsets.js";
import { tempProject } from "../helpers/project.js";
import { BUNDLE } from "../helpers/stdio.js";

/**
 * The last Inspector release that runs on Node 20 (v2 needs Node >= 22.19). Its CLI has no
 * `--strict`; instead every schema it lists is compiled with Ajv in strict mode below.
 */
const INSPECTOR = "@modelcontextprotocol/inspector@1.0.3";

function inspector(root: string, serverArgs: string[], method: string[]) {
  const result = spawnSync(
    "npx",
    ["-y", INSPECTOR, "--cli", process.execPath, BUNDLE, "--project", root, ...serverArgs, ...method],
    { encoding: "utf8", timeout: 240_000, env: { ...process.env, npm_config_update_notifier: "false" } },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface ListedTool {
  name: string;
  inputSchema: object;
  outputSchema?: object;
}

describe(`MCP Inspector CLI (${INSPECTOR})`, () => {
  it.each(TOOLSET_NAMES)(
    "lists the %s toolset, and every schema compiles under Ajv strict mode",
    (toolset) => {
      const temp = tempProject();
      try {
        const run = inspector(temp.root, ["--toolset", toolset], ["--method", "tools/list"]);
        expect(run.code, run.stderr).toBe(0);
        const { tools } = JSON.parse(run.stdout) as { tools: ListedTool[] };
        expect(tools.map((t) => t.name)).toEqual(toolsFor(toolset).map((t) => t.name));
        const ajv = new Ajv2020({ strict: true });
        for (const tool of tools) {
          expect(() => ajv.compile(tool.inputSchema), `${tool.name} input`).not.toThrow();
          if (tool.outputSchema)
            expect(() => ajv.compile(tool.outputSchema!), `${tool.name} output`).not.toThrow();
        }
      } finally {
        temp.cleanup();
      }
    },
    300_000,
  );

  it("calls a tool and gets structured content back", () => {
    const temp = tempProject();
    try {
      const run = inspector(
        temp.root,
        [],
        [
          "--method",
          "tools/call",
          "--tool-name",
          "upsert_architecture",
          "--tool-arg",
          'components=[{"name":"API","type":"Compute"}]',
        ],
      );
      expect(run.code, run.stderr).toBe(0);
      const result = JSON.parse(run.stdout) as { isError?: boolean; structuredContent: { created: number } };
      expect(result.isError).not.toBe(true);
      expect(result.structuredContent.created).toBe(1);
    } finally {
      temp.cleanup();
    }
  }, 300_000);
});
