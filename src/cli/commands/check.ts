import { defineCommand } from "citty";
import { checkModel, type CheckProblem, type CheckResult } from "../../ops/check.js";
import { EXIT } from "../project-root.js";
import { projectFrom, runOp } from "../run-op.js";
import { terminalSafe } from "../../render/terminal.js";
import { print } from "../print.js";
import { projectArgs } from "../shared-args.js";
import { painter } from "../style.js";

const TITLES: Record<CheckProblem["rule"], string> = {
  load: "Model file does not load",
  unmitigated: "Unmitigated threat",
  stale_evidence: "Stale code evidence",
  expired_acceptance: "Expired risk acceptance",
};

/** GitHub Actions workflow commands escape %, CR and LF in the message, and also , and : in properties. */
const escapeData = (s: string) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");

export function githubAnnotation(problem: CheckProblem): string {
  const props = [
    ...(problem.file ? [`file=${escapeProperty(problem.file)}`] : []),
    ...(problem.line ? [`line=${problem.line}`] : []),
    `title=${escapeProperty(TITLES[problem.rule])}`,
  ];
  return `::error ${props.join(",")}::${escapeData(problem.message)}`;
}

function policyLine(result: CheckResult): string {
  const p = result.policy;
  const parts = [
    p.fail_on_severity === "none"
      ? "unmitigated threats: not checked"
      : `open threats of severity ${p.fail_on_severity} or above need a${p.require_resolved ? " resolved" : ""} mitigation`,
    p.allow_stale_evidence ? "stale evidence allowed" : "no stale code evidence",
    p.allow_expired_acceptances ? "expired acceptances allowed" : "no expired risk acceptance",
    "every model file loads",
  ];
  return `Policy: ${parts.join("; ")}.`;
}

export function renderCheck(result: CheckResult, format: "text" | "github", paint = painter()): string {
  const { checked } = result;
  const summary = `${checked.threats} threats (${checked.open_at_or_above} open at or above the threshold, ${checked.unrated_open} open without severity), ${checked.validations} code validations`;
  const lines: string[] = [];
  if (format === "github") lines.push(...result.problems.map(githubAnnotation));
  lines.push(
    result.ok
      ? `${paint("green", "threatmodel check: passed")} (${summary}).`
      : `${paint("red", `threatmodel check: FAILED with ${result.problems.length} problem${result.problems.length === 1 ? "" : "s"}`)} (${summary}):`,
  );
  for (const problem of result.problems) {
    const where = problem.file
      ? paint("dim", ` [${terminalSafe(problem.file)}${problem.line ? `:${problem.line}` : ""}]`)
      : "";
    lines.push(`  ${paint("red", "x")} ${TITLES[problem.rule]}: ${terminalSafe(problem.message)}${where}`);
  }
  lines.push(policyLine(result));
  return lines.join("\n");
}

export const checkCommand = defineCommand({
  meta: {
    name: "check",
    description:
      "CI gate: exit 1 when the threat model breaks the policy (unmitigated High/Critical threats, stale code evidence, expired risk acceptances, files that do not load); 2 on usage errors",
  },
  args: {
    ...projectArgs,
    "fail-on-severity": {
      type: "enum",
      options: ["Low", "Medium", "High", "Critical", "none"],
      default: "High",
      description: "Lowest severity of an open threat that needs a mitigation (none: do not check)",
    },
    "require-resolved": {
      type: "boolean",
      default: false,
      description: "Only resolved (implemented) mitigations count",
    },
    "allow-stale-evidence": {
      type: "boolean",
      default: false,
      description: "Do not fail on stale code evidence",
    },
    "allow-expired-acceptances": {
      type: "boolean",
      default: false,
      description: "Do not fail on risk acceptances past their expiry date",
    },
    format: {
      type: "enum",
      options: ["text", "github", "json"],
      description: "Output: text, github (annotations + text; the default under GitHub Actions) or json",
    },
    today: {
      type: "string",
      description: "Judge acceptance expiry as of this date (YYYY-MM-DD)",
      valueHint: "DATE",
    },
  },
  async run({ args }) {
    const project = projectFrom("check", args);
    if (!project.store.isSaved()) {
      console.error(
        `threatmodel check: no threat model in ${project.root} (run threatmodel init, then model it)`,
      );
      process.exit(EXIT.usage);
    }
    const result = await runOp<CheckResult>("check", project, checkModel, {
      fail_on_severity: args["fail-on-severity"],
      require_resolved: args["require-resolved"],
      allow_stale_evidence: args["allow-stale-evidence"],
      allow_expired_acceptances: args["allow-expired-acceptances"],
      ...(args.today ? { today: args.today } : {}),
    });
    const format = args.format ?? (process.env.GITHUB_ACTIONS === "true" ? "github" : "text");
    if (format === "json") print(JSON.stringify(result, null, 2));
    else print(renderCheck(result, format as "text" | "github"));
    process.exitCode = result.ok ? EXIT.ok : EXIT.failed;
  },
});
