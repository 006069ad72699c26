import { detectCode } from "./code-detection.js";

/** An export found in the project and the model digest it embeds (see `modelDigest`). */
export interface ExportRecord {
  /** Path relative to the project root. */
  file: string;
  /** The digest written into the export, or undefined when it carries none. */
  modelDigest: string | undefined;
}

/**
 * What phase evaluation needs to know beyond the model itself. Everything here is read from the
 * project folder by {@link buildEnvironment}; tests pass it directly.
 */
export interface PhaseEnvironment {
  /** Whether the project holds source code (phase 7.5 applies only then). */
  hasCode: boolean;
  /** Digest of the code as it is now, when a scanner can compute one; 7.5 then requires the recorded run to match. */
  codeDigest?: string | undefined;
  /** Exports present in the project; phase 9 needs them to carry the current model digest. */
  exports?: readonly ExportRecord[] | undefined;
  /** Today as YYYY-MM-DD (UTC) for judging risk-acceptance expiry; defaults to the current date. */
  today?: string | undefined;
}

/** Hooks the scanner and export work plug in; unset hooks leave that knowledge out. */
export interface EnvironmentProviders {
  /** `code_digest` for the code under `root`, comparable with `ProjectState.code_validation.code_digest`. */
  codeDigest?: (root: string, signal?: AbortSignal) => Promise<string | undefined>;
  /** Every export under `root` with the model digest it embeds. */
  findExports?: (root: string, signal?: AbortSignal) => Promise<ExportRecord[]>;
}

/** The providers used by the server. */
export const ENVIRONMENT_PROVIDERS: EnvironmentProviders = {
  // Loaded on first use, so the server starts without the scanner and the exporters.
  codeDigest: async (root, signal) => (await import("../validation/code-digest.js")).codeDigest(root, signal),
  findExports: async (root) => (await import("../export/exports-status.js")).findExports(root),
};

export async function buildEnvironment(
  root: string,
  signal?: AbortSignal,
  providers: EnvironmentProviders = ENVIRONMENT_PROVIDERS,
): Promise<PhaseEnvironment> {
  const hasCode = detectCode(root).hasCode;
  const codeDigest = hasCode && providers.codeDigest ? await providers.codeDigest(root, signal) : undefined;
  const exports = providers.findExports ? await providers.findExports(root, signal) : undefined;
  return { hasCode, codeDigest, exports };
}
