import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { connect, type TestSession } from "../helpers/client.js";

let s: TestSession;
beforeEach(async () => {
  s = await connect({ toolset: "all" });
});
afterEach(() => s.close());

const phase = async (id: string) =>
  (
    (await s.ok("get_current_phase_status", {})).phases as {
      phase: string;
      met: boolean;
      criteria: { missing: string[] }[];
    }[]
  ).find((p) => p.phase === id)!;

describe("phase 9 is judged on the exports actually in the project", () => {
  it("is met once every format is written, and re-opens when the model changes", async () => {
    await s.ok("add_component", { name: "API", type: "Compute" });
    expect((await phase("9")).met).toBe(false);
    const exported = await s.ok("execute_final_export_step", {});
    expect(exported.files.length).toBeGreaterThanOrEqual(5);
    expect((await phase("9")).met).toBe(true);
    await s.ok("add_component", { name: "Worker", type: "Compute" });
    const after = await phase("9");
    expect(after.met).toBe(false);
    expect(after.criteria.flatMap((c) => c.missing).join(" ")).toMatch(/threat-model/);
  });
});
