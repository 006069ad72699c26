import * as z from "zod";
import { showValue } from "./errors.js";
import { uniqueList } from "./fields.js";

/**
 * Framework references on threats and mitigations (CWE, CAPEC, MITRE ATT&CK, OWASP ASVS) and free
 * compliance control tags. Input is accepted in the common spellings and stored canonically.
 */
function idField(
  label: string,
  pattern: RegExp,
  canonical: (m: RegExpMatchArray) => string,
  example: string,
) {
  return z
    .string({ error: (issue) => `expected a ${label} id such as ${example}, got ${showValue(issue.input)}` })
    .transform((s, ctx) => {
      const match = s.trim().match(pattern);
      if (!match) {
        ctx.issues.push({
          code: "custom",
          input: s,
          message: `${showValue(s)} is not a valid ${label} id (expected the form ${example})`,
        });
        return z.NEVER;
      }
      return canonical(match);
    });
}

/** `CWE-79` (also accepts `cwe-79` and `79`). */
export const CweId = idField("CWE", /^(?:cwe-?)?(\d{1,5})$/i, (m) => `CWE-${Number(m[1])}`, "CWE-79");
/** `CAPEC-66` (also accepts `capec-66` and `66`). */
export const CapecId = idField(
  "CAPEC",
  /^(?:capec-?)?(\d{1,4})$/i,
  (m) => `CAPEC-${Number(m[1])}`,
  "CAPEC-66",
);
/** ATT&CK technique `T1190` or sub-technique `T1059.001`. */
export const AttackTechniqueId = idField(
  "MITRE ATT&CK technique",
  /^t(\d{4})(?:\.(\d{3}))?$/i,
  (m) => `T${m[1]}${m[2] ? `.${m[2]}` : ""}`,
  "T1190 or T1059.001",
);
/** On mitigations, ATT&CK mitigation ids (`M1041`) are accepted as well as technique ids. */
export const AttackMitigationOrTechniqueId = idField(
  "MITRE ATT&CK technique or mitigation",
  /^(?:t(\d{4})(?:\.(\d{3}))?|m(\d{4}))$/i,
  (m) => (m[3] ? `M${m[3]}` : `T${m[1]}${m[2] ? `.${m[2]}` : ""}`),
  "T1190, T1059.001 or M1041",
);
/** OWASP ASVS requirement, stored as `V5.3.4` (also accepts `5.3.4`). */
export const AsvsId = idField(
  "OWASP ASVS requirement",
  /^v?(\d{1,2})\.(\d{1,2})\.(\d{1,2})$/i,
  (m) => `V${Number(m[1])}.${Number(m[2])}.${Number(m[3])}`,
  "V5.3.4",
);
/** A compliance control as `<framework>:<control>`, e.g. `PCI-DSS:3.5.1`, `ISO27001:A.8.24`, `SOC2:CC6.1`. */
export const ComplianceTag = z
  .string({ error: (issue) => `expected a compliance control, got ${showValue(issue.input)}` })
  .transform((s) => s.trim())
  .check(
    z.refine((s: string) => /^[A-Za-z0-9][A-Za-z0-9 ._/&-]{0,39}:\S[^\n]{0,79}$/.test(s), {
      error: (issue) =>
        `${showValue(issue.input)} is not a compliance control (expected <framework>:<control>, e.g. PCI-DSS:3.5.1)`,
    }),
  );

export const CweIds = uniqueList(CweId, 50);
export const CapecIds = uniqueList(CapecId, 50);
export const AttackIds = uniqueList(AttackTechniqueId, 50);
export const AttackMitigationIds = uniqueList(AttackMitigationOrTechniqueId, 50);
export const AsvsIds = uniqueList(AsvsId, 50);
export const ComplianceTags = uniqueList(ComplianceTag, 50);

/** The framework fields threats and mitigations share, in export order. */
export const FRAMEWORK_FIELDS = ["cwe", "capec", "attack", "asvs", "compliance"] as const;
export type FrameworkField = (typeof FRAMEWORK_FIELDS)[number];
export type FrameworkRefs = Partial<Record<FrameworkField, readonly string[]>>;
