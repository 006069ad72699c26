import { canonicalJson } from "../domain/digest.js";
import { COLLECTIONS, COLLECTION_KINDS, type AnyEntity, type CollectionKind } from "../domain/kinds.js";
import type { ModelReader } from "../domain/model.js";
import { clip, escapeMarkdownCell, escapeMarkdownInline } from "./escape.js";
import {
  MITIGATION_STATUS_LABEL,
  THREAT_STATUS_LABEL,
  assumptionLabel,
  mitigationLabel,
  threatLabel,
} from "./view.js";

export interface FieldChange {
  field: string;
  before?: unknown;
  after?: unknown;
}

export interface EntityChange {
  kind: CollectionKind;
  id: string;
  label: string;
  change: "added" | "removed" | "changed";
  /** For "changed": the fields that differ. */
  fields?: FieldChange[];
}

export interface ModelDiff {
  /** What the current model was compared with. */
  against: string;
  summary: Partial<Record<CollectionKind, { added: number; removed: number; changed: number }>>;
  changes: EntityChange[];
  /** Status changes of threats and mitigations, the part a reviewer reads first. */
  status_changes: {
    kind: "threat" | "mitigation";
    id: string;
    label: string;
    before: string;
    after: string;
  }[];
  business_context: FieldChange[];
  project: FieldChange[];
  /** Problems reading the other version (files that did not validate...). */
  issues: string[];
  total: number;
}

/** Diff order: what reviewers care about first. */
const ORDER: CollectionKind[] = [
  "threat",
  "mitigation",
  "mitigation_link",
  "assumption",
  "assumption_link",
  "trust_boundary",
  "crossing_point",
  "trust_zone",
  "flow",
  "asset",
  "component",
  "connection",
  "data_store",
  "threat_actor",
];
for (const kind of COLLECTION_KINDS) if (!ORDER.includes(kind)) ORDER.push(kind);

const name = (model: ModelReader, id: string): string => {
  const kind = model.kindOf(id);
  if (!kind) return id;
  const entity = model.get(kind, id) as Record<string, unknown> | undefined;
  if (!entity) return id;
  if (kind === "threat") return threatLabel(entity as { numericId: number });
  if (kind === "mitigation") return mitigationLabel(entity as { numericId: number });
  if (kind === "assumption") return assumptionLabel(entity as { numericId: number });
  return typeof entity.name === "string" ? entity.name : id;
};

/** A label for an entity, resolving references in whichever model still has them. */
function labelOf(kind: CollectionKind, entity: AnyEntity, head: ModelReader, base: ModelReader): string {
  const n = (id: string) => (head.kindOf(id) ? name(head, id) : name(base, id));
  const e = entity as unknown as Record<string, unknown>;
  switch (kind) {
    case "threat":
      return `${threatLabel(e as { numericId: number })} ${clip(String(e.statement ?? ""), 90)}`;
    case "mitigation":
      return `${mitigationLabel(e as { numericId: number })} ${clip(String(e.content ?? ""), 90)}`;
    case "assumption":
      return `${assumptionLabel(e as { numericId: number })} ${clip(String(e.description ?? ""), 90)}`;
    case "mitigation_link":
      return `${n(String(e.mitigation_id))} → ${n(String(e.threat_id))}`;
    case "assumption_link":
      return `${n(String(e.assumption_id))} → ${n(String(e.linked_id))}`;
    case "connection":
      return `${n(String(e.source_id))} → ${n(String(e.destination_id))}`;
    case "crossing_point":
      return `${n(String(e.source_zone_id))} → ${n(String(e.destination_zone_id))}`;
    case "flow":
      return `${n(String(e.asset_id))}: ${n(String(e.source_id))} → ${n(String(e.destination_id))}`;
    case "validation":
      return `code validation of ${n(String(e.threat_id))}`;
    default:
      return typeof e.name === "string" ? e.name : entity.id;
  }
}

function fieldChanges(before: object, after: object): FieldChange[] {
  const b = before as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort();
  const out: FieldChange[] = [];
  for (const key of keys) {
    if (canonicalJson(b[key]) === canonicalJson(a[key])) continue;
    out.push({
      field: key,
      ...(b[key] !== undefined ? { before: b[key] } : {}),
      ...(a[key] !== undefined ? { after: a[key] } : {}),
    });
  }
  return out;
}

