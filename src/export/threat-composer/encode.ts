import { BUSINESS_FEATURES } from "../../domain/business-context.js";
import type { MetadataItem } from "../../domain/entities.js";
import { ModelError } from "../../domain/errors.js";
import { COLLECTIONS, COLLECTION_KINDS, type CollectionKind } from "../../domain/kinds.js";
import type { ModelReader } from "../../domain/model.js";
import { clip, escapeMarkdownBlock, escapeMarkdownCell } from "../escape.js";
import { frameworkMetadata } from "../../intel/frameworks.js";
import { ModelView, STRIDE_LETTER } from "../view.js";
import {
  DATA_FENCE,
  DATA_VERSION,
  PAYLOAD_KEY,
  READABLE_KEYS,
  TC_LIMITS,
  isNativeMetadata,
  tcId,
  type TcDocument,
  type TcKind,
  type TcMetadata,
} from "./format.js";

export interface TcExportOptions {
  projectName: string;
  digest: string;
  /** Carry everything Threat Composer has no field for, so an import restores the model exactly. */
  extended: boolean;
  /** The data-flow diagram (SVG), embedded as an image when it fits Threat Composer's limit. */
  diagramSvg?: string;
}

export interface TcExport {
  document: TcDocument;
  warnings: string[];
}

/** JSON for a fenced block inside Markdown: one line, no backtick or angle bracket left raw. */
function fencedJson(value: unknown): string {
  const json = JSON.stringify(value).replace(
    /[`<>]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  // Threat Composer shows raw HTML as text, so the note is plain Markdown.
  return `_Machine-readable copy of what Threat Composer has no fields for (\`threatmodel import\` restores it); do not edit._\n\n\`\`\`${DATA_FENCE}\n${json}\n\`\`\``;
}

/** Markdown description: the readable part, then (extended) the data block; the readable part yields to the limit. */
function description(section: string, readable: string, payload: unknown, warnings: string[]): string {
  if (payload === undefined) {
    if (readable.length <= TC_LIMITS.markdown) return readable;
    warnings.push(
      `${section}: the readable summary was shortened to fit Threat Composer's 100000-character limit`,
    );
    return `${readable.slice(0, TC_LIMITS.markdown - 200)}\n\n_(shortened: see the threatmodel report for the rest)_`;
  }
  const block = fencedJson({ format: "threatmodel", version: DATA_VERSION, section, data: payload });
  if (block.length > TC_LIMITS.markdown) {
    throw new ModelError(
      "unsupported",
      `threat composer export: the ${section} data is ${block.length} characters, over Threat Composer's ${TC_LIMITS.markdown}-character description limit; export with include_extended_data false (lossy) or shorten descriptions`,
      { field: section },
    );
  }
  const full = `${readable}\n\n${block}`;
  if (full.length <= TC_LIMITS.markdown) return full;
  warnings.push(
    `${section}: the readable summary was left out to fit Threat Composer's 100000-character limit`,
  );
  return `_Summary left out to fit Threat Composer's size limit; see the threatmodel report._\n\n${block}`;
}

const bullets = (items: string[]) => (items.length === 0 ? "_None._" : items.map((i) => `- ${i}`).join("\n"));
const esc = escapeMarkdownCell;

function applicationMarkdown(model: ModelReader): string {
  const context = model.singleton("business_context");
  const lines = [
    context.description ? escapeMarkdownBlock(context.description) : "_No description yet._",
    "",
  ];
  lines.push("### Business context", "");
  for (const f of BUSINESS_FEATURES) {
    const value = context[f.key];
    const shown = Array.isArray(value) ? value.join(", ") : value;
    const undetermined = context.undetermined?.[f.key];
    if (shown) lines.push(`- **${f.label}:** ${esc(shown)}`);
    else if (undetermined !== undefined)
      lines.push(`- **${f.label}:** cannot be determined (${esc(undetermined)})`);
  }
  return lines.join("\n");
}

function architectureMarkdown(view: ModelView): string {
  return [
    "### Components",
    bullets(
      view.components.map(
        (c) =>
          `**${esc(c.name)}** (${esc(c.type)}${c.trust_zone_id ? `, zone ${esc(view.name(c.trust_zone_id))}` : ""})${c.description ? `: ${esc(c.description)}` : ""}`,
      ),
    ),
    "",
    "### Data stores",
    bullets(
      view.dataStores.map(
        (d) =>
          `**${esc(d.name)}** (${esc(d.type)}, ${esc(d.classification)}, ${d.encryption_at_rest ? "encrypted at rest" : "not encrypted at rest"})`,
      ),
    ),
    "",
    "### Connections",
    bullets(
      view.connections.map(
        (c) =>
          `${esc(view.connectionLabel(c))}${c.protocol ? ` over ${esc(c.protocol)}` : ""}${c.port !== undefined ? ` port ${c.port}` : ""}${c.encryption ? "" : " (unencrypted)"}`,
      ),
    ),
    "",
    "### Trust zones",
    bullets(
      view.zones.map(
        (z) =>
          `**${esc(z.name)}** (trust ${esc(z.trust_level)}): ${esc(
            view
              .membersOf(z.id)
              .map((m) => m.name)
              .join(", ") || "no members",
          )}`,
      ),
    ),
    "",
    "### Crossing points and trust boundaries",
    bullets([
      ...view.crossingPoints.map((cp) => `Crossing ${esc(view.crossingLabel(cp))}`),
      ...view.boundaries.map((b) => `Boundary **${esc(b.name)}** (${esc(b.type)})`),
    ]),
    "",
    "### Threat actors",
    bullets(
      view.actors
        .filter((a) => a.is_relevant)
        .map((a) => `**${esc(a.name)}** (${esc(a.type)}, capability ${esc(a.capability_level)})`),
    ),
  ].join("\n");
}

function dataflowMarkdown(view: ModelView): string {
  return [
    "### Assets",
    bullets(view.assets.map((a) => `**${esc(a.name)}** (${esc(a.type)}, ${esc(a.classification)})`)),
    "",
    "### Asset flows",
    bullets(
      view.flows.map(
        (f) =>
          `${esc(view.name(f.asset_id))}: ${esc(view.name(f.source_id))} → ${esc(view.name(f.destination_id))}${f.encryption ? "" : " (unencrypted)"}`,
      ),
    ),
  ].join("\n");
}

/** Entries of `metadata` that our export writes itself on this kind (so they are not user data). */
function isReserved(kind: TcKind, key: string): boolean {
  return (
    key === PAYLOAD_KEY ||
    READABLE_KEYS[kind].includes(key) ||
    (kind === "threat" && (key === "STRIDE" || key === "Priority"))
  );
}

/**
 * Metadata for a Threat Composer entity: derived entries for its readers, the user's own entries
 * that Threat Composer accepts, and (extended) one `custom:threatmodel` entry with everything else.
 */
function metadataFor(
  kind: TcKind,
  own: readonly MetadataItem[],
  derived: TcMetadata[],
  extra: Record<string, unknown>,
  extended: boolean,
): TcMetadata[] {
  const passable = own.filter((m) => isNativeMetadata(kind, m) && !isReserved(kind, m.key));
  const out: TcMetadata[] = [...derived, ...passable.map((m) => ({ key: m.key, value: m.value }))];
  if (extended) {
    const payload: Record<string, unknown> = { ...extra };
    if (passable.length !== own.length) payload.metadata = own;
    out.push({ key: PAYLOAD_KEY, value: JSON.stringify(payload) });
  }
  return out;
}

/** Kinds with a fixed place: Threat Composer's own, and the architecture and dataflow sections. */
export const ARCHITECTURE_KINDS = [
  "component",
  "data_store",
  "connection",
  "threat_actor",
  "trust_zone",
  "crossing_point",
  "trust_boundary",
] as const satisfies readonly CollectionKind[];
export const DATAFLOW_KINDS = ["asset", "flow"] as const satisfies readonly CollectionKind[];
const PLACED_KINDS = new Set<CollectionKind>([
  "threat",
  "mitigation",
  "assumption",
  "mitigation_link",
  "assumption_link",
  ...ARCHITECTURE_KINDS,
  ...DATAFLOW_KINDS,
]);

/** The key a kind's list has in a data block: the model's folder name, snake-cased. */
export const listKey = (kind: CollectionKind) => COLLECTIONS[kind].dir.replace(/-/g, "_");

const byId = <T extends { id: string }>(items: T[]) =>
  items.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

/** Fields Threat Composer has a place for; every other field travels in `custom:threatmodel`. */
const NATIVE: Record<TcKind, readonly string[]> = {
  threat: [
    "id",
    "numericId",
    "threatSource",
    "prerequisites",
    "threatAction",
    "threatImpact",
    "impactedGoal",
    "impactedAssets",
    "statement",
    "status",
    "tags",
    "metadata",
  ],
  mitigation: ["id", "numericId", "content", "status", "tags", "metadata"],
  assumption: ["id", "numericId", "description", "tags"],
};

const extraFields = (kind: TcKind, value: object) =>
  Object.fromEntries(Object.entries(value).filter(([k, v]) => v !== undefined && !NATIVE[kind].includes(k)));

const PRIORITY = { Critical: "High", High: "High", Medium: "Medium", Low: "Low" } as const;

function readable(pairs: [string, string | string[] | undefined][]): TcMetadata[] {
  return pairs
    .filter(([, v]) => v !== undefined && v !== "" && !(Array.isArray(v) && v.length === 0))
    .map(([key, value]) => ({ key, value: value! }));
}

/** Our model as a Threat Composer file. */
export function toThreatComposer(model: ModelReader, options: TcExportOptions): TcExport {
  const view = new ModelView(model);
  const warnings: string[] = [];
  const sorted = <K extends Parameters<ModelReader["list"]>[0]>(kind: K) => byId(model.list(kind));
  const { extended } = options;
  const idOf = (id: string) => tcId(id);
  const keepId = (id: string) => (idOf(id) === id ? {} : { id });
  // A threat's code-validation record travels with the threat (it can be large); the rest of the
  // kinds Threat Composer has no place for go into the description sections.
  const validations = new Map(
    sorted("validation")
      .filter((v) => model.get("threat", v.threat_id))
      .map((v) => [v.threat_id, v]),
  );
  const carried = new Set<string>(validations.size ? [...validations.values()].map((v) => v.id) : []);
  const otherCollections = Object.fromEntries(
    COLLECTION_KINDS.filter((kind) => !PLACED_KINDS.has(kind))
      .map(
        (kind) => [kind, sorted(kind).filter((e) => !(kind === "validation" && carried.has(e.id)))] as const,
      )
      .filter(([, list]) => list.length > 0),
  );

  const threats = view.threats.map((t) => {
    const derived: TcMetadata[] = [
      ...(t.severity ? [{ key: "Priority", value: PRIORITY[t.severity] }] : []),
      ...(t.category ? [{ key: "STRIDE", value: [STRIDE_LETTER[t.category]] }] : []),
      ...readable([
        ["custom:Severity", t.severity],
        ["custom:Likelihood", t.likelihood],
        ["custom:Affects", view.affectedNames(t)],
      ]),
      ...frameworkMetadata(t),
    ];
    return {
      id: idOf(t.id),
      numericId: t.numericId,
      displayOrder: t.numericId,
      metadata: metadataFor(
        "threat",
        t.metadata,
        derived,
        {
          ...keepId(t.id),
          ...extraFields("threat", t),
          ...(validations.has(t.id) ? { validation: validations.get(t.id) } : {}),
        },
        extended,
      ),
      tags: t.tags,
      threatSource: t.threatSource,
      ...(t.prerequisites !== undefined ? { prerequisites: t.prerequisites } : {}),
      threatAction: t.threatAction,
      ...(t.threatImpact !== undefined ? { threatImpact: t.threatImpact } : {}),
      impactedGoal: t.impactedGoal,
      impactedAssets: t.impactedAssets,
      statement: t.statement,
      status: t.status,
    };
  });

  const mitigations = view.mitigations.map((m) => ({
    id: idOf(m.id),
    numericId: m.numericId,
    displayOrder: m.numericId,
    metadata: metadataFor(
      "mitigation",
      m.metadata,
      readable([
        ["custom:Type", m.type],
        ["custom:Cost", m.cost],
        ["custom:Effectiveness", m.effectiveness],
        ["custom:Responsible", m.responsible_party],
      ]).concat(frameworkMetadata(m)),
      { ...keepId(m.id), ...extraFields("mitigation", m) },
      extended,
    ),
    ...(m.tags !== undefined ? { tags: m.tags } : {}),
    content: m.content,
    status: m.status,
  }));

  const assumptions = view.assumptions.map((a) => ({
    id: idOf(a.id),
    numericId: a.numericId,
    displayOrder: a.numericId,
    metadata: metadataFor(
      "assumption",
      [],
      readable([
        ["custom:Category", a.category],
        ["custom:Impact", a.impact],
        ["custom:Rationale", a.rationale],
      ]),
      { ...keepId(a.id), ...extraFields("assumption", a) },
      extended,
    ),
    ...(a.tags !== undefined ? { tags: a.tags } : {}),
    content: a.description,
  }));

  const mitigationLinks = sorted("mitigation_link").map((l) => ({
    mitigationId: idOf(l.mitigation_id),
    linkedId: idOf(l.threat_id),
  }));
  const assumptionLinks = sorted("assumption_link").map((l) => ({
    type: l.type,
    assumptionId: idOf(l.assumption_id),
    linkedId: idOf(l.linked_id),
  }));

  let image: string | undefined;
  if (options.diagramSvg) {
    const uri = `data:image/svg+xml;base64,${Buffer.from(options.diagramSvg, "utf8").toString("base64")}`;
    if (uri.length <= TC_LIMITS.imageBase64) image = uri;
    else
      warnings.push(
        `the diagram (${uri.length} characters as a data URI) is over Threat Composer's image limit and was not embedded`,
      );
  }

  const document: TcDocument = {
    schema: 1,
    applicationInfo: {
      name: clip(options.projectName, TC_LIMITS.name),
      description: description(
        "applicationInfo",
        `${applicationMarkdown(model)}\n\n_Generated by threat-modeling-mcp-server (threatmodel:digest ${options.digest})._`,
        extended
          ? {
              digest: options.digest,
              business_context: model.singleton("business_context"),
              project: model.singleton("project"),
              ...(Object.keys(otherCollections).length > 0 ? { collections: otherCollections } : {}),
            }
          : undefined,
        warnings,
      ),
    },
    architecture: {
      description: description(
        "architecture",
        architectureMarkdown(view),
        extended
          ? Object.fromEntries(ARCHITECTURE_KINDS.map((kind) => [listKey(kind), sorted(kind)]))
          : undefined,
        warnings,
      ),
    },
    dataflow: {
      description: description(
        "dataflow",
        dataflowMarkdown(view),
        extended
          ? Object.fromEntries(DATAFLOW_KINDS.map((kind) => [listKey(kind), sorted(kind)]))
          : undefined,
        warnings,
      ),
      ...(image ? { image } : {}),
    },
    assumptions,
    mitigations,
    assumptionLinks,
    mitigationLinks,
    threats,
  };
  if (!extended) {
    const lost = threats.length + mitigations.length + assumptions.length > 0 || view.components.length > 0;
    if (lost)
      warnings.push(
        "plain Threat Composer export: fields Threat Composer has no place for are not carried (import will not restore them)",
      );
  }
  return { document, warnings };
}
