import type { ToolAnnotations } from "@modelcontextprotocol/server";
import { DETAILED, forMcp } from "./json-schema.js";
import type { AnyTool, ToolCategory } from "./tool.js";
import { DEFAULT_TOOLSET, TOOLSET_NAMES, toolsFor } from "./toolsets.js";

/** Markers around the generated tool reference in README.md. */
export const TOOLS_START = "<!-- tools:start -->";
export const TOOLS_END = "<!-- tools:end -->";

type Schema = {
  type?: string | string[];
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  description?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
};

const CATEGORY_TITLES: Record<ToolCategory, string> = {
  model: "Model (batch and kind-generic)",
  "business-context": "Business context",
  assumptions: "Assumptions",
  architecture: "Architecture",
  "threat-actors": "Threat actors",
  "trust-boundaries": "Trust boundaries",
  "assets-flows": "Assets and flows",
  threats: "Threats",
  mitigations: "Mitigations",
  "data-models": "Data models",
  methodology: "Methodology",
  validation: "Code validation",
  export: "Export, import and diff",
  intelligence: "Threat intelligence",
};

function advertised(tool: AnyTool): Schema {
  const standard = forMcp(tool.op.input, "input", DETAILED)["~standard"];
  return standard.jsonSchema.input({ target: "draft-2020-12" }) as Schema;
}

function typeText(schema: Schema): string {
  if (schema.enum) return schema.enum.map((v) => `\`${String(v)}\``).join(" \\| ");
  const type = Array.isArray(schema.type) ? schema.type.join(" or ") : (schema.type ?? "any");
  if (type === "array" && schema.items) {
    return schema.items.properties ? "list of objects" : `list of ${typeText(schema.items)}`;
  }
  const range =
    schema.minimum !== undefined && schema.maximum !== undefined
      ? ` ${schema.minimum}–${schema.maximum}`
      : "";
  return `${type}${range}`;
}

function paramLines(schema: Schema, indent: string): string[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).flatMap(([name, prop]) => {
    const notes = [
      typeText(prop),
      ...(required.has(name) ? ["required"] : []),
      ...(prop.default !== undefined ? [`default ${JSON.stringify(prop.default)}`] : []),
    ];
    const line = `${indent}- \`${name}\` (${notes.join("; ")})${prop.description ? `: ${prop.description}` : ""}`;
    const nested = prop.items?.properties ? paramLines(prop.items, `${indent}  `) : [];
    return [line, ...nested];
  });
}

function annotationText(a: ToolAnnotations): string {
  if (a.readOnlyHint) return "Read-only";
  const parts = [a.destructiveHint ? "destructive" : "not destructive"];
  if (a.idempotentHint) parts.push("idempotent");
  return `Changes the model, ${parts.join(", ")}`;
}

/** The tool reference as Markdown, generated from the declarations of every toolset. */
export function renderToolReference(): string {
  const membership = new Map<string, string[]>();
  const declarations = new Map<string, AnyTool>();
  for (const toolset of TOOLSET_NAMES) {
    for (const tool of toolsFor(toolset)) {
      membership.set(tool.name, [...(membership.get(tool.name) ?? []), toolset]);
      if (!declarations.has(tool.name)) declarations.set(tool.name, tool);
    }
  }
  const counts = TOOLSET_NAMES.map(
    (t) => `\`${t}\`${t === DEFAULT_TOOLSET ? " (default)" : ""}: ${toolsFor(t).length} tools`,
  );
  const lines = [
    "<!-- Generated from the tool declarations by scripts/gen-tool-docs.mjs; do not edit by hand. -->",
    "",
    `Toolsets: ${counts.join(", ")}. Read-only mode keeps the tools marked read-only.`,
  ];
  const byCategory = new Map<ToolCategory, AnyTool[]>();
  for (const tool of declarations.values()) {
    byCategory.set(tool.category, [...(byCategory.get(tool.category) ?? []), tool]);
  }
  for (const category of Object.keys(CATEGORY_TITLES) as ToolCategory[]) {
    const tools = byCategory.get(category);
    if (!tools) continue;
    lines.push("", `### ${CATEGORY_TITLES[category]}`);
    for (const tool of [...tools].sort((a, b) => a.name.localeCompare(b.name))) {
      const params = paramLines(advertised(tool), "");
      lines.push(
        "",
        `#### \`${tool.name}\``,
        "",
        tool.description,
        "",
        `Toolsets: ${membership.get(tool.name)!.join(", ")}. ${annotationText(tool.annotations)}.`,
        ...(params.length > 0 ? ["", ...params] : ["", "No parameters."]),
      );
    }
  }
  return lines.join("\n");
}

/** README text with the section between the markers replaced; throws if the markers are missing. */
export function withToolReference(readme: string, reference: string): string {
  const start = readme.indexOf(TOOLS_START);
  const end = readme.indexOf(TOOLS_END);
  if (start < 0 || end < start) throw new Error(`README.md needs ${TOOLS_START} and ${TOOLS_END} markers`);
  return `${readme.slice(0, start + TOOLS_START.length)}\n${reference}\n${readme.slice(end)}`;
}
