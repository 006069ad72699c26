import { existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { dataPath } from "../../src/data-dir.js";
import { toolsFor } from "../../src/mcp/toolsets.js";
import { mentionedToolNames } from "../../src/methodology/examples.js";
import { PROMPTS } from "../../src/methodology/prompts.js";
import { connect, type TestSession } from "../helpers/client.js";
import { tempProject } from "../helpers/project.js";

let session: TestSession | undefined;
const cleanups: (() => void)[] = [];
afterEach(async () => {
  await session?.close();
  session = undefined;
  cleanups.splice(0).forEach((f) => f());
});

const textOf = (contents: unknown[]) => (contents[0] as { text: string }).text;

async function promptText(s: TestSession, name: string, args: Record<string, string> = {}) {
  const result = await s.client.getPrompt({ name, arguments: args });
  expect(result.messages).toHaveLength(1);
  const content = result.messages[0]!.content;
  if (content.type !== "text") throw new Error(`prompt ${name} returned ${content.type}`);
  return content.text;
}

describe("prompts", () => {
  it("lists the five quick-start prompts and renders each with live data", async () => {
    session = await connect();
    const listed = (await session.client.listPrompts()).prompts;
    expect(listed.map((p) => p.name).sort()).toEqual([
      "complete_threat_model",
      "implement_mitigations",
      "threat_model_project",
      "threat_model_subfolder",
      "update_threat_model",
    ]);
    expect(listed.find((p) => p.name === "threat_model_subfolder")!.arguments).toEqual([
      expect.objectContaining({ name: "folder", required: true }),
    ]);
    const project = await promptText(session, "threat_model_project");
    expect(project).toContain(session.root);
    expect(project).toMatch(/Overall: 0% \(0 of 9 applicable phases complete\); current phase: 1/);
    expect(await promptText(session, "update_threat_model", { since: "v1.2" })).toMatch(
      /^Update the threat model after code changes since `v1\.2`\./,
    );
    expect(await promptText(session, "complete_threat_model")).toMatch(
      /\| 7\.5 \| Code Validation Analysis \|/,
    );
    expect(await promptText(session, "implement_mitigations")).toMatch(/No threat is open/);
  });

  it("implement_mitigations lists the mitigations still to implement, most severe threat first", async () => {
    session = await connect();
    const s = session;
    const threat = (severity: string, action: string) =>
      s.ok("add_threat", {
        threat_source: "attacker",
        prerequisites: "with network access",
        threat_action: action,
        threat_impact: "harm",
        severity,
      });
    const low = await threat("Low", "scrape prices");
    const critical = await threat("Critical", "take over accounts");
    const m1 = await s.ok("add_mitigation", { content: "Rate limit the catalogue" });
    const m2 = await s.ok("add_mitigation", { content: "Require MFA for account changes" });
    const done = await s.ok("add_mitigation", { content: "Already shipped", status: "mitigationResolved" });
    await s.ok("link_mitigation_to_threat", { mitigation_id: m1.id, threat_id: low.id });
    await s.ok("link_mitigation_to_threat", { mitigation_id: m2.id, threat_id: critical.id });
    await s.ok("link_mitigation_to_threat", { mitigation_id: done.id, threat_id: critical.id });
    const text = await promptText(s, "implement_mitigations");
    expect(text.indexOf("Require MFA")).toBeGreaterThan(0);
    expect(text.indexOf("Require MFA")).toBeLessThan(text.indexOf("Rate limit"));
    expect(text).not.toContain("Already shipped");
  });

  it("threat_model_subfolder explains the per-folder server and refuses folders outside the project", async () => {
    session = await connect();
    mkdirSync(path.join(session.root, "services", "billing"), { recursive: true });
    const text = await promptText(session, "threat_model_subfolder", { folder: "services/billing" });
    const absolute = path.join(session.root, "services", "billing");
    expect(text).toContain(`--project ${absolute}`);
    expect(text).toContain(`THREATMODEL_PROJECT=${absolute}`);
    expect(text).toContain("`services/billing` has no model yet");
    expect(await promptText(session, "threat_model_subfolder", { folder: "." })).toMatch(
      /^The folder is the project root this server already serves/,
    );
    await expect(
      session.client.getPrompt({ name: "threat_model_subfolder", arguments: { folder: "../elsewhere" } }),
    ).rejects.toThrow(/outside the project root/);
    await expect(
      session.client.getPrompt({ name: "threat_model_subfolder", arguments: { folder: "missing" } }),
    ).rejects.toThrow(/is not a folder in the project/);
  });

  it("a server started on a subfolder keeps that folder's own .threatmodel/", async () => {
    const outer = tempProject();
    cleanups.push(outer.cleanup);
    const sub = path.join(outer.root, "services", "billing");
    mkdirSync(sub, { recursive: true });
    session = await connect({ root: sub });
    await session.ok("set_business_context", { description: "Billing service" });
    expect(existsSync(path.join(sub, ".threatmodel", "model", "business-context.json"))).toBe(true);
    expect(existsSync(path.join(outer.root, ".threatmodel"))).toBe(false);
    await session.close();
    // A server on the outer root then sees the folder's model as an existing one.
    session = await connect({ root: outer.root });
    expect(await promptText(session, "threat_model_subfolder", { folder: "services/billing" })).toContain(
      "`services/billing` already has a model",
    );
  });
});

describe("resources", () => {
  it("lists the model, the report, the plan and one guidance per phase", async () => {
    session = await connect();
    const listed = (await session.client.listResources()).resources.map((r) => r.uri);
    expect(listed).toEqual(
      expect.arrayContaining(["threatmodel://model", "threatmodel://report", "threatmodel://guidance/plan"]),
    );
    const phases = listed.filter((uri) => uri.startsWith("threatmodel://guidance/phase/"));
    expect(phases.map((uri) => uri.split("/").pop())).toEqual([
      "1",
      "2",
      "3",
      "4",
      "5",
      "6",
      "7",
      "7.5",
      "8",
      "9",
    ]);
    const templates = (await session.client.listResourceTemplates()).resourceTemplates;
    expect(templates.map((t) => t.uriTemplate)).toContain("threatmodel://guidance/phase/{phase}");
  });

  it("serves the model as JSON with its digest", async () => {
    session = await connect();
    const component = await session.ok("add_component", { name: "API", type: "Compute" });
    const read = await session.client.readResource({ uri: "threatmodel://model" });
    expect(read.contents[0]!.mimeType).toBe("application/json");
    const model = JSON.parse(textOf(read.contents));
    expect(model.model_digest).toMatch(/^[0-9a-f]{64}$/);
    expect(model.components).toEqual([expect.objectContaining({ id: component.id, name: "API" })]);
    expect(model["threat-actors"]).toHaveLength(10);
    expect(model.project).toEqual({ phase_overrides: [] });
  });

  it("serves the report rendered from the model as it is now, the same bytes the export writes", async () => {
    session = await connect();
    const empty = textOf((await session.client.readResource({ uri: "threatmodel://report" })).contents);
    expect(empty).toMatch(/^<!-- threatmodel:digest [0-9a-f]{64} -->\n# Threat model: /);
    await session.ok("add_component", { name: "Payments API", type: "Compute" });
    const read = await session.client.readResource({ uri: "threatmodel://report" });
    expect(read.contents[0]!.mimeType).toBe("text/markdown");
    const report = textOf(read.contents);
    expect(report).toContain("Payments API");
    await session.ok("export_threat_model", { formats: ["md"] });
    expect(readFileSync(path.join(session.root, ".threatmodel", "threat-model.md"), "utf8")).toBe(report);
  });

  it("serves each phase's guidance and the plan, and refuses an unknown phase", async () => {
    session = await connect();
    for (const id of ["1", "4", "7", "7.5", "9"]) {
      const read = await session.client.readResource({ uri: `threatmodel://guidance/phase/${id}` });
      expect(textOf(read.contents)).toMatch(new RegExp(`^# Phase ${id.replace(".", "\\.")}: `));
    }
    const plan = await session.client.readResource({ uri: "threatmodel://guidance/plan" });
    expect(textOf(plan.contents)).toMatch(/^# Threat modeling plan/);
    await expect(session.client.readResource({ uri: "threatmodel://guidance/phase/8.5" })).rejects.toThrow(
      /"8\.5" is not a phase/,
    );
  });
});

describe("server instructions", () => {
  it("stay within 2 KB and name only real tools and prompts", async () => {
    const text = readFileSync(dataPath("server-instructions.md"), "utf8");
    expect(Buffer.byteLength(text, "utf8")).toBeLessThanOrEqual(2048);
    session = await connect();
    expect(session.client.getInstructions()).toBe(text);
    const known = new Set([...toolsFor("all").map((t) => t.name), ...PROMPTS.map((p) => p.name)]);
    const named = mentionedToolNames(text);
    expect(named.length).toBeGreaterThanOrEqual(8);
    expect(named.filter((name) => !known.has(name))).toEqual([]);
  });
});

describe("accept_threat_risk", () => {
  it("records an acceptance and refuses bad input without changing the threat", async () => {
    session = await connect();
    const s = session;
    const threat = await s.ok("add_threat", {
      threat_source: "attacker",
      prerequisites: "with a phishing kit",
      threat_action: "steal staff credentials",
      threat_impact: "account takeover",
    });
    expect(
      await s.fail("accept_threat_risk", { threat_id: threat.id, reason: "x", expires_on: "2027-02-30" }),
    ).toMatch(/expires_on.*not a real calendar date/);
    expect(await s.fail("accept_threat_risk", { threat_id: "T-NOPE", reason: "x" })).toMatch(
      /threat_id: no threat has id/,
    );
    expect((await s.ok("get_threat", { id: threat.id })).threat.acceptance).toBeUndefined();
    const accepted = await s.ok("accept_threat_risk", {
      threat_id: threat.id,
      reason: "Staff use hardware keys",
      owner: "Security lead",
      expires_on: "2027-02-28",
    });
    expect(accepted.threat.acceptance).toEqual({
      reason: "Staff use hardware keys",
      owner: "Security lead",
      expires_on: "2027-02-28",
    });
    await s.ok("update_threat", { id: threat.id, status: "threatResolved" });
    expect(await s.fail("accept_threat_risk", { threat_id: threat.id, reason: "again" })).toMatch(
      /only an open threat \(threatIdentified\) can have its risk accepted/,
    );
  });
});
