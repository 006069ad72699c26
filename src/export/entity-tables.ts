import { BUSINESS_FEATURES, type BusinessContext } from "../domain/business-context.js";
import type { ModelView } from "./view.js";

/**
 * One table cell, before a report format renders it: text or a number (empty shows as "—"), or a
 * yes/no flag whose "no" the format highlights (an unencrypted connection, for instance).
 */
export type Cell = string | number | undefined | { flag: boolean };

/** A table of the reports, defined once for every format: the formats only escape and lay it out. */
export interface ReportTable {
  /** The HTML table's id (its sorting and styling hook). */
  id: string | undefined;
  title: string;
  columns: string[];
  rows: Cell[][];
  /** HTML: the columns sort on click. */
  sortable: boolean;
}

/** What a report section that lists entities shows: its tables, in order. */
export interface EntitySection {
  id: string;
  title: string;
  tables: ReportTable[];
}

const table = (id: string | undefined, title: string, columns: string[], rows: Cell[][]): ReportTable => ({
  id,
  title,
  columns,
  rows,
  sortable: true,
});

const joined = (values: readonly string[]) => values.join(", ");

/** The ten business features and their values (or why they cannot be determined). */
export function featureTable(context: BusinessContext): ReportTable {
  const rows = BUSINESS_FEATURES.map((f): Cell[] => {
    const value = context[f.key];
    const undetermined = context.undetermined?.[f.key];
    const shown = Array.isArray(value)
      ? joined(value)
      : (value ?? (undetermined !== undefined ? `Cannot be determined: ${undetermined}` : undefined));
    return [f.label, shown];
  });
  return { ...table(undefined, "Business features", ["Feature", "Value"], rows), sortable: false };
}

export function architectureSection(view: ModelView): EntitySection {
  const zoneOf = (id: string | undefined) => (id ? view.name(id) : undefined);
  return {
    id: "architecture",
    title: "Architecture",
    tables: [
      table(
        "components",
        "Components",
        ["ID", "Name", "Type", "Provider / service", "Trust zone", "Open threats", "Description"],
        view.components.map((x) => [
          x.id,
          x.name,
          x.type,
          [x.service_provider, x.specific_service, x.version].filter(Boolean).join(" / "),
          zoneOf(x.trust_zone_id),
          view.openThreatCount(x.id),
          x.description,
        ]),
      ),
      table(
        "connections",
        "Connections",
        ["ID", "From", "To", "Protocol", "Port", "Encrypted", "Crosses", "Description"],
        view.connections.map((x) => [
          x.id,
          view.name(x.source_id),
          view.name(x.destination_id),
          x.protocol,
          x.port,
          { flag: x.encryption },
          joined(view.crossingsOf(x.id).map((cp) => view.crossingLabel(cp))),
          x.description,
        ]),
      ),
      table(
        "data-stores",
        "Data stores",
        ["ID", "Name", "Type", "Classification", "Encrypted at rest", "Backups", "Trust zone", "Description"],
        view.dataStores.map((x) => [
          x.id,
          x.name,
          x.type,
          x.classification,
          { flag: x.encryption_at_rest },
          x.backup_frequency,
          zoneOf(x.trust_zone_id),
          x.description,
        ]),
      ),
    ],
  };
}

export function actorSection(view: ModelView): EntitySection {
  return {
    id: "actors",
    title: "Threat actors",
    tables: [
      table(
        "actors",
        "Threat actors",
        [
          "ID",
          "Name",
          "Type",
          "Capability",
          "Motivations",
          "Resources",
          "Relevant",
          "Priority",
          "Description",
        ],
        view.actors.map((a) => [
          a.id,
          a.name,
          a.type,
          a.capability_level,
          joined(a.motivations),
          a.resources,
          a.relevance_decided ? (a.is_relevant ? "yes" : "no") : "undecided",
          a.priority > 0 ? `${a.priority}/10` : undefined,
          a.description,
        ]),
      ),
    ],
  };
}

export function trustSection(view: ModelView): EntitySection {
  return {
    id: "trust",
    title: "Trust zones, crossing points and boundaries",
    tables: [
      table(
        "zones",
        "Trust zones",
        ["ID", "Name", "Trust level", "Members", "Description"],
        view.zones.map((z) => [
          z.id,
          z.name,
          z.trust_level,
          joined(view.membersOf(z.id).map((m) => m.name)),
          z.description,
        ]),
      ),
      table(
        "crossing-points",
        "Crossing points",
        ["ID", "From zone", "To zone", "Connections", "Authentication", "Authorization", "Description"],
        view.crossingPoints.map((cp) => [
          cp.id,
          view.name(cp.source_zone_id),
          view.name(cp.destination_zone_id),
          view.crossingConnections(cp),
          cp.authentication_method,
          cp.authorization_method,
          cp.description,
        ]),
      ),
      table(
        "boundaries",
        "Trust boundaries",
        ["ID", "Name", "Type", "Crossing points", "Controls", "Description"],
        view.boundaries.map((b) => [
          b.id,
          b.name,
          b.type,
          view.boundaryCrossings(b),
          joined(b.controls),
          b.description,
        ]),
      ),
    ],
  };
}

export function assetSection(view: ModelView): EntitySection {
  return {
    id: "assets",
    title: "Assets and flows",
    tables: [
      table(
        "asset-table",
        "Assets",
        ["ID", "Name", "Type", "Classification", "Sensitivity", "Criticality", "Owner", "Description"],
        view.assets.map((a) => [
          a.id,
          a.name,
          a.type,
          a.classification,
          a.sensitivity,
          a.criticality,
          a.owner,
          a.description,
        ]),
      ),
      table(
        "flows",
        "Asset flows",
        ["ID", "Asset", "From", "To", "Protocol", "Encrypted", "Controls", "Risk", "Description"],
        view.flows.map((f) => [
          f.id,
          view.name(f.asset_id),
          view.name(f.source_id),
          view.name(f.destination_id),
          f.protocol,
          { flag: f.encryption },
          joined(f.controls),
          f.risk_level,
          f.description,
        ]),
      ),
    ],
  };
}
