import type { Threat } from "../../domain/entities.js";
import type { Diagram, DiagramNode } from "../diagram.js";
import type { GraphvizJson } from "../graphviz.js";
import { tcId } from "../threat-composer/format.js";
import { MITIGATION_STATUS_LABEL, ModelView, mitigationLabel } from "../view.js";

/** Threat Dragon's STRIDE type names. */
const TD_TYPE: Record<string, string> = {
  Spoofing: "Spoofing",
  Tampering: "Tampering",
  Repudiation: "Repudiation",
  "Information Disclosure": "Information disclosure",
  "Denial of Service": "Denial of service",
  "Elevation of Privilege": "Elevation of privilege",
};

const SCALE = 1.6;
const SIZES = {
  process: { width: 120, height: 120 },
  store: { width: 160, height: 80 },
  actor: { width: 160, height: 80 },
};
const STROKE = { stroke: "#333333", strokeWidth: 1.5, strokeDasharray: "" };
const OPEN_STROKE = { stroke: "red", strokeWidth: 2.5, strokeDasharray: "" };

function tdStatus(t: Threat): string {
  if (t.status === "threatResolvedNotUseful") return "NotApplicable";
  if (t.status === "threatResolved") return t.acceptance ? "Accepted" : "Mitigated";
  return "Open";
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Positions from the Graphviz layout (y flipped to screen coordinates), or a grid when absent. */
function positions(diagram: Diagram, json: GraphvizJson | undefined) {
  const nodes = new Map<string, { cx: number; cy: number }>();
  const clusters = new Map<string, Box>();
  const height = json ? Number(json.bb.split(",")[3] ?? 0) : 0;
  for (const object of json?.objects ?? []) {
    if (object.pos) {
      const [x, y] = object.pos.split(",").map(Number);
      nodes.set(object.name, { cx: (x ?? 0) * SCALE, cy: (height - (y ?? 0)) * SCALE });
    } else if (object.bb && object.name.startsWith("cluster_")) {
      const [x0, y0, x1, y1] = object.bb.split(",").map(Number) as [number, number, number, number];
      clusters.set(object.name, {
        x: x0 * SCALE - 20,
        y: (height - y1) * SCALE - 20,
        width: (x1 - x0) * SCALE + 40,
        height: (y1 - y0) * SCALE + 40,
      });
    }
  }
  diagram.nodes.forEach((node, index) => {
    if (!nodes.has(node.key))
      nodes.set(node.key, { cx: 150 + (index % 5) * 250, cy: 120 + Math.floor(index / 5) * 200 });
  });
  return { nodes, clusters };
}

/**
 * Our model as a Threat Dragon v2 model: one STRIDE diagram laid out by Graphviz, trust zones as
 * boundary boxes, components as processes (actors when their zone is untrusted), data stores as
 * stores, connections as flows; each threat sits in the cell of the first element it affects
 * (threats tied to no element go in an out-of-scope "Unplaced threats" process).
 */
export function toThreatDragon(
  view: ModelView,
  diagram: Diagram,
  json: GraphvizJson | undefined,
  meta: { title: string; description: string; digest: string },
): object {
  const { title, description } = meta;
  const { nodes: pos, clusters } = positions(diagram, json);
  const cellId = (id: string) => tcId(`td-cell:${id}`);
  const threatsByElement = new Map<string, Threat[]>();
  const unplaced: Threat[] = [];
  const drawn = new Set(diagram.nodes.map((n) => n.id));
  for (const t of view.threats) {
    const host = t.affected_components.find((id) => drawn.has(id));
    if (host) threatsByElement.set(host, [...(threatsByElement.get(host) ?? []), t]);
    else unplaced.push(t);
  }
  const tdThreat = (t: Threat) => {
    const mitigations = view.mitigationsOf(t.id);
    return {
      id: t.id,
      title: t.statement.length > 0 ? t.statement : t.threatAction,
      type: t.category ? TD_TYPE[t.category] : "",
      status: tdStatus(t),
      severity: t.severity ?? "TBD",
      description: [
        t.statement,
        t.threatImpact ? `Impact: ${t.threatImpact}` : "",
        t.likelihood ? `Likelihood: ${t.likelihood}` : "",
      ]
        .filter(Boolean)
        .join("\n"),
      mitigation: mitigations
        .map((m) => `${mitigationLabel(m)} (${MITIGATION_STATUS_LABEL[m.status]}): ${m.content}`)
        .join("\n"),
      modelType: "STRIDE",
      number: t.numericId,
      score: t.likelihood ?? "",
    };
  };
  const untrusted = new Set(view.zones.filter((z) => z.trust_level === "Untrusted").map((z) => z.id));
  const cells: object[] = [];
  let z = 0;
  diagram.zones.forEach((zone, index) => {
    const box = clusters.get(`cluster_${index + 1}`) ?? { x: 0, y: 0, width: 400, height: 300 };
    cells.push({
      position: { x: Math.round(box.x), y: Math.round(box.y) },
      size: { width: Math.max(10, Math.round(box.width)), height: Math.max(10, Math.round(box.height)) },
      attrs: {
        label: { text: zone.name },
        body: { stroke: "#333333", strokeWidth: 3, strokeDasharray: "10 5" },
      },
      visible: true,
      shape: "trust-boundary-box",
      zIndex: -1,
      id: cellId(zone.id),
      data: {
        type: "tm.BoundaryBox",
        name: zone.name,
        description: `Trust zone (trust level ${zone.trustLevel})`,
        isTrustBoundary: true,
        hasOpenThreats: false,
      },
    });
  });
  const node = (n: DiagramNode) => {
    const threats = (threatsByElement.get(n.id) ?? []).map(tdThreat);
    const open = threats.some((t) => t.status === "Open");
    const shape = n.kind === "data_store" ? "store" : n.zone && untrusted.has(n.zone) ? "actor" : "process";
    const size = SIZES[shape];
    const center = pos.get(n.key)!;
    const base = {
      position: { x: Math.round(center.cx - size.width / 2), y: Math.round(center.cy - size.height / 2) },
      size,
      visible: true,
      shape,
      zIndex: ++z,
      id: cellId(n.id),
    };
    const data = {
      name: n.name,
      description: n.detail,
      type: shape === "store" ? "tm.Store" : shape === "actor" ? "tm.Actor" : "tm.Process",
      isTrustBoundary: false,
      outOfScope: false,
      reasonOutOfScope: "",
      threats,
      hasOpenThreats: open,
    };
    if (shape === "store") {
      const store = view.model.get("data_store", n.id);
      return {
        ...base,
        attrs: {
          text: { text: n.name },
          topLine: open ? OPEN_STROKE : STROKE,
          bottomLine: open ? OPEN_STROKE : STROKE,
        },
        data: {
          ...data,
          isALog: false,
          storesCredentials:
            store?.classification === "Confidential" || store?.classification === "Restricted",
          isEncrypted: store?.encryption_at_rest ?? false,
          isSigned: false,
        },
      };
    }
    return {
      ...base,
      attrs: { text: { text: n.name }, body: open ? OPEN_STROKE : STROKE },
      data:
        shape === "actor"
          ? { ...data, providesAuthentication: false }
          : {
              ...data,
              privilegeLevel: "",
              handlesCardPayment: false,
              handlesGoodsOrServices: false,
              isWebApplication: false,
            },
    };
  };
  for (const n of diagram.nodes) cells.push(node(n));
  const byKey = new Map(diagram.nodes.map((n) => [n.key, n]));
  for (const edge of diagram.edges) {
    const connection = view.model.get("connection", edge.id);
    const label = [edge.label, edge.crossings.length > 0 ? "crosses a trust boundary" : ""]
      .filter(Boolean)
      .join(" · ");
    cells.push({
      shape: "flow",
      attrs: {
        line: {
          stroke: edge.encrypted ? "#333333" : "red",
          strokeWidth: 1.5,
          targetMarker: { name: "block" },
          strokeDasharray: edge.encrypted ? "" : "5 5",
        },
      },
      width: 200,
      height: 100,
      zIndex: ++z,
      connector: "smooth",
      labels: [label || "flow"],
      data: {
        type: "tm.Flow",
        name: label || "flow",
        description: connection?.description ?? "",
        outOfScope: false,
        reasonOutOfScope: "",
        hasOpenThreats: false,
        isBidirectional: false,
        isEncrypted: edge.encrypted,
        isPublicNetwork: edge.crossings.length > 0,
        protocol: connection?.protocol ?? "",
        threats: [],
        isTrustBoundary: false,
      },
      id: cellId(edge.id),
      source: { cell: cellId(byKey.get(edge.from)!.id) },
      target: { cell: cellId(byKey.get(edge.to)!.id) },
      vertices: [],
    });
  }
  if (unplaced.length > 0) {
    cells.push({
      position: { x: 20, y: -220 },
      size: SIZES.process,
      attrs: { text: { text: "Unplaced threats" }, body: STROKE },
      visible: true,
      shape: "process",
      zIndex: ++z,
      id: cellId("unplaced-threats"),
      data: {
        name: "Unplaced threats",
        description: "Threats that affect no component or data store in the model.",
        type: "tm.Process",
        isTrustBoundary: false,
        outOfScope: true,
        reasonOutOfScope: "Not an element: holds threats tied to no element.",
        threats: unplaced.map(tdThreat),
        hasOpenThreats: unplaced.some((t) => t.status === "threatIdentified"),
        privilegeLevel: "",
        handlesCardPayment: false,
        handlesGoodsOrServices: false,
        isWebApplication: false,
      },
    });
  }
  return {
    version: "2.3.0",
    summary: { title, owner: "", description, id: 0 },
    detail: {
      contributors: [],
      diagrams: [
        {
          id: 0,
          title: "Data flow (generated from the threat model)",
          diagramType: "STRIDE",
          placeholder: "",
          thumbnail: "./public/content/images/thumbnail.stride.jpg",
          version: "2.3.0",
          description: `Generated by threat-modeling-mcp-server (threatmodel:digest ${meta.digest}); edit .threatmodel/model/ instead.`,
          cells,
        },
      ],
      diagramTop: 1,
      reviewer: "",
      threatTop: Math.max(0, ...view.threats.map((t) => t.numericId)),
    },
  };
}
