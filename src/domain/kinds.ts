import type * as z from "zod";
import {
  Asset,
  Assumption,
  AssumptionLink,
  Component,
  Connection,
  CrossingPoint,
  DataStore,
  Flow,
  Mitigation,
  MitigationLink,
  Threat,
  ThreatActor,
  TrustBoundary,
  TrustZone,
} from "./entities.js";
import { ThreatValidation } from "./validation.js";

/** How new ids of a kind are made: a prefixed short id, a UUID (Threat Composer entities), or the link's two ends. */
/** How new ids of a kind are made; "derived" records take the id of the entity they belong to. */
export type IdStyle =
  { style: "short"; prefix: string } | { style: "uuid" } | { style: "link" } | { style: "derived" };

export interface CollectionSpec<S extends z.ZodType = z.ZodType> {
  /** Folder under `.threatmodel/model/`. */
  dir: string;
  schema: S;
  id: IdStyle;
  /** Human label, singular. */
  label: string;
}

export const COLLECTIONS = {
  component: {
    dir: "components",
    schema: Component,
    id: { style: "short", prefix: "C" },
    label: "component",
  },
  connection: {
    dir: "connections",
    schema: Connection,
    id: { style: "short", prefix: "CN" },
    label: "connection",
  },
  data_store: {
    dir: "data-stores",
    schema: DataStore,
    id: { style: "short", prefix: "D" },
    label: "data store",
  },
  threat_actor: {
    dir: "threat-actors",
    schema: ThreatActor,
    id: { style: "short", prefix: "TA" },
    label: "threat actor",
  },
  trust_zone: {
    dir: "trust-zones",
    schema: TrustZone,
    id: { style: "short", prefix: "TZ" },
    label: "trust zone",
  },
  crossing_point: {
    dir: "crossing-points",
    schema: CrossingPoint,
    id: { style: "short", prefix: "CP" },
    label: "crossing point",
  },
  trust_boundary: {
    dir: "trust-boundaries",
    schema: TrustBoundary,
    id: { style: "short", prefix: "TB" },
    label: "trust boundary",
  },
  asset: { dir: "assets", schema: Asset, id: { style: "short", prefix: "AS" }, label: "asset" },
  flow: { dir: "flows", schema: Flow, id: { style: "short", prefix: "F" }, label: "flow" },
  assumption: { dir: "assumptions", schema: Assumption, id: { style: "uuid" }, label: "assumption" },
  threat: { dir: "threats", schema: Threat, id: { style: "uuid" }, label: "threat" },
  mitigation: { dir: "mitigations", schema: Mitigation, id: { style: "uuid" }, label: "mitigation" },
  mitigation_link: {
    dir: "mitigation-links",
    schema: MitigationLink,
    id: { style: "link" },
    label: "mitigation link",
  },
  validation: {
    dir: "validations",
    schema: ThreatValidation,
    id: { style: "derived" },
    label: "threat validation",
  },
  assumption_link: {
    dir: "assumption-links",
    schema: AssumptionLink,
    id: { style: "link" },
    label: "assumption link",
  },
} as const satisfies Record<string, CollectionSpec>;

export type CollectionKind = keyof typeof COLLECTIONS;
export const COLLECTION_KINDS = Object.keys(COLLECTIONS) as CollectionKind[];

export interface EntityByKind {
  component: Component;
  connection: Connection;
  data_store: DataStore;
  threat_actor: ThreatActor;
  trust_zone: TrustZone;
  crossing_point: CrossingPoint;
  trust_boundary: TrustBoundary;
  asset: Asset;
  flow: Flow;
  assumption: Assumption;
  threat: Threat;
  mitigation: Mitigation;
  mitigation_link: MitigationLink;
  assumption_link: AssumptionLink;
  validation: ThreatValidation;
}
export type AnyEntity = EntityByKind[CollectionKind];

/** Kinds that carry a Threat Composer `numericId`. */
export const NUMBERED_KINDS = ["threat", "mitigation", "assumption"] as const;
export type NumberedKind = (typeof NUMBERED_KINDS)[number];