/** What changed from `base` (the other version) to `head` (the current model), entity by entity. */
export function diffModels(
  base: ModelReader,
  head: ModelReader,
  against: string,
  issues: string[] = [],
): ModelDiff {
  const diff: ModelDiff = {
    against,
    summary: {},
    changes: [],
    status_changes: [],
    business_context: [],
    project: [],
    issues,
    total: 0,
  };
  for (const kind of ORDER) {
    const counts = { added: 0, removed: 0, changed: 0 };
    const before = new Map(base.list(kind).map((e) => [e.id, e]));
    const after = new Map(head.list(kind).map((e) => [e.id, e]));
    const entries: EntityChange[] = [];
    for (const [id, entity] of after) {
      const old = before.get(id);
      if (!old) {
        entries.push({ kind, id, label: labelOf(kind, entity, head, base), change: "added" });
        counts.added++;
      } else if (canonicalJson(old) !== canonicalJson(entity)) {
        entries.push({
          kind,
          id,
          label: labelOf(kind, entity, head, base),
          change: "changed",
          fields: fieldChanges(old, entity),
        });
        counts.changed++;
        const status = (x: AnyEntity) => (x as { status?: string }).status;
        if ((kind === "threat" || kind === "mitigation") && status(old) !== status(entity)) {
          const labels: Record<string, string> = { ...THREAT_STATUS_LABEL, ...MITIGATION_STATUS_LABEL };
          diff.status_changes.push({
            kind,
            id,
            label: labelOf(kind, entity, head, base),
            before: labels[status(old)!] ?? String(status(old)),
            after: labels[status(entity)!] ?? String(status(entity)),
          });
        }
      }
    }
    for (const [id, entity] of before) {
      if (!after.has(id)) {
        entries.push({ kind, id, label: labelOf(kind, entity, head, base), change: "removed" });
        counts.removed++;
      }
    }
    const rank = { removed: 0, changed: 1, added: 2 };
    entries.sort(
      (x, y) => rank[x.change] - rank[y.change] || (x.label < y.label ? -1 : x.label > y.label ? 1 : 0),
    );
    diff.changes.push(...entries);
    if (counts.added + counts.removed + counts.changed > 0) diff.summary[kind] = counts;
  }
  diff.business_context = fieldChanges(
    base.singleton("business_context"),
    head.singleton("business_context"),
  );
  diff.project = fieldChanges(base.singleton("project"), head.singleton("project"));
  diff.total = diff.changes.length + diff.business_context.length + diff.project.length;
  return diff;
}

const show = (value: unknown): string => {
  if (value === undefined) return "—";
  const text = typeof value === "string" ? value : canonicalJson(value);
  return `\`${clip(text, 80).replace(/`/g, "'")}\``;
};

const PLURAL: Partial<Record<CollectionKind, string>> = {
  validation: "Code validations",
  mitigation_link: "Mitigation links",
  assumption_link: "Assumption links",
  data_store: "Data stores",
  threat_actor: "Threat actors",
  trust_zone: "Trust zones",
  trust_boundary: "Trust boundaries",
  crossing_point: "Crossing points",
};
const plural = (kind: CollectionKind) =>
  PLURAL[kind] ?? `${COLLECTIONS[kind].label[0]!.toUpperCase()}${COLLECTIONS[kind].label.slice(1)}s`;

/** The diff as Markdown for a pull-request comment. */
export function renderDiffMarkdown(diff: ModelDiff): string {
  const out = ["## Threat model changes", "", `Compared with ${escapeMarkdownInline(diff.against)}.`, ""];
  if (diff.total === 0) out.push("No changes to the threat model.");
  else {
    out.push("| | Added | Removed | Changed |", "| --- | ---: | ---: | ---: |");
    for (const kind of COLLECTION_KINDS.filter((k) => diff.summary[k]).sort(
      (a, b) => ORDER.indexOf(a) - ORDER.indexOf(b),
    )) {
      const c = diff.summary[kind]!;
      out.push(`| ${plural(kind)} | ${c.added} | ${c.removed} | ${c.changed} |`);
    }
    if (diff.status_changes.length > 0) {
      out.push("", "### Status changes", "");
      for (const s of diff.status_changes)
        out.push(`- ${escapeMarkdownInline(s.label)}: ${s.before} → **${s.after}**`);
    }
    for (const kind of ORDER) {
      const entries = diff.changes.filter((c) => c.kind === kind);
      if (entries.length === 0) continue;
      out.push("", `### ${plural(kind)}`, "");
      for (const e of entries) {
        const mark = e.change === "added" ? "➕ added" : e.change === "removed" ? "➖ removed" : "✏️ changed";
        out.push(`- ${mark}: ${escapeMarkdownInline(e.label)}`);
        for (const f of e.fields ?? [])
          out.push(`  - ${escapeMarkdownCell(f.field)}: ${show(f.before)} → ${show(f.after)}`);
      }
    }
    for (const [title, fields] of [
      ["Business context", diff.business_context],
      ["Project", diff.project],
    ] as const) {
      if (fields.length === 0) continue;
      out.push("", `### ${title}`, "");
      for (const f of fields)
        out.push(`- ${escapeMarkdownCell(f.field)}: ${show(f.before)} → ${show(f.after)}`);
    }
  }
  if (diff.issues.length > 0) {
    out.push("", "<details><summary>Problems reading the other version</summary>", "");
    for (const issue of diff.issues.slice(0, 50)) out.push(`- ${escapeMarkdownInline(issue)}`);
    out.push("", "</details>");
  }
  return `${out.join("\n")}\n`;
}
