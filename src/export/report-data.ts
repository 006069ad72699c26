import type { EnumValue } from "../domain/enums.js";
import type { ModelReader } from "../domain/model.js";

/** One place in the code that bears on a threat (as the code scanner reports it). */
export interface EvidenceLocation {
  /** Relative to the project root, forward slashes. */
  file: string;
  line: number;
  column: number;
  rule: string;
  family: string;
  kind: string;
  snippet: string;
}

export type EvidenceVerdict = "mitigated" | "partially_mitigated" | "not_mitigated" | "unknown";

/** What the code says about one threat. */
export interface ThreatEvidence {
  threat_id: string;
  verdict: EvidenceVerdict;
  evidence: EvidenceLocation[];
}

/** Methodology progress, one row per phase (completion from 0 to 1). */
export interface PhaseProgress {
  current?: string;
  overall?: number;
  phases: { id: string; name: string; completion: number; note?: string }[];
}

export type CoverageCell = "covered" | "missing" | "excluded" | "not_applicable";

/** Element × STRIDE coverage, as the threat-intelligence work computes it. */
export interface CoverageMatrix {
  rows: {
    element_id: string;
    /** Display name (connections and flows have none of their own). */
    name?: string;
    kind?: string;
    cells: Partial<Record<EnumValue<"ThreatCategory">, CoverageCell>>;
  }[];
  /** Covered or excluded applicable cells, 0..100. */
  percent?: number;
}

/**
 * Everything a report is rendered from. Only `model` and `generatedFrom` are required; the other
 * sections render when their producer supplies them.
 */
export interface ReportData {
  model: ModelReader;
  generatedFrom: { digest: string };
  /** Shown as the report title and Threat Composer's application name. */
  projectName: string;
  progress?: PhaseProgress;
  evidence?: readonly ThreatEvidence[];
  coverage?: CoverageMatrix;
}

/** The optional sections, as producers hand them over. */
export type ReportExtras = Pick<ReportData, "progress" | "evidence" | "coverage">;
