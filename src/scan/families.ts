import { ENUMS } from "../domain/enums.js";
/** The control families the scanner knows, one rule pack per family. */
export const FAMILIES = [
  "authentication",
  "authorization",
  "input-validation",
  "output-encoding",
  "sql-parameterization",
  "csrf",
  "tls",
  "encryption-at-rest",
  "secrets-management",
  "logging-audit",
  "error-handling",
  "rate-limiting",
  "security-headers",
  "session-management",
  "crypto-strength",
  "command-injection-safe",
  "path-traversal-safe",
  "ssrf-safe",
  "deserialization-safe",
  "xxe-safe",
] as const;

export type Family = (typeof FAMILIES)[number];

export const STRIDE = ENUMS.ThreatCategory;

export type StrideCategory = (typeof STRIDE)[number];

/** The STRIDE categories each control family mitigates (and that its weaknesses expose). */
export const familyStride: Readonly<Record<Family, readonly StrideCategory[]>> = {
  authentication: ["Spoofing"],
  authorization: ["Elevation of Privilege", "Information Disclosure"],
  "input-validation": ["Tampering", "Elevation of Privilege"],
  "output-encoding": ["Tampering", "Information Disclosure"],
  "sql-parameterization": ["Tampering", "Information Disclosure", "Elevation of Privilege"],
  csrf: ["Spoofing", "Tampering"],
  tls: ["Information Disclosure", "Tampering", "Spoofing"],
  "encryption-at-rest": ["Information Disclosure"],
  "secrets-management": ["Information Disclosure", "Spoofing"],
  "logging-audit": ["Repudiation"],
  "error-handling": ["Information Disclosure", "Denial of Service"],
  "rate-limiting": ["Denial of Service", "Spoofing"],
  "security-headers": ["Tampering", "Information Disclosure"],
  "session-management": ["Spoofing", "Elevation of Privilege"],
  "crypto-strength": ["Information Disclosure", "Tampering", "Spoofing"],
  "command-injection-safe": ["Elevation of Privilege", "Tampering"],
  "path-traversal-safe": ["Information Disclosure", "Tampering"],
  "ssrf-safe": ["Information Disclosure", "Elevation of Privilege"],
  "deserialization-safe": ["Elevation of Privilege", "Tampering"],
  "xxe-safe": ["Information Disclosure", "Denial of Service"],
};

export function isFamily(value: string): value is Family {
  return (FAMILIES as readonly string[]).includes(value);
}
