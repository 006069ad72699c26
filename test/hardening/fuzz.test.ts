import { execFileSync } from "node:child_process";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { COLLECTIONS, COLLECTION_KINDS } from "../../src/domain/kinds.js";
import { TOOLSET_NAMES, type ToolsetName } from "../../src/mcp/toolsets.js";
import { connect, type TestSession } from "../helpers/client.js";
import { snapshotModel } from "../helpers/files.js";
import { argsFor, resolveTokens } from "../helpers/fuzz-args.js";
import { canonicalModel, freshLoadVersusMemory, memoryVersusDisk } from "../helpers/model-check.js";
import { makeSandbox } from "../helpers/sandbox.js";
import { seedModel } from "../helpers/seed-model.js";

/*
 * Random sequences of tool calls (clean, hostile and broken arguments; see fuzz-args.ts) through a
 * real client, per toolset, on a project seeded with one entity of every kind. After every call:
 * the server answered (a result, or an isError with a message and no internal error), a refused
 * call changed no file, the model in memory is exactly the files on disk, a fresh load of the files
 * is the same model with no load issue and no dangling reference, and nothing outside the project
 * (or any file the project had) changed. After each sequence a fresh process loads the same model.
 *
 * Bounded in `npm test`; `npm run fuzz` raises FUZZ_RUNS (sequences per toolset) and FUZZ_CALLS
 * (calls per sequence). FUZZ_SEED replays a failure; FUZZ_STATS=1 prints accepted/refused counts.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 25);
const CALLS = Number(process.env.FUZZ_CALLS ?? 16);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const STATS: Record<string, { ok: number; error: number }> = {};
const LOADER = path.resolve("test/helpers/load-model.mjs");

/** Tools that scan, render or import: valid and slow, so they come up less often. */
const HEAVY =
  /^(validate_|execute_|export_|import_|suggest_|diff_|get_threat_modeling_plan$|get_phase_7_guidance$)/;

interface Command {
  tool: string;
  args: Record<string, unknown>;
}

interface ToolInfo {
  name: string;
  inputSchema: Record<string, unknown>;
  readOnly: boolean;
}

/** Ids of every entity a caller can name, by kind (derived records such as validations are not addressable). */
async function liveIds(session: TestSession): Promise<Map<string, string[]>> {
  return session.project.store.read(
    (model) =>
      new Map(
        COLLECTION_KINDS.filter((k) => ["short", "uuid"].includes(COLLECTIONS[k].id.style)).map((k) => [
          k,
          model.list(k).map((e) => e.id),
        ]),
      ),
  );
}

const brief = (value: unknown) => {
  const text = JSON.stringify(value, (_k, v: unknown) =>
    typeof v === "string" && v.length > 120 ? `${v.slice(0, 60)}…(${v.length} chars)` : v,
  );
  return text.length > 600 ? `${text.slice(0, 600)}…` : text;
};

/** A fresh process loads the files to the same model as the server holds. */
async function freshProcessAgrees(session: TestSession): Promise<string[]> {
  const out = execFileSync(process.execPath, [LOADER, session.root], {
    encoding: "utf8",
    maxBuffer: 64 << 20,
  });
  const loaded = JSON.parse(out) as {
    files: Record<string, string>;
    issues: { file: string; reason: string }[];
    dangling: unknown[];
    highWater: Record<string, number>;
  };
  const live = await session.project.store.read((model) => canonicalModel(model));
  const problems = [
    ...loaded.issues.map((i) => `fresh process: ${i.file}: ${i.reason}`),
    ...loaded.dangling.map((d) => `fresh process: dangling ${JSON.stringify(d)}`),
  ];
  const theirs = new Map(Object.entries(loaded.files));
  for (const [file, text] of live.files)
    if (theirs.get(file) !== text) problems.push(`fresh process: ${file} differs`);
  for (const file of theirs.keys()) if (!live.files.has(file)) problems.push(`fresh process: extra ${file}`);
  if (JSON.stringify(loaded.highWater) !== JSON.stringify(live.highWater))
    problems.push(
      `fresh process: high-water ${JSON.stringify(loaded.highWater)} vs ${JSON.stringify(live.highWater)}`,
    );
  return problems;
}

