import type {
  Asset,
  Assumption,
  Component,
  Connection,
  CrossingPoint,
  DataStore,
  Flow,
  Mitigation,
  Threat,
  ThreatActor,
  TrustBoundary,
  TrustZone,
} from "../domain/entities.js";
import { ENUMS, type EnumValue } from "../domain/enums.js";
import type { ModelReader } from "../domain/model.js";

export type Category = EnumValue<"ThreatCategory">;
export type Severity = EnumValue<"ThreatSeverity">;

export const STRIDE_LETTER: Record<Category, "S" | "T" | "R" | "I" | "D" | "E"> = {
  Spoofing: "S",
  Tampering: "T",
  Repudiation: "R",
  "Information Disclosure": "I",
  "Denial of Service": "D",
  "Elevation of Privilege": "E",
};

export const SEVERITY_RANK: Record<Severity, number> = { Low: 1, Medium: 2, High: 3, Critical: 4 };
export const SEVERITIES = ENUMS.ThreatSeverity;
export const CATEGORIES = ENUMS.ThreatCategory;

export const THREAT_STATUS_LABEL: Record<Threat["status"], string> = {
  threatIdentified: "Identified",
  threatResolved: "Resolved",
  threatResolvedNotUseful: "Not useful",
};
export const MITIGATION_STATUS_LABEL: Record<Mitigation["status"], string> = {
  mitigationIdentified: "Identified",
  mitigationInProgress: "In progress",
  mitigationResolved: "Resolved",
  mitigationResolvedWillNotAction: "Will not action",
};

export const threatLabel = (t: { numericId: number }) => `T-${String(t.numericId).padStart(4, "0")}`;
export const mitigationLabel = (m: { numericId: number }) => `M-${String(m.numericId).padStart(4, "0")}`;
export const assumptionLabel = (a: { numericId: number }) => `A-${String(a.numericId).padStart(4, "0")}`;

const byName = <T extends { name: string; id: string }>(a: T, b: T) =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
const byIdOnly = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const byNumber = <T extends { numericId: number; id: string }>(a: T, b: T) =>
  a.numericId - b.numericId || byIdOnly(a, b);

/** An open threat is one nobody has resolved yet. */
export const isOpen = (t: Threat) => t.status === "threatIdentified";

/**
 * The model prepared for rendering: every collection in a stable order (so reports only change
 * when the model does) and the lookups renderers need (names, links, zones, risk).
 */
export class ModelView {
  readonly components: Component[];
  readonly dataStores: DataStore[];
  readonly connections: Connection[];
  readonly actors: ThreatActor[];
  readonly zones: TrustZone[];
  readonly crossingPoints: CrossingPoint[];
  readonly boundaries: TrustBoundary[];
  readonly assets: Asset[];
  readonly flows: Flow[];
  readonly assumptions: Assumption[];
  readonly threats: Threat[];
  readonly mitigations: Mitigation[];
  private readonly names = new Map<string, string>();
  private readonly mitigationsByThreat = new Map<string, Mitigation[]>();
  private readonly threatsByMitigation = new Map<string, Threat[]>();
  private readonly assumptionsByItem = new Map<string, Assumption[]>();
  private readonly itemsByAssumption = new Map<string, (Threat | Mitigation)[]>();
  private readonly crossingsByConnection = new Map<string, CrossingPoint[]>();
  private readonly risk = new Map<string, Severity>();
  private readonly openThreatsByElement = new Map<string, number>();
  private readonly flowsById: Map<string, Flow>;
  private readonly connectionsById: Map<string, Connection>;
  private readonly crossingsById: Map<string, CrossingPoint>;

  constructor(readonly model: ModelReader) {
    this.components = model.list("component").sort(byName);
    this.dataStores = model.list("data_store").sort(byName);
    this.actors = model.list("threat_actor").sort(byName);
    this.zones = model.list("trust_zone").sort(byName);
    this.boundaries = model.list("trust_boundary").sort(byName);
    this.assets = model.list("asset").sort(byName);
    this.assumptions = model.list("assumption").sort(byNumber);
    this.threats = model.list("threat").sort(byNumber);
    this.mitigations = model.list("mitigation").sort(byNumber);
    for (const named of [
      ...this.components,
      ...this.dataStores,
      ...this.actors,
      ...this.zones,
      ...this.boundaries,
      ...this.assets,
    ]) {
      this.names.set(named.id, named.name);
    }
    const endpoints = (a: { source_id: string; destination_id: string; id: string }) =>
      `${this.name(a.source_id)}\u0000${this.name(a.destination_id)}\u0000${a.id}`;
    const byEndpoints = <T extends { source_id: string; destination_id: string; id: string }>(a: T, b: T) =>
      endpoints(a) < endpoints(b) ? -1 : endpoints(a) > endpoints(b) ? 1 : 0;
    this.connections = model.list("connection").sort(byEndpoints);
    this.flows = model.list("flow").sort(byEndpoints);
    this.crossingPoints = model
      .list("crossing_point")
      .sort((a, b) =>
        byEndpoints(
          { source_id: a.source_zone_id, destination_id: a.destination_zone_id, id: a.id },
          { source_id: b.source_zone_id, destination_id: b.destination_zone_id, id: b.id },
        ),
      );

    this.flowsById = new Map(this.flows.map((f) => [f.id, f]));
    this.connectionsById = new Map(this.connections.map((c) => [c.id, c]));
    this.crossingsById = new Map(this.crossingPoints.map((c) => [c.id, c]));
    const threats = new Map(this.threats.map((t) => [t.id, t]));
    const mitigations = new Map(this.mitigations.map((m) => [m.id, m]));
    for (const link of model.list("mitigation_link")) {
      const threat = threats.get(link.threat_id);
      const mitigation = mitigations.get(link.mitigation_id);
      if (!threat || !mitigation) continue;
      push(this.mitigationsByThreat, threat.id, mitigation);
      push(this.threatsByMitigation, mitigation.id, threat);
    }
    const assumptions = new Map(this.assumptions.map((a) => [a.id, a]));
    for (const link of model.list("assumption_link")) {
      const assumption = assumptions.get(link.assumption_id);
      const item = threats.get(link.linked_id) ?? mitigations.get(link.linked_id);
      if (!assumption || !item) continue;
      push(this.assumptionsByItem, item.id, assumption);
      push(this.itemsByAssumption, assumption.id, item);
    }
    for (const list of [
      ...this.mitigationsByThreat.values(),
      ...this.assumptionsByItem.values(),
      ...this.threatsByMitigation.values(),
    ]) {
      list.sort(byNumber);
    }
    for (const cp of this.crossingPoints) {
      for (const connection of cp.connection_ids) push(this.crossingsByConnection, connection, cp);
    }
    for (const threat of this.threats.filter(isOpen)) {
      for (const element of [...threat.affected_components, ...threat.affected_trust_boundaries]) {
        this.openThreatsByElement.set(element, (this.openThreatsByElement.get(element) ?? 0) + 1);
        if (!threat.severity) continue;
        const current = this.risk.get(element);
        if (!current || SEVERITY_RANK[threat.severity] > SEVERITY_RANK[current])
          this.risk.set(element, threat.severity);
      }
    }
  }

