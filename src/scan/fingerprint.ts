import { createHash } from "node:crypto";

/** Whitespace-insensitive form of a source line, so re-indentation does not change fingerprints. */
export function normaliseLine(line: string): string {
  return line.trim().replace(/\s+/g, " ");
}

/**
 * Identifies a finding independently of its line number: the rule, the file, the normalised
 * (redacted) text of the matched line, and which occurrence of that same text it is in the file.
 * Adding or removing lines elsewhere keeps the fingerprint; editing the matched line changes it.
 */
export function fingerprintOf(
  ruleId: string,
  file: string,
  normalisedLine: string,
  occurrence: number,
): string {
  return createHash("sha256")
    .update(`${ruleId}\0${file}\0${normalisedLine}\0${occurrence}`)
    .digest("hex")
    .slice(0, 24);
}
