import { randomUUID } from "node:crypto";
import * as z from "zod";
import { linkId } from "../../domain/entities.js";
import { ENUMS } from "../../domain/enums.js";
import { composeStatement } from "../../domain/statement.js";
import { formatIssues } from "../../domain/validate.js";
import type { Candidate, ImportPlan, Problem } from "../import-plan.js";
import { COLLECTIONS } from "../../domain/kinds.js";
import { STRIDE_LETTER } from "../view.js";
import { ARCHITECTURE_KINDS, DATAFLOW_KINDS, listKey } from "./encode.js";
import { DATA_FENCE, PAYLOAD_KEY, READABLE_KEYS, type TcKind, type TcMetadata } from "./format.js";

// Lenient shapes: types are checked, unknown keys are reported as warnings, limits are left to our
// own schemas (so a long field is reported, never cut).
const Meta = z.object({ key: z.string(), value: z.union([z.string(), z.array(z.string())]) });
const Base = {
  id: z.string(),
  numericId: z.number().optional(),
  displayOrder: z.number().optional(),
  metadata: z.array(Meta).optional(),
  tags: z.array(z.string()).optional(),
};
const TcThreat = z.looseObject({
  ...Base,
  threatSource: z.string().optional(),
  prerequisites: z.string().optional(),
  threatAction: z.string().optional(),
  threatImpact: z.string().optional(),
  impactedGoal: z.array(z.string()).optional(),
  impactedAssets: z.array(z.string()).optional(),
  statement: z.string().optional(),
  customTemplate: z.string().optional(),
  displayedStatement: z.unknown().optional(),
  status: z.string().optional(),
});
const TcMitigation = z.looseObject({ ...Base, content: z.string(), status: z.string().optional() });
const TcAssumption = z.looseObject({ ...Base, content: z.string() });
const TcMitigationLink = z.looseObject({ mitigationId: z.string(), linkedId: z.string() });
const TcAssumptionLink = z.looseObject({
  type: z.string().optional(),
  assumptionId: z.string(),
  linkedId: z.string(),
});
const Section = z.looseObject({
  name: z.string().optional(),
  description: z.string().optional(),
  image: z.string().optional(),
});
const TcFile = z.looseObject({
  schema: z.number(),
  applicationInfo: Section.optional(),
  architecture: Section.optional(),
  dataflow: Section.optional(),
  threats: z.array(z.unknown()).optional(),
  mitigations: z.array(z.unknown()).optional(),
  assumptions: z.array(z.unknown()).optional(),
  mitigationLinks: z.array(z.unknown()).optional(),
  assumptionLinks: z.array(z.unknown()).optional(),
  brainstorm: z.unknown().optional(),
  workspace: z.unknown().optional(),
});

const KNOWN_TOP = new Set(Object.keys(TcFile.shape));
const ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const LETTER_TO_CATEGORY = Object.fromEntries(
  Object.entries(STRIDE_LETTER).map(([cat, l]) => [l, cat]),
) as Record<string, string>;
const PRIORITY_TO_SEVERITY: Record<string, string> = { High: "High", Medium: "Medium", Low: "Low" };
const PRIORITY_OF: Record<string, string> = { Critical: "High", High: "High", Medium: "Medium", Low: "Low" };

/** The fenced data block of one description, if it carries ours. */
export function readDataBlock(
  markdown: string | undefined,
  section: string,
): { data: Record<string, unknown> } | { error: string } | undefined {
  if (!markdown) return undefined;
  const start = markdown.indexOf(`\`\`\`${DATA_FENCE}\n`);
  if (start < 0) return undefined;
  const bodyStart = start + DATA_FENCE.length + 4;
  const end = markdown.indexOf("\n```", bodyStart);
  if (end < 0) return { error: `${section}.description: the threatmodel data block is not closed` };
  try {
    const parsed = JSON.parse(markdown.slice(bodyStart, end)) as unknown;
    const shape = z
      .object({
        format: z.literal("threatmodel"),
        version: z.literal(1),
        section: z.literal(section),
        data: z.record(z.string(), z.unknown()),
      })
      .safeParse(parsed);
    if (!shape.success)
      return {
        error: `${section}.description: the threatmodel data block is not in a known format (${formatIssues(shape.error.issues)})`,
      };
    return { data: shape.data.data };
  } catch (error) {
    return {
      error: `${section}.description: the threatmodel data block is not valid JSON (${(error as Error).message})`,
    };
  }
}

