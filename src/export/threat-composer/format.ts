import { createHash } from "node:crypto";
import type { MetadataItem } from "../../domain/entities.js";

/** Threat Composer data-exchange format (`schema: 1`), the parts we write and read. */
export type TcMetadata = { key: string; value: string | string[] };

export interface TcThreat {
  id: string;
  numericId: number;
  displayOrder?: number;
  metadata?: TcMetadata[];
  tags?: string[];
  threatSource?: string;
  prerequisites?: string;
  threatAction?: string;
  threatImpact?: string;
  impactedGoal?: string[];
  impactedAssets?: string[];
  statement?: string;
  customTemplate?: string;
  status?: string;
}

export interface TcMitigation {
  id: string;
  numericId: number;
  displayOrder?: number;
  metadata?: TcMetadata[];
  tags?: string[];
  content: string;
  status?: string;
}

export interface TcAssumption {
  id: string;
  numericId: number;
  displayOrder?: number;
  metadata?: TcMetadata[];
  tags?: string[];
  content: string;
}

export interface TcDocument {
  schema: 1;
  applicationInfo?: { name?: string; description?: string };
  architecture?: { description?: string; image?: string };
  dataflow?: { description?: string; image?: string };
  assumptions?: TcAssumption[];
  mitigations?: TcMitigation[];
  assumptionLinks?: { type: "Threat" | "Mitigation"; assumptionId: string; linkedId: string }[];
  mitigationLinks?: { mitigationId: string; linkedId: string }[];
  threats?: TcThreat[];
  brainstorm?: unknown;
}

/** Threat Composer's limits (configs/constants.ts). */
export const TC_LIMITS = {
  markdown: 100_000,
  imageBase64: 1_000_000,
  customKey: 50,
  name: 200,
} as const;

export type TcKind = "threat" | "mitigation" | "assumption";

const STRIDE = ["S", "T", "R", "I", "D", "E"];

/** Whether a metadata entry is valid as is on this kind of Threat Composer entity. */
export function isNativeMetadata(kind: TcKind, item: MetadataItem | TcMetadata): boolean {
  const { key, value } = item;
  const isString = typeof value === "string";
  if (key === "Comments") return isString && value.length <= 1000;
  if (key.startsWith("custom:")) return key.length <= TC_LIMITS.customKey;
  if (kind === "threat") {
    if (key === "STRIDE") return Array.isArray(value) && value.every((v) => STRIDE.includes(v));
    if (key === "Priority") return isString && ["High", "Medium", "Low"].includes(value);
    if (key === "source") return value === "threatPack";
    if (key === "threatPackId") return isString && value.length >= 1 && value.length <= 30;
    if (key === "threatPackThreatId" || key === "threatPackMitigationCandidateId")
      return isString && value.length <= 36;
  }
  if (kind === "mitigation") {
    if (key === "source") return value === "mitigationPack";
    if (key === "mitigationPackId") return isString && value.length >= 1 && value.length <= 30;
    if (key === "mitigationPackMitigationId") return isString && value.length <= 36;
  }
  return false;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The id an entity has in Threat Composer: its own when it is a lowercase UUID (as ours are), else
 * a UUID derived from it, so links keep the 36 characters Threat Composer requires.
 */
export function tcId(id: string): string {
  if (UUID.test(id)) return id;
  const hex = createHash("sha256").update(`threatmodel:${id}`).digest("hex");
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Metadata keys our export writes for Threat Composer readers (recomputed, never imported as data). */
export const PAYLOAD_KEY = "custom:threatmodel";
/** Framework references and provenance, shown as readable `custom:` entries (see `frameworkMetadata`). */
const FRAMEWORK_KEYS = [
  "cwe",
  "capec",
  "attack",
  "asvs",
  "compliance",
  "cvss_v3",
  "cvss_v4",
  "rule_id",
  "library_id",
].map((field) => `custom:${field}`);

export const READABLE_KEYS: Record<TcKind, readonly string[]> = {
  threat: ["custom:Severity", "custom:Likelihood", "custom:Affects", ...FRAMEWORK_KEYS],
  mitigation: ["custom:Type", "custom:Cost", "custom:Effectiveness", "custom:Responsible", ...FRAMEWORK_KEYS],
  assumption: ["custom:Category", "custom:Impact", "custom:Rationale"],
};

/** Info string of the fenced block that carries the entities Threat Composer has no fields for. */
export const DATA_FENCE = "json threatmodel-data";
export const DATA_VERSION = 1;
