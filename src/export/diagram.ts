import type { Severity } from "./view.js";
import { ModelView } from "./view.js";

/** The data-flow diagram, independent of notation: Mermaid, DOT and Threat Dragon all draw this. */
export interface DiagramNode {
  /** Diagram-local id (n1, n2...): user ids never reach diagram syntax. */
  key: string;
  id: string;
  kind: "component" | "data_store";
  name: string;
  /** Second label line: type and service. */
  detail: string;
  zone?: string;
  risk?: Severity;
  openThreats: number;
}

export interface DiagramZone {
  key: string;
  id: string;
  name: string;
  trustLevel: string;
  nodes: DiagramNode[];
}

export interface DiagramEdge {
  id: string;
  from: string;
  to: string;
  /** "HTTPS :443" */
  label: string;
  encrypted: boolean;
  /** Crossing points this connection is part of, as "Zone A → Zone B". */
  crossings: string[];
}

export interface Diagram {
  zones: DiagramZone[];
  /** Elements outside every zone. */
  loose: DiagramNode[];
  nodes: DiagramNode[];
  edges: DiagramEdge[];
}

export function buildDiagram(view: ModelView): Diagram {
  const nodes: DiagramNode[] = [];
  const byId = new Map<string, DiagramNode>();
  const add = (node: Omit<DiagramNode, "key">) => {
    const full = { key: `n${nodes.length + 1}`, ...node };
    nodes.push(full);
    byId.set(full.id, full);
  };
  for (const c of view.components) {
    add({
      id: c.id,
      kind: "component",
      name: c.name,
      detail: [c.type, c.specific_service ?? c.service_provider].filter(Boolean).join(" · "),
      ...(c.trust_zone_id && view.model.get("trust_zone", c.trust_zone_id) ? { zone: c.trust_zone_id } : {}),
      ...optionalRisk(view.riskOf(c.id)),
      openThreats: view.openThreatCount(c.id),
    });
  }
  for (const d of view.dataStores) {
    add({
      id: d.id,
      kind: "data_store",
      name: d.name,
      detail: `${d.type} · ${d.classification}${d.encryption_at_rest ? "" : " · unencrypted"}`,
      ...(d.trust_zone_id && view.model.get("trust_zone", d.trust_zone_id) ? { zone: d.trust_zone_id } : {}),
      ...optionalRisk(view.riskOf(d.id)),
      openThreats: view.openThreatCount(d.id),
    });
  }
  const zones: DiagramZone[] = view.zones
    .map((z, index) => ({
      key: `z${index + 1}`,
      id: z.id,
      name: z.name,
      trustLevel: z.trust_level,
      nodes: nodes.filter((n) => n.zone === z.id),
    }))
    .filter((z) => z.nodes.length > 0);
  const edges: DiagramEdge[] = [];
  for (const c of view.connections) {
    const from = byId.get(c.source_id);
    const to = byId.get(c.destination_id);
    if (!from || !to) continue;
    edges.push({
      id: c.id,
      from: from.key,
      to: to.key,
      label: [c.protocol, c.port !== undefined ? `:${c.port}` : undefined].filter(Boolean).join(" "),
      encrypted: c.encryption,
      crossings: view.crossingsOf(c.id).map((cp) => view.crossingLabel(cp)),
    });
  }
  return { zones, loose: nodes.filter((n) => n.zone === undefined), nodes, edges };
}

function optionalRisk(risk: Severity | undefined): { risk?: Severity } {
  return risk ? { risk } : {};
}

/** Fill colours by risk, shared by the SVG, the HTML legend and Mermaid classes. */
export const RISK_COLOURS: Record<Severity | "none", { fill: string; stroke: string }> = {
  Critical: { fill: "#f4b6b6", stroke: "#9b1c1c" },
  High: { fill: "#f9d2b0", stroke: "#b45309" },
  Medium: { fill: "#fbeaa5", stroke: "#a16207" },
  Low: { fill: "#d9f0d3", stroke: "#3f7f34" },
  none: { fill: "#ffffff", stroke: "#4b5563" },
};