function payloadOf(
  metadata: readonly TcMetadata[] | undefined,
  where: string,
  problems: Problem[],
): Record<string, unknown> | undefined {
  const entry = metadata?.find((m) => m.key === PAYLOAD_KEY);
  if (!entry) return undefined;
  if (typeof entry.value !== "string") {
    problems.push({ where, reason: `${PAYLOAD_KEY} must be a JSON string` });
    return undefined;
  }
  try {
    const value = JSON.parse(entry.value) as unknown;
    if (value && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  problems.push({ where, reason: `${PAYLOAD_KEY} is not a JSON object` });
  return undefined;
}

const isReserved = (kind: TcKind, key: string) =>
  key === PAYLOAD_KEY ||
  READABLE_KEYS[kind].includes(key) ||
  (kind === "threat" && (key === "STRIDE" || key === "Priority"));

/** Reads a Threat Composer file (ours or anyone's) into an import plan. */
export function decodeThreatComposer(raw: unknown): ImportPlan {
  const plan: ImportPlan = {
    format: "threat-composer",
    candidates: [],
    warnings: [],
    problems: [],
    exact: false,
  };
  const { warnings, problems } = plan;
  // A top-level array is Threat Composer's legacy pre-schema threat list.
  const file = Array.isArray(raw) ? { schema: 1, threats: raw } : raw;
  const top = TcFile.safeParse(file);
  if (!top.success) {
    problems.push({
      where: "(file)",
      reason: `not a Threat Composer file: ${formatIssues(top.error.issues)}`,
    });
    return plan;
  }
  const doc = top.data;
  if (doc.schema !== 1) {
    problems.push({
      where: "schema",
      reason: `unsupported Threat Composer schema version ${doc.schema} (only 1)`,
    });
    return plan;
  }
  for (const key of Object.keys(doc))
    if (!KNOWN_TOP.has(key)) warnings.push(`${key}: not a Threat Composer field; ignored`);
  if (doc.workspace !== undefined)
    warnings.push("workspace: Threat Composer's workspace record is not imported");
  if (doc.brainstorm !== undefined) {
    const count = Object.values((doc.brainstorm ?? {}) as Record<string, unknown>).reduce<number>(
      (n, v) => n + (Array.isArray(v) ? v.length : 0),
      0,
    );
    warnings.push(
      `brainstorm: ${count} brainstorm item(s) are ideas, not model entries, and are not imported`,
    );
  }

  // Our own export carries the non-Threat-Composer entities in fenced blocks.
  const app = readDataBlock(doc.applicationInfo?.description, "applicationInfo");
  const arch = readDataBlock(doc.architecture?.description, "architecture");
  const flow = readDataBlock(doc.dataflow?.description, "dataflow");
  for (const block of [app, arch, flow])
    if (block && "error" in block) problems.push({ where: "description", reason: block.error });
  const ours = app && "data" in app;
  plan.exact = Boolean(ours && arch && "data" in arch && flow && "data" in flow);
  if (app && "data" in app) {
    plan.businessContext = { value: app.data.business_context, where: "applicationInfo (threatmodel data)" };
    plan.project = { value: app.data.project, where: "applicationInfo (threatmodel data)" };
  } else {
    if (doc.applicationInfo?.description) plan.businessDescription = doc.applicationInfo.description;
    if (doc.applicationInfo?.name)
      warnings.push(
        `applicationInfo.name ${JSON.stringify(doc.applicationInfo.name.slice(0, 80))} is not stored (reports use the project folder name)`,
      );
    for (const section of ["architecture", "dataflow"] as const) {
      const s = doc[section];
      if (s?.description)
        warnings.push(
          `${section}.description (${s.description.length} characters of Markdown) is not imported: this model describes ${section} as components, connections and flows`,
        );
      if (s?.image)
        warnings.push(`${section}.image is not imported (reports draw the diagram from the model)`);
    }
  }
  const archData = arch && "data" in arch ? arch.data : undefined;
  const flowData = flow && "data" in flow ? flow.data : undefined;
  const blockLists: [Record<string, unknown> | undefined, string, Candidate["kind"]][] = [
    ...ARCHITECTURE_KINDS.map((kind): [Record<string, unknown> | undefined, string, Candidate["kind"]] => [
      archData,
      listKey(kind),
      kind,
    ]),
    ...DATAFLOW_KINDS.map((kind): [Record<string, unknown> | undefined, string, Candidate["kind"]] => [
      flowData,
      listKey(kind),
      kind,
    ]),
  ];
  const collections = app && "data" in app ? app.data.collections : undefined;
  if (collections !== undefined) {
    if (!collections || typeof collections !== "object" || Array.isArray(collections))
      problems.push({ where: "threatmodel data collections", reason: "expected an object of lists" });
    else
      for (const key of Object.keys(collections)) {
        if (key in COLLECTIONS)
          blockLists.push([collections as Record<string, unknown>, key, key as Candidate["kind"]]);
        else
          problems.push({
            where: `threatmodel data collections.${key}`,
            reason: "not a kind of entity this version knows",
          });
      }
  }
  for (const [data, key, kind] of blockLists) {
    if (!data || data[key] === undefined) continue;
    const items = data[key];
    if (!Array.isArray(items)) {
      problems.push({ where: `threatmodel data ${key}`, reason: "expected a list" });
      continue;
    }
    items.forEach((value, index) => {
      const where = `threatmodel data ${key}[${index}]`;
      if (value && typeof value === "object" && !Array.isArray(value))
        plan.candidates.push({ kind, value: value as Record<string, unknown>, where });
      else problems.push({ where, reason: "expected an object" });
    });
  }

  // Threats, mitigations, assumptions: ids kept when well-formed, numbers kept when valid.
  const ids = new Map<string, string>();
  const kindOfFileId = new Map<string, "threat" | "mitigation" | "assumption">();
  const numbers: Record<TcKind, number> = { threat: 0, mitigation: 0, assumption: 0 };
  const readItems = <S extends z.ZodObject>(
    list: unknown[] | undefined,
    name: string,
    kind: TcKind,
    schema: S,
  ) => {
    const unknownKeys = new Set<string>();
    const known = new Set(Object.keys(schema.shape));
    const items = (list ?? []).flatMap((item, index) => {
      const where = `${name}[${index}]`;
      const parsed = schema.safeParse(item);
      if (!parsed.success) {
        problems.push({ where, reason: formatIssues(parsed.error.issues) });
        return [];
      }
      const value = parsed.data as z.output<S> & { id: string; numericId?: number };
      let id = value.id;
      if (!ID.test(id)) {
        id = randomUUID();
        warnings.push(
          `${where}: id ${JSON.stringify(value.id.slice(0, 40))} is not usable here; imported as ${id}`,
        );
      }
      ids.set(value.id, id);
      kindOfFileId.set(value.id, kind);
      if (typeof value.numericId === "number" && Number.isInteger(value.numericId) && value.numericId >= 1)
        numbers[kind] = Math.max(numbers[kind], value.numericId);
      for (const key of Object.keys(value)) if (!known.has(key)) unknownKeys.add(key);
      return [{ value, id, where }];
    });
    if (unknownKeys.size > 0)
      warnings.push(
        `${name}: unknown field(s) ${[...unknownKeys].map((k) => JSON.stringify(k)).join(", ")} not imported`,
      );
    return items;
  };
  const threats = readItems(doc.threats, "threats", "threat", TcThreat);
  const mitigations = readItems(doc.mitigations, "mitigations", "mitigation", TcMitigation);
  const assumptions = readItems(doc.assumptions, "assumptions", "assumption", TcAssumption);
  const numberFor = (kind: TcKind, value: { numericId?: number | undefined }, where: string) => {
    const n = value.numericId;
    if (typeof n === "number" && Number.isInteger(n) && n >= 1) return n;
    numbers[kind] += 1;
    warnings.push(
      `${where}: numericId ${JSON.stringify(n)} is not a positive whole number; numbered ${numbers[kind]}`,
    );
    return numbers[kind];
  };

  for (const { value: t, id, where } of threats) {
    const payload = payloadOf(t.metadata, where, problems);
    const metadata = t.metadata ?? [];
    const entity: Record<string, unknown> = {
      id: typeof payload?.id === "string" ? payload.id : id,
      numericId: numberFor("threat", t, where),
      threatSource: t.threatSource?.trim()
        ? t.threatSource
        : defaulted(where, "threatSource", "threat source", warnings),
      ...(t.prerequisites !== undefined ? { prerequisites: t.prerequisites } : {}),
      threatAction: t.threatAction?.trim()
        ? t.threatAction
        : defaulted(where, "threatAction", "perform a threat action", warnings),
      ...(t.threatImpact !== undefined ? { threatImpact: t.threatImpact } : {}),
      impactedGoal: (t.impactedGoal ?? []).filter((g) => g.trim() !== ""),
      impactedAssets: (t.impactedAssets ?? []).filter((a) => a.trim() !== ""),
      status: threatStatus(t.status, where, warnings),
      tags: t.tags ?? [],
    };
    entity.statement = t.statement ?? composeStatement(entity as Parameters<typeof composeStatement>[0]);
    if (t.customTemplate) warnings.push(`${where}: customTemplate is not kept; the stored statement is`);
    const stride = metadata.find((m) => m.key === "STRIDE")?.value;
    const letters = Array.isArray(stride) ? stride : typeof stride === "string" ? [stride] : [];
    const priority = metadata.find((m) => m.key === "Priority")?.value;
    if (payload) {
      const { id: _id, metadata: ownMetadata, validation, ...extra } = payload;
      Object.assign(entity, extra);
      if (validation !== undefined) {
        if (validation && typeof validation === "object" && !Array.isArray(validation))
          plan.candidates.push({
            kind: "validation",
            value: validation as Record<string, unknown>,
            where: `${where} (validation)`,
          });
        else problems.push({ where: `${where} (validation)`, reason: "expected an object" });
      }
      // Threat Composer users may have re-categorised or re-prioritised: the visible fields win.
      const category = typeof extra.category === "string" ? extra.category : undefined;
      const expected = category ? [STRIDE_LETTER[category as keyof typeof STRIDE_LETTER]] : [];
      if (letters.join() !== expected.join()) {
        entity.category = letters[0] !== undefined ? LETTER_TO_CATEGORY[letters[0]] : undefined;
        warnings.push(`${where}: STRIDE was changed in Threat Composer; category taken from it`);
      }
      const severity = typeof extra.severity === "string" ? extra.severity : undefined;
      if ((severity ? PRIORITY_OF[severity] : undefined) !== priority) {
        entity.severity = typeof priority === "string" ? PRIORITY_TO_SEVERITY[priority] : undefined;
        warnings.push(`${where}: Priority was changed in Threat Composer; severity taken from it`);
      }
      entity.metadata = ownMetadata ?? metadata.filter((m) => !isReserved("threat", m.key));
    } else {
      if (letters.length > 0) {
        entity.category = LETTER_TO_CATEGORY[letters[0]!] ?? letters[0];
        if (letters.length > 1)
          warnings.push(
            `${where}: STRIDE lists ${letters.join(", ")}; category set to ${String(entity.category)} and the full list kept in metadata`,
          );
      }
      if (priority !== undefined)
        entity.severity =
          typeof priority === "string" ? (PRIORITY_TO_SEVERITY[priority] ?? priority) : priority;
      entity.affected_components = [];
      entity.affected_trust_boundaries = [];
      entity.affected_assets = [];
      entity.metadata = metadata.filter(
        (m) => !(m.key === "Priority" || (m.key === "STRIDE" && letters.length <= 1)),
      );
    }
    ids.set(t.id, entity.id as string);
    if (entity.category === undefined) delete entity.category;
    if (entity.severity === undefined) delete entity.severity;
    plan.candidates.push({ kind: "threat", value: entity, where });
  }

  for (const { value: m, id, where } of mitigations) {
    const payload = payloadOf(m.metadata, where, problems);
    const metadata = m.metadata ?? [];
    const entity: Record<string, unknown> = {
      id: typeof payload?.id === "string" ? payload.id : id,
      numericId: numberFor("mitigation", m, where),
      content: m.content,
      status: mitigationStatus(m.status, where, warnings),
      ...(m.tags !== undefined ? { tags: m.tags } : {}),
    };
    if (payload) {
      const { id: _id, metadata: ownMetadata, ...extra } = payload;
      Object.assign(entity, extra);
      entity.metadata = ownMetadata ?? metadata.filter((x) => !isReserved("mitigation", x.key));
    } else entity.metadata = metadata;
    ids.set(m.id, entity.id as string);
    plan.candidates.push({ kind: "mitigation", value: entity, where });
  }

  for (const { value: a, id, where } of assumptions) {
    const payload = payloadOf(a.metadata, where, problems);
    const entity: Record<string, unknown> = {
      id: typeof payload?.id === "string" ? payload.id : id,
      numericId: numberFor("assumption", a, where),
      description: a.content,
      ...(a.tags !== undefined ? { tags: a.tags } : {}),
    };
    if (payload) {
      const { id: _id, metadata: _metadata, ...extra } = payload;
      Object.assign(entity, extra);
    } else {
      entity.category = "Imported";
      const comments = (a.metadata ?? []).filter((m) => m.key === "Comments");
      if (comments.length > 0) entity.rationale = comments.map((c) => String(c.value)).join("\n\n");
      for (const m of a.metadata ?? []) {
        if (m.key !== "Comments")
          warnings.push(
            `${where}: metadata ${JSON.stringify(m.key)} is not kept (assumptions carry no metadata here)`,
          );
      }
    }
    ids.set(a.id, entity.id as string);
    plan.candidates.push({ kind: "assumption", value: entity, where });
  }

  // Links use the final ids (re-issued, or restored from our payload); a missing end is warned
  // about when the plan is applied.
  const finalId = (fileId: string) => ids.get(fileId) ?? fileId;
  (doc.mitigationLinks ?? []).forEach((item, index) => {
    const where = `mitigationLinks[${index}]`;
    const parsed = TcMitigationLink.safeParse(item);
    if (!parsed.success) return void problems.push({ where, reason: formatIssues(parsed.error.issues) });
    const mitigation = finalId(parsed.data.mitigationId);
    const linked = finalId(parsed.data.linkedId);
    if (kindOfFileId.get(parsed.data.linkedId) === "assumption") {
      plan.candidates.push({
        kind: "assumption_link",
        value: {
          id: linkId(linked, mitigation),
          assumption_id: linked,
          linked_id: mitigation,
          type: "Mitigation",
        },
        where,
      });
    } else {
      plan.candidates.push({
        kind: "mitigation_link",
        value: { id: linkId(mitigation, linked), mitigation_id: mitigation, threat_id: linked },
        where,
      });
    }
  });
  (doc.assumptionLinks ?? []).forEach((item, index) => {
    const where = `assumptionLinks[${index}]`;
    const parsed = TcAssumptionLink.safeParse(item);
    if (!parsed.success) return void problems.push({ where, reason: formatIssues(parsed.error.issues) });
    const assumption = finalId(parsed.data.assumptionId);
    const linked = finalId(parsed.data.linkedId);
    const fileKind = kindOfFileId.get(parsed.data.linkedId);
    const type =
      fileKind === "mitigation"
        ? "Mitigation"
        : fileKind === "threat"
          ? "Threat"
          : (parsed.data.type ?? "Threat");
    plan.candidates.push({
      kind: "assumption_link",
      value: { id: linkId(assumption, linked), assumption_id: assumption, linked_id: linked, type },
      where,
    });
  });
  return plan;
}

function defaulted(where: string, field: string, value: string, warnings: string[]): string {
  warnings.push(`${where}: no ${field}; set to Threat Composer's default ${JSON.stringify(value)}`);
  return value;
}

function threatStatus(status: string | undefined, where: string, warnings: string[]): string {
  if (status === undefined) return "threatIdentified";
  if ((ENUMS.ThreatStatus as readonly string[]).includes(status)) return status;
  warnings.push(`${where}: status ${JSON.stringify(status)} is unknown; imported as threatIdentified`);
  return "threatIdentified";
}

function mitigationStatus(status: string | undefined, where: string, warnings: string[]): string {
  if (status === undefined) return "mitigationIdentified";
  if ((ENUMS.MitigationStatus as readonly string[]).includes(status)) return status;
  warnings.push(`${where}: status ${JSON.stringify(status)} is unknown; imported as mitigationIdentified`);
  return "mitigationIdentified";
}
