import { createHash, randomUUID } from "node:crypto";
import * as z from "zod";
import { linkId } from "../../domain/entities.js";
import { ENUMS } from "../../domain/enums.js";
import { matchEnum } from "../../domain/fields.js";
import { composeStatement } from "../../domain/statement.js";
import { formatIssues } from "../../domain/validate.js";
import type { ImportPlan } from "../import-plan.js";
import { tcId } from "../threat-composer/format.js";

/*
 * Threat Dragon v2 → our model (documented in docs of the export tools):
 *   actor, process cells      → components (actor: type Other; process: type Compute)
 *   store cells               → data stores (classification Confidential when it stores credentials,
 *                               else Internal; encrypted at rest = isEncrypted)
 *   flow cells between two elements → connections (protocol matched to our list, else Other and
 *                               kept in the description; encryption = isEncrypted)
 *   trust-boundary-box cells  → a trust zone (elements whose centre lies inside become members) and a
 *                               trust boundary holding the crossing points of flows that leave it
 *   trust-boundary-curve      → a trust boundary (zones cannot be inferred from a line)
 *   threats in any cell       → threats: title → threat action, description → Comments metadata,
 *                               type → STRIDE category (other methodologies → a tag), severity,
 *                               status (Open → identified; Mitigated/Eliminated/Avoided/Transferred →
 *                               resolved; Accepted → resolved with a risk acceptance; NotApplicable →
 *                               not useful), number → numericId, score → custom:score metadata;
 *                               the cell's element(s) become the affected components;
 *                               the mitigation text → a mitigation linked to the threat.
 * Ids are kept where Threat Dragon has them and derived deterministically otherwise, so importing
 * the same file again (mode merge) updates instead of duplicating.
 */

const Threat = z.looseObject({
  id: z.string().optional(),
  threatId: z.string().optional(),
  title: z.string().optional(),
  type: z.string().optional(),
  status: z.string().optional(),
  severity: z.string().optional(),
  description: z.string().optional(),
  mitigation: z.string().optional(),
  modelType: z.string().optional(),
  number: z.number().optional(),
  score: z.string().optional(),
});
const Point = z.looseObject({
  cell: z.string().optional(),
  x: z.number().optional(),
  y: z.number().optional(),
});
const Cell = z.looseObject({
  id: z.string(),
  shape: z.string(),
  position: z.looseObject({ x: z.number(), y: z.number() }).optional(),
  size: z.looseObject({ width: z.number(), height: z.number() }).optional(),
  source: Point.optional(),
  target: Point.optional(),
  threats: z.array(z.unknown()).optional(),
  data: z
    .looseObject({
      type: z.string().optional(),
      name: z.string().optional(),
      description: z.string().optional(),
      outOfScope: z.boolean().optional(),
      reasonOutOfScope: z.string().optional(),
      threats: z.array(z.unknown()).optional(),
      protocol: z.string().optional(),
      isEncrypted: z.boolean().optional(),
      isPublicNetwork: z.boolean().optional(),
      isBidirectional: z.boolean().optional(),
      storesCredentials: z.boolean().optional(),
      isALog: z.boolean().optional(),
    })
    .optional(),
});
const Diagram = z.looseObject({
  title: z.string().optional(),
  diagramType: z.string().optional(),
  cells: z.array(z.unknown()).optional(),
});
const File = z.looseObject({
  version: z.string(),
  summary: z.looseObject({
    title: z.string().optional(),
    description: z.string().optional(),
    owner: z.string().optional(),
  }),
  detail: z.looseObject({ diagrams: z.array(z.unknown()) }),
});

type Cell = z.infer<typeof Cell>;

const ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const PLACEHOLDERS = new Set([
  "Provide a description for this threat",
  "Provide remediation for this threat or a reason if status is N/A",
]);
const shortHash = (text: string) => createHash("sha256").update(text).digest("hex").slice(0, 12);

