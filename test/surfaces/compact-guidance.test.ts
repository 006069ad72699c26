import { mkdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { extractExampleCalls } from "../../src/methodology/examples.js";
import { TO_COMPACT } from "../../src/mcp/compact-translation.js";
import { toolsFor } from "../../src/mcp/toolsets.js";
import { GUIDANCE_TOPICS } from "../../src/ops/guidance-topics.js";
import { connect, type TestSession } from "../helpers/client.js";

const PHASES = ["1", "2", "3", "4", "5", "6", "7", "7.5", "8", "9"];
const compact = new Map(toolsFor("compact").map((tool) => [tool.name, tool]));
const seedOnly = toolsFor("seed")
  .map((tool) => tool.name)
  .filter((name) => !compact.has(name));

let s: TestSession;
beforeAll(async () => {
  s = await connect({ toolset: "compact" });
  mkdirSync(path.join(s.root, "services/api"), { recursive: true });
});
afterAll(() => s.close());

async function compactTexts(): Promise<{ where: string; text: string }[]> {
  const texts: { where: string; text: string }[] = [];
  for (const phase of PHASES)
    texts.push({ where: `phase ${phase}`, text: (await s.ok("get_guidance", { phase })).text });
  for (const topic of GUIDANCE_TOPICS)
    texts.push({ where: `topic ${topic}`, text: (await s.ok("get_guidance", { topic })).text });
  const { prompts } = await s.client.listPrompts();
  for (const prompt of prompts) {
    const args = Object.fromEntries(
      (prompt.arguments ?? []).filter((a) => a.required).map((a) => [a.name, "services/api"]),
    );
    const result = await s.client.getPrompt({ name: prompt.name, arguments: args });
    texts.push({
      where: `prompt ${prompt.name}`,
      text: result.messages.map((m) => (m.content.type === "text" ? m.content.text : "")).join("\n"),
    });
  }
  return texts;
}

describe("guidance in the compact toolset", () => {
  it("every example call names a compact tool and validates against its schema", async () => {
    const problems: string[] = [];
    let checked = 0;
    for (const { where, text } of await compactTexts()) {
      for (const block of extractExampleCalls(text)) {
        if (!block.ok) {
          problems.push(`${where} line ${block.line}: ${block.error}`);
          continue;
        }
        checked++;
        const tool = compact.get(block.call.tool);
        if (!tool) {
          problems.push(`${where} line ${block.line}: ${block.call.tool} is not a compact tool`);
          continue;
        }
        const parsed = tool.op.input.safeParse(block.call.arguments);
        if (!parsed.success)
          problems.push(`${where} line ${block.line}: ${block.call.tool}: ${parsed.error.message}`);
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(20);
  });

  it("names no tool the compact toolset does not have", async () => {
    const mentions: string[] = [];
    for (const { where, text } of await compactTexts()) {
      for (const name of seedOnly)
        if (new RegExp(`\`${name}[\`(]`).test(text)) mentions.push(`${where}: ${name}`);
    }
    expect(mentions).toEqual([]);
  });

  it("has a translation for every seed tool that compact lacks", () => {
    // Enum discovery is in every compact schema; bulk clear/reset are deliberately absent (compact deletes by explicit ids).
    const deliberate =
      /^(get_data_model_types|list_data_models|get_business_context_features|clear_\w+|reset_\w+)$/;
    const untranslated = seedOnly.filter((name) => !TO_COMPACT[name] && !deliberate.test(name));
    expect(untranslated).toEqual([]);
  });
});