async function runSequence(toolset: ToolsetName, commands: Command[]): Promise<void> {
  const sandbox = makeSandbox({ git: true });
  const session = await connect({ root: sandbox.root, toolset });
  await seedModel(session.project.store);
  const seen = new Set<string>();
  const log: string[] = [];
  const fail = (problems: string[]) => {
    throw new Error(`${problems.join("\n")}\nafter calls:\n${log.join("\n")}`);
  };
  try {
    for (const command of commands) {
      const live = await liveIds(session);
      const liveSet = new Set([...live.values()].flat());
      for (const id of liveSet) seen.add(id);
      const args = resolveTokens(command.args, {
        live,
        dead: [...seen].filter((id) => !liveSet.has(id)),
      }) as Record<string, unknown>;
      const before = snapshotModel(sandbox.root);
      let result: Awaited<ReturnType<TestSession["call"]>>;
      try {
        result = await session.call(command.tool, args);
      } catch (error) {
        log.push(`${command.tool} ${brief(command.args)} → threw`);
        fail([`${command.tool} did not answer with a result: ${(error as Error).message}`]);
        return;
      }
      log.push(
        `${command.tool} ${brief(command.args)} → ${result.isError ? "error" : "ok"}: ${brief(result.text.slice(0, 200))}`,
      );
      const stat = (STATS[command.tool] ??= { ok: 0, error: 0 });
      stat[result.isError ? "error" : "ok"]++;
      const problems: string[] = [];
      if (result.text.trim() === "") problems.push("empty answer");
      if (result.isError) {
        if (/internal error|Maximum call stack|is not a function|Cannot read prop/i.test(result.text))
          problems.push(`unexpected failure: ${result.text.slice(0, 500)}`);
        const after = snapshotModel(sandbox.root);
        if (JSON.stringify([...after]) !== JSON.stringify([...before]))
          problems.push("a refused call changed model files");
      } else if (result.data === undefined) problems.push("success without structured content");
      problems.push(...(await memoryVersusDisk(session.project.store)));
      problems.push(...(await freshLoadVersusMemory(session.project.store)));
      problems.push(...sandbox.escapes());
      if (problems.length > 0) fail(problems);
    }
    const last = await freshProcessAgrees(session);
    if (last.length > 0) fail(last);
  } finally {
    await session.close();
    sandbox.cleanup();
  }
}

async function toolsOf(toolset: ToolsetName): Promise<ToolInfo[]> {
  const session = await connect({ toolset });
  const { tools } = await session.client.listTools();
  await session.close();
  return tools.map((t) => ({
    name: t.name,
    inputSchema: t.inputSchema as Record<string, unknown>,
    readOnly: t.annotations?.readOnlyHint === true,
  }));
}

describe.each(TOOLSET_NAMES)("protocol fuzzing, toolset %s", (toolset) => {
  it(`${RUNS} random call sequences keep the server answering and the model whole`, async () => {
    const tools = await toolsOf(toolset);
    expect(tools.length).toBeGreaterThan(10);
    const command = fc.oneof(
      ...tools.map((tool) => ({
        weight: HEAVY.test(tool.name) ? 1 : tool.readOnly ? 2 : 5,
        arbitrary: argsFor(tool.name, tool.inputSchema).map((args): Command => ({ tool: tool.name, args })),
      })),
    );
    let sequences = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: CALLS }), async (commands) => {
        sequences++;
        await runSequence(toolset, commands);
      }),
      { numRuns: RUNS, ...(SEED !== undefined ? { seed: SEED } : {}), verbose: 1 },
    );
    expect(sequences).toBeGreaterThanOrEqual(RUNS);
    if (process.env.FUZZ_STATS) console.error(toolset, JSON.stringify(STATS));
  }, 3_600_000);
});
