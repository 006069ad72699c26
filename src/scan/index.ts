/** Public surface of the code scanner. */
export { scanProject } from "./scan-project.js";
export { verifyEvidence, type EvidenceStatus } from "./verify.js";
export {
  loadRulePacks,
  rulesOf,
  RulePackError,
  DEFAULT_RULES_DIR,
  type Rule,
  type RulePack,
} from "./rule-packs.js";
export { FAMILIES, STRIDE, familyStride, isFamily, type Family, type StrideCategory } from "./families.js";
export { LANGUAGES, type Language, type RuleLanguage } from "./languages.js";
export { formatScanSummary } from "./summary.js";
export { exportRegexPatterns } from "./patterns.js";
export {
  DEFAULT_MAX_FILE_BYTES,
  DEFAULT_MAX_EVIDENCE,
  type Evidence,
  type EvidenceKind,
  type ScanOptions,
  type ScanProgress,
  type ScanResult,
  type SkipReason,
} from "./types.js";
export {
  evaluateFixtures,
  formatEvalTable,
  formatMismatches,
  PRECISION_THRESHOLD,
  RECALL_THRESHOLD,
  type EvalReport,
  type FamilyScore,
  type Mismatch,
} from "./evaluate.js";
