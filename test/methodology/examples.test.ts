import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dataPath } from "../../src/data-dir.js";
import { toolsFor } from "../../src/mcp/toolsets.js";
import { extractExampleCalls, mentionedToolNames } from "../../src/methodology/examples.js";
import { PROMPTS } from "../../src/methodology/prompts.js";
import { connect, type TestSession } from "../helpers/client.js";

const TOOLS = new Map(toolsFor("all").map((tool) => [tool.name, tool]));
// Tools of the seed's contract that other work registers later may be named in prose (never in examples).
const SEED_TOOLS = new Set(
  (
    JSON.parse(readFileSync(path.resolve("../shared/reference/seed-tools.json"), "utf8")) as {
      tools: { name: string }[];
    }
  ).tools.map((t) => t.name),
);

const PROMPT_NAMES = new Set<string>(PROMPTS.map((p) => p.name));

/** Every problem with the example calls and tool names of one text; empty when all is well. */
function problemsIn(source: string, markdown: string): string[] {
  const problems: string[] = [];
  for (const block of extractExampleCalls(markdown)) {
    if (!block.ok) {
      problems.push(`${source}:${block.line}: ${block.error}`);
      continue;
    }
    const tool = TOOLS.get(block.call.tool);
    if (!tool) {
      problems.push(`${source}:${block.line}: example calls unregistered tool ${block.call.tool}`);
      continue;
    }
    const parsed = tool.op.input.safeParse(block.call.arguments);
    if (!parsed.success) {
      problems.push(
        `${source}:${block.line}: ${block.call.tool} rejects the example: ${parsed.error.message}`,
      );
    }
  }
  for (const name of mentionedToolNames(markdown)) {
    if (!TOOLS.has(name) && !SEED_TOOLS.has(name) && !PROMPT_NAMES.has(name))
      problems.push(`${source}: names unknown tool ${name}`);
  }
  return problems;
}

function dataFiles(folder: string): string[] {
  return readdirSync(dataPath(folder))
    .filter((f) => f.endsWith(".md"))
    .map((f) => path.join(folder, f));
}

describe("example calls in guidance texts", () => {
  it("the checker itself catches a bad example, an unknown tool and a malformed block", () => {
    const text = [
      "```json",
      '{"tool": "add_component", "arguments": {"name": "API", "type": "Mainframe"}}',
      "```",
      "```json",
      '{"tool": "no_such_tool", "arguments": {}}',
      "```",
      "```json",
      '{"tool": "add_component"}',
      "```",
      "Call `add_widget` next.",
    ].join("\n");
    const problems = problemsIn("sample", text);
    expect(problems).toHaveLength(4);
    expect(problems[0]).toMatch(/add_component rejects the example/);
    expect(problems[1]).toMatch(/unregistered tool no_such_tool/);
    expect(problems[2]).toMatch(/expected exactly/);
    expect(problems[3]).toMatch(/unknown tool add_widget/);
  });

  it("every data file's examples validate against the real tool schemas", () => {
    const files = [...dataFiles("guidance"), ...dataFiles("prompts"), "server-instructions.md"];
    expect(files.length).toBeGreaterThanOrEqual(21);
    let examples = 0;
    const problems: string[] = [];
    for (const file of files) {
      const text = readFileSync(dataPath(file), "utf8");
      examples += extractExampleCalls(text).length;
      problems.push(...problemsIn(file, text));
    }
    expect(problems).toEqual([]);
    expect(examples).toBeGreaterThanOrEqual(40);
  });

  describe("rendered through a real client", () => {
    let session: TestSession;
    beforeAll(async () => {
      session = await connect({ toolset: "all" });
      const api = await session.ok("add_component", { name: "API", type: "Compute" });
      const db = await session.ok("add_data_store", {
        name: "DB",
        type: "Relational",
        classification: "Confidential",
      });
      await session.ok("add_connection", { source_id: api.id, destination_id: db.id, protocol: "TCP" });
      await session.ok("add_threat", {
        threat_source: "attacker",
        prerequisites: "with network access",
        threat_action: "read the database",
        threat_impact: "disclosure of orders",
        affected_components: [db.id],
      });
    });
    afterAll(() => session.close());

    it("every guidance, plan and prompt result validates", async () => {
      const texts: [string, string][] = [];
      for (const name of TOOLS.keys()) {
        if (/^get_phase_[0-9_]+_guidance$/.test(name) || /_plan$/.test(name)) {
          const result = await session.call(name, {});
          expect(result.isError, `${name}: ${result.text}`).toBe(false);
          texts.push([name, result.text]);
        }
      }
      expect(texts.length).toBe(17); // 10 phases, 6 plans, follow_threat_modeling_plan
      const prompts = await session.client.listPrompts();
      for (const prompt of prompts.prompts) {
        const args = Object.fromEntries(
          (prompt.arguments ?? []).filter((a) => a.required).map((a) => [a.name, "."]),
        );
        const got = await session.client.getPrompt({ name: prompt.name, arguments: args });
        const text = got.messages.map((m) => (m.content.type === "text" ? m.content.text : "")).join("\n");
        texts.push([`prompt ${prompt.name}`, text]);
      }
      const problems = texts.flatMap(([source, text]) => problemsIn(source, text));
      expect(problems).toEqual([]);
      for (const [source, text] of texts) expect(text, source).not.toMatch(/\{\{\w+\}\}/);
    });

    it("every example without placeholder ids also succeeds when an agent runs it", async () => {
      const fresh = await connect();
      try {
        const files = [...dataFiles("guidance"), ...dataFiles("prompts")];
        const runnable = files.flatMap((file) =>
          extractExampleCalls(readFileSync(dataPath(file), "utf8")).flatMap((block) =>
            block.ok &&
            // advance_phase is a gate: it refuses on purpose until the phase is done.
            block.call.tool !== "advance_phase" &&
            !/-EXAMPLE|-FROM-RESULT/.test(JSON.stringify(block.call.arguments))
              ? [{ file, call: block.call }]
              : [],
          ),
        );
        expect(runnable.length).toBeGreaterThanOrEqual(20);
        const failures: string[] = [];
        for (const { file, call } of runnable) {
          const result = await fresh.call(call.tool, call.arguments);
          if (result.isError) failures.push(`${file}: ${call.tool}: ${result.text}`);
        }
        expect(failures).toEqual([]);
      } finally {
        await fresh.close();
      }
    });
  });
});
