import { showValue } from "../domain/errors.js";
import path from "node:path";
import * as z from "zod";
import { ENUMS } from "../domain/enums.js";
import type { Threat } from "../domain/entities.js";
import type { ModelReader } from "../domain/model.js";
import { expiredAcceptances, isCalendarDate, todayUtc } from "../domain/risk.js";
import type { Layout } from "../store/layout.js";
import { task } from "./operation.js";
import { findStaleEvidence, type StaleEvidence } from "./validation.js";

const SEVERITIES = ENUMS.ThreatSeverity;
type Severity = (typeof SEVERITIES)[number];

/** What the CI gate enforces; every rule can be relaxed by a flag. */
export const CheckPolicy = z.strictObject({
  /** Open threats at or above this severity need a mitigation; "none" turns the rule off. */
  fail_on_severity: z.enum([...SEVERITIES, "none"]).default("High"),
  /** Only resolved (implemented) mitigations count. */
  require_resolved: z.boolean().default(false),
  allow_stale_evidence: z.boolean().default(false),
  allow_expired_acceptances: z.boolean().default(false),
  /** The date acceptances are judged against (YYYY-MM-DD); default today (UTC). */
  today: z
    .string()
    .refine(isCalendarDate, { error: (issue) => `${showValue(issue.input)} is not a date (YYYY-MM-DD)` })
    .optional(),
});
export type CheckPolicy = z.output<typeof CheckPolicy>;

export type CheckRule = "load" | "unmitigated" | "stale_evidence" | "expired_acceptance";

export interface CheckProblem {
  rule: CheckRule;
  message: string;
  /** Project-relative file the problem is about (a model file, or code for evidence). */
  file?: string;
  line?: number;
}

export interface CheckResult {
  ok: boolean;
  problems: CheckProblem[];
  policy: CheckPolicy;
  /** What was looked at, for the summary line. */
  checked: { threats: number; open_at_or_above: number; validations: number; unrated_open: number };
}

const rank = (severity: Severity | undefined) => (severity ? SEVERITIES.indexOf(severity) : -1);

function relative(layout: Layout, file: string): string {
  return path.relative(layout.root, file).split(path.sep).join("/");
}

function label(threat: Threat): string {
  const statement = threat.statement.length > 120 ? `${threat.statement.slice(0, 117)}...` : threat.statement;
  return `threat #${threat.numericId} (${threat.severity ?? "unrated"}): ${statement}`;
}

/** Open threats at or above the policy's severity with no mitigation that counts. */
function unmitigated(model: ModelReader, layout: Layout, policy: CheckPolicy) {
  const counting = new Set(
    model
      .list("mitigation")
      .filter((m) =>
        policy.require_resolved
          ? m.status === "mitigationResolved"
          : m.status !== "mitigationResolvedWillNotAction",
      )
      .map((m) => m.id),
  );
  const mitigated = new Set(
    model
      .list("mitigation_link")
      .filter((link) => counting.has(link.mitigation_id))
      .map((l) => l.threat_id),
  );
  const open = model.list("threat").filter((t) => t.status === "threatIdentified" && !t.acceptance);
  const threshold = policy.fail_on_severity === "none" ? Infinity : rank(policy.fail_on_severity);
  const atOrAbove = open.filter((t) => rank(t.severity) >= threshold);
  const problems = atOrAbove
    .filter((t) => !mitigated.has(t.id))
    .sort((a, b) => rank(b.severity) - rank(a.severity) || a.numericId - b.numericId)
    .map((t): CheckProblem => ({
      rule: "unmitigated",
      message: `${label(t)} has no ${policy.require_resolved ? "resolved " : ""}mitigation (link one, or accept the risk with a reason)`,
      file: relative(layout, layout.entityFile("threat", t.id)),
      line: 1,
    }));
  return { problems, atOrAbove: atOrAbove.length, unrated: open.filter((t) => !t.severity).length };
}

/** Verdicts whose code evidence is stale (marked so, or no longer matching the code now), at their code. */
function staleProblems(model: ModelReader, layout: Layout, stale: readonly StaleEvidence[]): CheckProblem[] {
  return stale.map((item) => {
    const validation = model.list("validation").find((v) => v.threat_id === item.threat_id);
    const evidence = validation?.evidence[0];
    return {
      rule: "stale_evidence" as const,
      message: `code evidence for threat #${item.numericId} is stale: ${item.reasons.join("; ")} (re-run code validation)`,
      ...(evidence
        ? { file: evidence.file, line: evidence.line }
        : { file: relative(layout, layout.entityFile("threat", item.threat_id)), line: 1 }),
    };
  });
}

/** Runs the CI policy over the model as it is on disk. */
export const checkModel = task(CheckPolicy, async (ctx, policy): Promise<CheckResult> => {
  const layout = ctx.store.layout;
  const load: CheckProblem[] = ctx.store.loadIssues().map((issue) => ({
    rule: "load",
    message: `${issue.file} does not load: ${issue.reason}`,
    file: issue.file,
    line: 1,
  }));
  const staleFound = policy.allow_stale_evidence ? [] : await findStaleEvidence(ctx);
  return ctx.store.read((model) => {
    const threats = unmitigated(model, layout, policy);
    const stale = staleProblems(model, layout, staleFound);
    const expired = policy.allow_expired_acceptances
      ? []
      : expiredAcceptances(model, policy.today ?? todayUtc()).map((e): CheckProblem => ({
          rule: "expired_acceptance",
          message: `the risk acceptance of threat #${e.numericId} expired on ${e.expires_on}${e.owner ? ` (owner: ${e.owner})` : ""}: review it, mitigate or accept again`,
          file: relative(layout, layout.entityFile("threat", e.threat_id)),
          line: 1,
        }));
    const problems = [...load, ...threats.problems, ...expired, ...stale];
    return {
      ok: problems.length === 0,
      problems,
      policy,
      checked: {
        threats: model.count("threat"),
        open_at_or_above: threats.atOrAbove,
        validations: model.count("validation"),
        unrated_open: threats.unrated,
      },
    };
  });
});