function kindOfCell(
  cell: Cell,
): "actor" | "process" | "store" | "flow" | "box" | "curve" | "text" | "unknown" {
  const type = cell.data?.type ?? "";
  if (type === "tm.Actor" || cell.shape === "actor") return "actor";
  if (type === "tm.Process" || cell.shape === "process") return "process";
  if (type === "tm.Store" || cell.shape === "store") return "store";
  if (type === "tm.Flow" || cell.shape === "flow") return "flow";
  if (type === "tm.BoundaryBox" || cell.shape === "trust-boundary-box") return "box";
  if (type === "tm.Boundary" || /boundary-curve|broundary-curve/.test(cell.shape)) return "curve";
  if (type === "tm.Text" || cell.shape === "td-text-block") return "text";
  return "unknown";
}

const text = (s: string | undefined) => (s && !PLACEHOLDERS.has(s.trim()) ? s.trim() : "");

function statusOf(status: string | undefined): {
  status: string;
  reason?: string;
  accepted?: boolean;
  known: boolean;
} {
  const key = (status ?? "Open").toLowerCase().replace(/[\s_/-]/g, "");
  if (key === "open" || key === "") return { status: "threatIdentified", known: true };
  if (["mitigated", "eliminated", "avoided", "transferred"].includes(key))
    return { status: "threatResolved", reason: `${status} in Threat Dragon`, known: true };
  if (key === "accepted")
    return { status: "threatResolved", reason: "Accepted in Threat Dragon", accepted: true, known: true };
  if (key === "notapplicable" || key === "na")
    return { status: "threatResolvedNotUseful", reason: "Not applicable in Threat Dragon", known: true };
  return { status: "threatIdentified", known: false };
}

/** Splits text into ≤1000-character `Comments` entries (nothing is cut). */
function comments(description: string): { key: string; value: string }[] {
  const out: { key: string; value: string }[] = [];
  for (let i = 0; i < description.length; i += 1000)
    out.push({ key: "Comments", value: description.slice(i, i + 1000) });
  return out;
}

