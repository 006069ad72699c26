import { pathLabel } from "../render/format.js";
import { readFile, stat } from "node:fs/promises";
import { ModelError, isModelError } from "../domain/errors.js";
import type { CodeEvidence } from "../domain/validation.js";
import { fingerprintOf, normaliseLine } from "../scan/fingerprint.js";
import { redactSecrets } from "../scan/redact.js";
import { verifyEvidence } from "../scan/index.js";
import { resolveInsideRoot } from "../store/paths.js";

const AGENT_RULE = "agent";

export interface Citation {
  file: string;
  line: number;
  note?: string | undefined;
}

/** Largest file an agent may cite: far above source files, far below a memory risk. */
const MAX_CITED_FILE_BYTES = 32 * 1024 * 1024;

async function readLines(
  root: string,
  file: string,
  field: string,
): Promise<{ relative: string; lines: string[] } | undefined> {
  const target = resolveInsideRoot(root, file, field);
  let info;
  try {
    info = await stat(target.absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    throw error;
  }
  // Folders, pipes and devices are not code (and reading a pipe would wait forever).
  if (!info.isFile()) return undefined;
  if (info.size > MAX_CITED_FILE_BYTES)
    throw new ModelError(
      "invalid_input",
      `${field}: ${target.relative} is ${info.size} bytes; files over ${MAX_CITED_FILE_BYTES} bytes cannot be cited`,
      { field, value: file },
    );
  return { relative: target.relative, lines: (await readFile(target.absolute, "utf8")).split(/\r?\n/) };
}

/** The fingerprint of every line of a file, in one pass (identical lines are told apart by occurrence). */
function lineFingerprints(relative: string, lines: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return lines.map((line) => {
    const text = normaliseLine(redactSecrets(line));
    const occurrence = seen.get(text) ?? 0;
    seen.set(text, occurrence + 1);
    return fingerprintOf(AGENT_RULE, relative, text, occurrence);
  });
}

/** Turns a file:line the agent cites into evidence with a fingerprint, after checking the line exists. */
export async function citeEvidence(root: string, citation: Citation, field: string): Promise<CodeEvidence> {
  const read = await readLines(root, citation.file, `${field}.file`);
  if (!read) {
    throw new ModelError(
      "not_found",
      `${field}.file: ${JSON.stringify(citation.file)} does not exist in the project`,
      {
        field: `${field}.file`,
        value: citation.file,
      },
    );
  }
  if (citation.line > read.lines.length) {
    throw new ModelError(
      "invalid_input",
      `${field}.line: ${read.relative} has ${read.lines.length} lines, not ${citation.line}`,
      {
        field: `${field}.line`,
        value: citation.line,
      },
    );
  }
  const index = citation.line - 1;
  const redacted = redactSecrets(read.lines[index]!);
  return {
    file: read.relative,
    line: citation.line,
    rule: AGENT_RULE,
    kind: "cited",
    snippet: redacted.trim().slice(0, 400),
    fingerprint: lineFingerprints(read.relative, read.lines.slice(0, citation.line))[index]!,
    ...(citation.note ? { note: citation.note } : {}),
  };
}

export interface EvidenceCheck {
  status: "current" | "moved" | "changed" | "missing";
  line?: number;
  reason: string;
}

/** Re-checks stored evidence against the code as it is now (scanner findings and agent citations alike). */
export async function checkEvidence(root: string, evidence: CodeEvidence): Promise<EvidenceCheck> {
  let read: Awaited<ReturnType<typeof readLines>>;
  try {
    if (evidence.rule !== AGENT_RULE) return await verifyEvidence(root, evidence);
    read = await readLines(root, evidence.file, "file");
  } catch (error) {
    // A stored citation that can no longer be read (outside the project, too large) is stale, not fatal.
    if (isModelError(error)) return { status: "changed", reason: error.message };
    throw error;
  }
  if (!read) return { status: "missing", reason: `${pathLabel(evidence.file)} no longer exists` };
  const fingerprints = lineFingerprints(read.relative, read.lines);
  if (fingerprints[evidence.line - 1] === evidence.fingerprint) {
    return { status: "current", line: evidence.line, reason: "the cited line is unchanged" };
  }
  const moved = fingerprints.indexOf(evidence.fingerprint);
  if (moved >= 0)
    return {
      status: "moved",
      line: moved + 1,
      reason: `the cited line moved from ${evidence.line} to ${moved + 1}`,
    };
  return {
    status: "changed",
    reason: `the code cited at ${pathLabel(evidence.file)}:${evidence.line} was edited or removed`,
  };
}
