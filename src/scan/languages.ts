import path from "node:path";

/** Languages and formats the rule packs are written for. */
export const LANGUAGES = [
  "javascript",
  "typescript",
  "python",
  "java",
  "go",
  "csharp",
  "ruby",
  "php",
  "terraform",
  "cloudformation",
  "kubernetes",
  "dockerfile",
  "config",
] as const;

export type Language = (typeof LANGUAGES)[number];

/** A rule may name `any` to apply to every language above. */
export type RuleLanguage = Language | "any";

const BY_EXTENSION: Readonly<Record<string, Language>> = {
  ".js": "javascript",
  ".mjs": "javascript",
  ".cjs": "javascript",
  ".jsx": "javascript",
  ".ts": "typescript",
  ".mts": "typescript",
  ".cts": "typescript",
  ".tsx": "typescript",
  ".py": "python",
  ".pyw": "python",
  ".java": "java",
  ".go": "go",
  ".cs": "csharp",
  ".cshtml": "csharp",
  ".razor": "csharp",
  ".rb": "ruby",
  ".erb": "ruby",
  ".rake": "ruby",
  ".php": "php",
  ".phtml": "php",
  ".tf": "terraform",
  ".tfvars": "terraform",
  ".hcl": "terraform",
  ".env": "config",
  ".properties": "config",
  ".ini": "config",
  ".cfg": "config",
  ".conf": "config",
  ".toml": "config",
  ".xml": "config",
};

/** Extensions whose language depends on the content (CloudFormation, Kubernetes or plain config). */
const STRUCTURED = new Set([".yaml", ".yml", ".json", ".template"]);

/**
 * The language of a file from its name alone, `"structured"` when the content decides
 * (YAML/JSON), or null when the scanner has no rules for it.
 */
export function languageFromName(relativePath: string): Language | "structured" | null {
  const base = path.posix.basename(relativePath);
  const lower = base.toLowerCase();
  if (
    lower === "dockerfile" ||
    lower === "containerfile" ||
    lower.startsWith("dockerfile.") ||
    lower.endsWith(".dockerfile")
  ) {
    return "dockerfile";
  }
  if (lower === ".env" || lower.startsWith(".env.")) return "config";
  if (lower === "gemfile" || lower === "rakefile") return "ruby";
  const ext = path.posix.extname(lower);
  if (STRUCTURED.has(ext)) return "structured";
  return BY_EXTENSION[ext] ?? null;
}

const CFN_MARKER = /AWSTemplateFormatVersion|"?Type"?\s*:\s*"?AWS::[A-Za-z0-9]+::/;
const K8S_MARKER = /^\s*"?apiVersion"?\s*:/m;
const K8S_KIND = /^\s*"?kind"?\s*:/m;

/** Decides between CloudFormation, Kubernetes and plain config for YAML/JSON files. */
export function languageFromContent(text: string): Language {
  const head = text.length > 65536 ? text.slice(0, 65536) : text;
  if (CFN_MARKER.test(head)) return "cloudformation";
  if (K8S_MARKER.test(head) && K8S_KIND.test(head)) return "kubernetes";
  return "config";
}

/** Languages whose structural (ast-grep) patterns are available without extra native packages. */
export const STRUCTURAL_LANGUAGES: ReadonlySet<Language> = new Set(["javascript", "typescript"]);