/** Reads a Threat Dragon v2 model into an import plan. */
export function decodeThreatDragon(raw: unknown): ImportPlan {
  const plan: ImportPlan = {
    format: "threat-dragon",
    candidates: [],
    warnings: [],
    problems: [],
    exact: false,
  };
  const { warnings, problems, candidates } = plan;
  const file = File.safeParse(raw);
  if (!file.success) {
    problems.push({
      where: "(file)",
      reason: `not a Threat Dragon v2 model: ${formatIssues(file.error.issues)}`,
    });
    return plan;
  }
  if (!file.data.version.startsWith("2"))
    warnings.push(
      `version ${JSON.stringify(file.data.version)}: only Threat Dragon v2 models are known; reading it as v2`,
    );
  const summary = file.data.summary;
  if (summary.description) plan.businessDescription = summary.description;
  if (summary.title)
    warnings.push(
      `summary.title ${JSON.stringify(summary.title.slice(0, 80))} is not stored (reports use the project folder name)`,
    );

  const usedIds = new Set<string>();
  const idFor = (wanted: string | undefined, where: string, fallback: () => string) => {
    let id = wanted && ID.test(wanted) && !usedIds.has(wanted) ? wanted : fallback();
    while (usedIds.has(id)) id = randomUUID();
    if (wanted && id !== wanted)
      warnings.push(
        `${where}: id ${JSON.stringify(wanted.slice(0, 40))} is not usable or repeated; imported as ${id}`,
      );
    usedIds.add(id);
    return id;
  };

  let textBlocks = 0;
  let placeholderMitigations = 0;
  const threatNumbers = new Set<number>();
  const pendingThreats: { value: Record<string, unknown>; where: string; number?: number }[] = [];

  file.data.detail.diagrams.forEach((rawDiagram, d) => {
    const diagram = Diagram.safeParse(rawDiagram);
    if (!diagram.success)
      return void problems.push({
        where: `detail.diagrams[${d}]`,
        reason: formatIssues(diagram.error.issues),
      });
    const cells: { cell: Cell; where: string }[] = [];
    (diagram.data.cells ?? []).forEach((rawCell, c) => {
      const where = `diagrams[${d}].cells[${c}]`;
      const cell = Cell.safeParse(rawCell);
      if (cell.success) cells.push({ cell: cell.data, where });
      else problems.push({ where, reason: formatIssues(cell.error.issues) });
    });
    const elementIds = new Map<string, { id: string; kind: "component" | "data_store" }>();
    const boxes: { cell: Cell; zoneId: string; boundaryId: string }[] = [];
    const memberZone = new Map<string, string>();

    // Elements and boundaries first, so flows and threats can refer to them.
    for (const { cell, where } of cells) {
      const kind = kindOfCell(cell);
      const name = cell.data?.name?.replace(/\s+/g, " ").trim() || `${cell.shape} ${cell.id.slice(0, 8)}`;
      const notes = [text(cell.data?.description)];
      if (cell.data?.outOfScope)
        notes.push(
          `Out of scope in Threat Dragon${cell.data.reasonOutOfScope ? `: ${cell.data.reasonOutOfScope}` : ""}`,
        );
      const description = notes.filter(Boolean).join("\n\n");
      if (kind === "actor" || kind === "process") {
        const id = idFor(cell.id, where, randomUUID);
        elementIds.set(cell.id, { id, kind: "component" });
        candidates.push({
          kind: "component",
          where,
          value: {
            id,
            name,
            type: kind === "actor" ? "Other" : "Compute",
            ...(description ? { description } : {}),
          },
        });
      } else if (kind === "store") {
        const id = idFor(cell.id, where, randomUUID);
        elementIds.set(cell.id, { id, kind: "data_store" });
        candidates.push({
          kind: "data_store",
          where,
          value: {
            id,
            name,
            type: cell.data?.isALog ? "File System" : "Other",
            classification: cell.data?.storesCredentials ? "Confidential" : "Internal",
            encryption_at_rest: cell.data?.isEncrypted ?? false,
            ...(description ? { description } : {}),
          },
        });
      } else if (kind === "box") {
        const zoneId = idFor(cell.id, where, randomUUID);
        const boundaryId = idFor(`tb-${shortHash(cell.id)}`, where, randomUUID);
        boxes.push({ cell, zoneId, boundaryId });
        candidates.push({
          kind: "trust_zone",
          where,
          value: { id: zoneId, name, trust_level: "Medium", ...(description ? { description } : {}) },
        });
      } else if (kind === "curve") {
        const id = idFor(cell.id, where, randomUUID);
        candidates.push({
          kind: "trust_boundary",
          where,
          value: {
            id,
            name: cell.data?.name?.trim() || `Trust boundary ${id.slice(0, 8)}`,
            type: "Network",
            crossing_point_ids: [],
            controls: [],
            ...(description ? { description } : {}),
          },
        });
      } else if (kind === "text") textBlocks++;
      else if (kind === "unknown")
        warnings.push(`${where}: shape ${JSON.stringify(cell.shape)} is not known; not imported`);
    }

    // Zone membership: an element whose centre lies inside a box (the smallest one wins).
    for (const { cell } of cells) {
      const element = elementIds.get(cell.id);
      if (!element || !cell.position || !cell.size) continue;
      const cx = cell.position.x + cell.size.width / 2;
      const cy = cell.position.y + cell.size.height / 2;
      const inside = boxes
        .filter(
          ({ cell: b }) =>
            b.position &&
            b.size &&
            cx >= b.position.x &&
            cx <= b.position.x + b.size.width &&
            cy >= b.position.y &&
            cy <= b.position.y + b.size.height,
        )
        .sort((a, b) => a.cell.size!.width * a.cell.size!.height - b.cell.size!.width * b.cell.size!.height);
      if (inside[0]) memberZone.set(element.id, inside[0].zoneId);
    }
    for (const candidate of candidates) {
      const zone = memberZone.get(candidate.value.id as string);
      if (zone && (candidate.kind === "component" || candidate.kind === "data_store"))
        candidate.value.trust_zone_id = zone;
    }

    // Flows → connections; flows that leave a zone become crossing points of its boundary.
    const crossings = new Map<string, { id: string; from: string; to: string; connections: string[] }>();
    const flowEnds = new Map<string, string[]>();
    for (const { cell, where } of cells) {
      if (kindOfCell(cell) !== "flow") continue;
      const source = cell.source?.cell ? elementIds.get(cell.source.cell) : undefined;
      const target = cell.target?.cell ? elementIds.get(cell.target.cell) : undefined;
      flowEnds.set(
        cell.id,
        [source?.id, target?.id].filter((x): x is string => x !== undefined),
      );
      const name = cell.data?.name?.replace(/\s+/g, " ").trim() || "";
      if (!source || !target) {
        warnings.push(
          `${where}: flow ${JSON.stringify(name)} does not join two elements (an end is loose or on a boundary); no connection created`,
        );
        continue;
      }
      const id = idFor(cell.id, where, randomUUID);
      const protocolText = cell.data?.protocol?.trim() ?? "";
      const protocol = protocolText ? (matchEnum(ENUMS.Protocol, protocolText) ?? "Other") : undefined;
      const notes = [name, text(cell.data?.description)];
      if (protocol === "Other") notes.push(`protocol: ${protocolText}`);
      if (cell.data?.isBidirectional) notes.push("bidirectional");
      if (cell.data?.isPublicNetwork) notes.push("crosses a public network");
      const description = notes.filter(Boolean).join("; ");
      candidates.push({
        kind: "connection",
        where,
        value: {
          id,
          source_id: source.id,
          destination_id: target.id,
          ...(protocol ? { protocol } : {}),
          encryption: cell.data?.isEncrypted ?? false,
          ...(description ? { description } : {}),
        },
      });
      const from = memberZone.get(source.id);
      const to = memberZone.get(target.id);
      if (from && to && from !== to) {
        const key = `${from}\u0000${to}`;
        const entry = crossings.get(key) ?? { id: `cp-${shortHash(key)}`, from, to, connections: [] };
        entry.connections.push(id);
        crossings.set(key, entry);
      }
    }
    for (const cp of crossings.values()) {
      candidates.push({
        kind: "crossing_point",
        where: `diagrams[${d}] (crossing ${cp.from} → ${cp.to})`,
        value: {
          id: idFor(cp.id, "crossing point", randomUUID),
          source_zone_id: cp.from,
          destination_zone_id: cp.to,
          connection_ids: cp.connections,
        },
      });
    }
    for (const box of boxes) {
      const crossingIds = [...crossings.values()]
        .filter((cp) => cp.from === box.zoneId || cp.to === box.zoneId)
        .map((cp) => cp.id);
      candidates.push({
        kind: "trust_boundary",
        where: `diagrams[${d}] (boundary of ${box.cell.data?.name ?? box.zoneId})`,
        value: {
          id: box.boundaryId,
          name: `${box.cell.data?.name?.trim() || "Trust boundary"} boundary`,
          type: "Network",
          crossing_point_ids: crossingIds,
          controls: [],
        },
      });
    }

    // Threats, wherever they sit.
    for (const { cell, where } of cells) {
      const list = [...(cell.data?.threats ?? []), ...(cell.threats ?? [])];
      const element = elementIds.get(cell.id);
      const affected = element ? [element.id] : (flowEnds.get(cell.id) ?? []);
      const kind = kindOfCell(cell);
      list.forEach((rawThreat, t) => {
        const tWhere = `${where}.threats[${t}]`;
        const parsed = Threat.safeParse(rawThreat);
        if (!parsed.success)
          return void problems.push({ where: tWhere, reason: formatIssues(parsed.error.issues) });
        const threat = parsed.data;
        const id = idFor((threat.threatId ?? threat.id)?.toLowerCase(), tWhere, randomUUID);
        const status = statusOf(threat.status);
        if (!status.known)
          warnings.push(
            `${tWhere}: status ${JSON.stringify(threat.status)} is unknown; imported as identified`,
          );
        const title = (threat.title ?? "").replace(/\s+/g, " ").trim() || "perform an unnamed threat action";
        const action = /^[A-Z][a-z]/.test(title) ? title[0]!.toLowerCase() + title.slice(1) : title;
        const category = threat.type ? matchEnum(ENUMS.ThreatCategory, threat.type) : undefined;
        const severity = threat.severity ? matchEnum(ENUMS.ThreatSeverity, threat.severity) : undefined;
        if (
          threat.severity &&
          !severity &&
          !["tbd", "tba", ""].includes(threat.severity.trim().toLowerCase())
        )
          warnings.push(`${tWhere}: severity ${JSON.stringify(threat.severity)} is unknown; left unrated`);
        const tags = !category && threat.type ? [threat.type.trim()].filter((s) => s.length > 0) : [];
        const metadata = [
          ...comments(text(threat.description)),
          ...(threat.modelType ? [{ key: "custom:Threat Dragon model", value: threat.modelType }] : []),
          ...(threat.type && !category ? [{ key: "custom:Threat Dragon type", value: threat.type }] : []),
          ...(threat.score ? [{ key: "custom:score", value: threat.score }] : []),
          ...(kind === "flow"
            ? [{ key: "custom:Threat Dragon element", value: `flow ${cell.data?.name ?? cell.id}` }]
            : []),
          ...(kind === "box" || kind === "curve"
            ? [{ key: "custom:Threat Dragon element", value: `boundary ${cell.data?.name ?? cell.id}` }]
            : []),
        ];
        const value: Record<string, unknown> = {
          id,
          threatSource: "threat actor",
          threatAction: action,
          impactedGoal: [],
          impactedAssets: [],
          status: status.status,
          ...(status.reason ? { status_reason: status.reason } : {}),
          ...(status.accepted ? { acceptance: { reason: "Accepted in Threat Dragon" } } : {}),
          tags,
          ...(category ? { category } : {}),
          ...(severity ? { severity } : {}),
          affected_components: affected,
          affected_trust_boundaries: [],
          affected_assets: [],
          metadata,
        };
        value.statement = composeStatement({ threatSource: "threat actor", threatAction: action });
        const number =
          typeof threat.number === "number" &&
          Number.isInteger(threat.number) &&
          threat.number >= 1 &&
          !threatNumbers.has(threat.number)
            ? threat.number
            : undefined;
        if (number !== undefined) threatNumbers.add(number);
        pendingThreats.push({ value, where: tWhere, ...(number !== undefined ? { number } : {}) });

        const mitigation = text(threat.mitigation);
        if (!mitigation) {
          if (threat.mitigation && PLACEHOLDERS.has(threat.mitigation.trim())) placeholderMitigations++;
          return;
        }
        const mitigationId = tcId(`td-mitigation:${id}`);
        const resolved = status.status === "threatResolved" && !status.accepted;
        candidates.push({
          kind: "mitigation",
          where: `${tWhere}.mitigation`,
          value: {
            id: mitigationId,
            numericId: 0,
            content: mitigation,
            status: resolved ? "mitigationResolved" : "mitigationIdentified",
            metadata: [],
          },
        });
        candidates.push({
          kind: "mitigation_link",
          where: `${tWhere}.mitigation`,
          value: { id: linkId(mitigationId, id), mitigation_id: mitigationId, threat_id: id },
        });
      });
    }
  });

  // Numbers: Threat Dragon's when usable, otherwise after the highest one.
  let next = Math.max(0, ...threatNumbers);
  for (const { value, where, number } of pendingThreats) {
    value.numericId = number ?? ++next;
    candidates.push({ kind: "threat", value, where });
  }
  let mitigationNumber = 0;
  for (const candidate of candidates)
    if (candidate.kind === "mitigation") candidate.value.numericId = ++mitigationNumber;
  if (textBlocks > 0)
    warnings.push(`${textBlocks} text block(s) are diagram annotations and are not imported`);
  if (placeholderMitigations > 0)
    warnings.push(
      `${placeholderMitigations} threat(s) carry Threat Dragon's placeholder mitigation text; no mitigation was created for them`,
    );
  return plan;
}