  /** Display name of an id (element, zone, asset...), or the id itself when it has no name. */
  name(id: string): string {
    return this.names.get(id) ?? id;
  }

  mitigationsOf(threatId: string): readonly Mitigation[] {
    return this.mitigationsByThreat.get(threatId) ?? [];
  }

  threatsOf(mitigationId: string): readonly Threat[] {
    return this.threatsByMitigation.get(mitigationId) ?? [];
  }

  assumptionsOf(itemId: string): readonly Assumption[] {
    return this.assumptionsByItem.get(itemId) ?? [];
  }

  linkedTo(assumptionId: string): readonly (Threat | Mitigation)[] {
    return this.itemsByAssumption.get(assumptionId) ?? [];
  }

  crossingsOf(connectionId: string): readonly CrossingPoint[] {
    return this.crossingsByConnection.get(connectionId) ?? [];
  }

  /** Highest severity of the open threats affecting an element (undefined: none rated). */
  riskOf(elementId: string): Severity | undefined {
    return this.risk.get(elementId);
  }

  openThreatCount(elementId: string): number {
    return this.openThreatsByElement.get(elementId) ?? 0;
  }

  membersOf(zoneId: string): (Component | DataStore)[] {
    return [...this.components, ...this.dataStores].filter((e) => e.trust_zone_id === zoneId);
  }

  /** Label of a crossing point: "Internet → DMZ". */
  crossingLabel(cp: CrossingPoint): string {
    return `${this.name(cp.source_zone_id)} → ${this.name(cp.destination_zone_id)}`;
  }

  connectionLabel(c: Connection): string {
    return `${this.name(c.source_id)} → ${this.name(c.destination_id)}`;
  }

  /** The crossing points of a trust boundary, labelled, for tables ("" when none). */
  boundaryCrossings(b: TrustBoundary): string {
    return b.crossing_point_ids
      .map((id) => {
        const cp = this.model.get("crossing_point", id);
        return cp ? this.crossingLabel(cp) : id;
      })
      .join(", ");
  }

  /** The connections through a crossing point, labelled, for tables ("" when none). */
  crossingConnections(cp: CrossingPoint): string {
    return cp.connection_ids
      .map((id) => {
        const connection = this.model.get("connection", id);
        return connection ? this.connectionLabel(connection) : id;
      })
      .join(", ");
  }

  /** Names of everything a threat affects, for tables. */
  affectedNames(t: Threat): string[] {
    const flows = this.flowsById;
    const crossings = this.crossingsById;
    return [
      ...t.affected_components.map((id) => this.name(id)),
      ...t.affected_trust_boundaries.map((id) => this.name(id)),
      ...t.affected_assets.map((id) => this.name(id)),
      ...(t.affected_flows ?? []).map((id) => {
        const flow = flows.get(id);
        return flow
          ? `flow ${this.name(flow.asset_id)}: ${this.name(flow.source_id)} → ${this.name(flow.destination_id)}`
          : id;
      }),
      ...(t.affected_connections ?? []).map((id) => {
        const connection = this.connectionsById.get(id);
        return connection ? `connection ${this.connectionLabel(connection)}` : id;
      }),
      ...(t.affected_crossing_points ?? []).map((id) => {
        const cp = crossings.get(id);
        return cp ? `crossing ${this.crossingLabel(cp)}` : id;
      }),
    ];
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Open threats per severity ("Unrated" for none). */
export function openBySeverity(threats: readonly Threat[]): Record<Severity | "Unrated", number> {
  const counts = { Critical: 0, High: 0, Medium: 0, Low: 0, Unrated: 0 };
  for (const t of threats) if (isOpen(t)) counts[t.severity ?? "Unrated"]++;
  return counts;
}
