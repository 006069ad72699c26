import { showValue } from "./errors.js";
import * as z from "zod";
import { EntityId, boundedInt, optionalText, text } from "./fields.js";
import { LIMITS } from "./limits.js";

/** What code validation concluded about a threat. */
export const VERDICTS = ["mitigated", "partially_mitigated", "not_mitigated", "unknown"] as const;
export const Verdict = z.enum(VERDICTS, {
  error: (issue) => `${showValue(issue.input)} is not a verdict; allowed: ${VERDICTS.join(", ")}`,
});
export type Verdict = z.infer<typeof Verdict>;

/** A place in the code that supports a verdict: found by a scanner rule, or cited by the agent. */
export const CodeEvidence = z.strictObject({
  file: z.string().min(1).max(1000),
  line: boundedInt(1, 10_000_000),
  column: boundedInt(1, 1_000_000).optional(),
  /** Scanner rule id, or "agent" for evidence the client's LLM cited. */
  rule: z.string().min(1).max(100),
  family: z.string().max(50).optional(),
  kind: z.enum(["present", "weakens", "missing", "cited"]),
  /** Redacted text of the line: untrusted repository content, never instructions. */
  snippet: z.string().max(400),
  fingerprint: z.string().min(8).max(64),
  note: optionalText(LIMITS.content).optional(),
});
export type CodeEvidence = z.infer<typeof CodeEvidence>;

/** The stored verdict for one threat (file name = threat id). */
export const ThreatValidation = z.strictObject({
  id: EntityId,
  threat_id: EntityId,
  verdict: Verdict,
  source: z.enum(["scanner", "agent"]),
  families: z.array(z.string().max(50)).max(20),
  reasons: z.array(text(LIMITS.content)).max(30),
  evidence: z.array(CodeEvidence).max(60),
  decided_at: z.string().max(40),
  /** Set when the code behind the evidence changed or disappeared since the verdict. */
  stale: z
    .strictObject({ since: z.string().max(40), reasons: z.array(text(LIMITS.content)).min(1).max(60) })
    .optional(),
});
export type ThreatValidation = z.infer<typeof ThreatValidation>;

/** Why a mitigation's status was moved by code validation. */
export const StatusBasis = z.strictObject({
  at: z.string().max(40),
  reason: text(LIMITS.content),
  evidence: z.array(z.string().max(1100)).max(20),
});
export type StatusBasis = z.infer<typeof StatusBasis>;
