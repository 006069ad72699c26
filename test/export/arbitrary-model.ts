import fc from "fast-check";
import { BusinessContext } from "../../src/domain/business-context.js";
import { ENUMS } from "../../src/domain/enums.js";
import { Model } from "../../src/domain/model.js";
import { composeStatement } from "../../src/domain/statement.js";
import { tcId } from "../../src/export/threat-composer/format.js";
import { put } from "./example-model.js";

// Characters that stress every format: Markdown, HTML, Mermaid, DOT and JSON syntax, unicode.
const CHARS = [..."abcXYZ 0129-_.,:;!?'\"`|<>&#%*[](){}\\/\n\té€中🙂", "%%", "</script>", "```"];
const textArb = (max: number) =>
  fc
    .array(fc.constantFrom(...CHARS), { maxLength: 12 })
    .map((parts) => parts.join("").slice(0, max))
    .map((s) => s.trim());
/** Required text: never empty after trimming. */
const nameArb = (max = 60) => textArb(max - 2).map((s) => `N ${s}`.slice(0, max).trim());
const optionalArb = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const pick = <T>(items: readonly T[], index: number): T | undefined =>
  items.length === 0 ? undefined : items[index % items.length];
const indexes = fc.array(fc.nat({ max: 50 }), { maxLength: 3 });
const defined = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

const metadataArb = fc.array(
  fc.oneof(
    fc.record({ key: fc.constant("Comments"), value: nameArb(200) }),
    fc.record({
      key: fc.constantFrom("custom:owner", "custom:Severity", "custom:threatmodel x"),
      value: nameArb(80),
    }),
    fc.record({ key: fc.constant("custom:list"), value: fc.array(nameArb(30), { maxLength: 3 }) }),
    // Keys Threat Composer would reject on this entity: they must survive through our payload.
    fc.record({ key: fc.constantFrom("STRIDE", "Priority", "Severity", "source"), value: nameArb(20) }),
  ),
  { maxLength: 3 },
);

const tagsArb = fc.uniqueArray(nameArb(30), { maxLength: 3 });

/** The shape of a random model; references are indexes resolved against whatever exists. */
export const modelSpecArb = fc.record({
  description: textArb(300),
  sector: optionalArb(fc.constantFrom(...ENUMS.IndustrySector)),
  zones: fc.array(
    fc.record({
      name: nameArb(),
      level: fc.constantFrom(...ENUMS.TrustLevel),
      description: optionalArb(textArb(100)),
    }),
    { maxLength: 3 },
  ),
  components: fc.array(
    fc.record({
      name: nameArb(),
      type: fc.constantFrom(...ENUMS.ComponentType),
      zone: optionalArb(fc.nat()),
      description: optionalArb(textArb(120)),
    }),
    { maxLength: 4 },
  ),
  stores: fc.array(
    fc.record({
      name: nameArb(),
      type: fc.constantFrom(...ENUMS.DataStoreType),
      encrypted: fc.boolean(),
      zone: optionalArb(fc.nat()),
    }),
    { maxLength: 3 },
  ),
  connections: fc.array(
    fc.record({
      from: fc.nat(),
      to: fc.nat(),
      protocol: optionalArb(fc.constantFrom(...ENUMS.Protocol)),
      encrypted: fc.boolean(),
    }),
    { maxLength: 4 },
  ),
  crossings: fc.array(fc.record({ from: fc.nat(), to: fc.nat(), connections: indexes }), { maxLength: 2 }),
  boundaries: fc.array(
    fc.record({
      name: nameArb(),
      crossings: indexes,
      controls: fc.uniqueArray(nameArb(40), { maxLength: 2 }),
    }),
    { maxLength: 2 },
  ),
  actors: fc.array(fc.record({ name: nameArb(), relevant: fc.boolean() }), { maxLength: 2 }),
  assets: fc.array(fc.record({ name: nameArb(), type: fc.constantFrom(...ENUMS.AssetType) }), {
    maxLength: 2,
  }),
  flows: fc.array(fc.record({ asset: fc.nat(), from: fc.nat(), to: fc.nat(), encrypted: fc.boolean() }), {
    maxLength: 2,
  }),
  assumptions: fc.array(
    fc.record({
      description: nameArb(200),
      category: nameArb(40),
      rationale: optionalArb(textArb(100)),
      tags: optionalArb(tagsArb),
      appliesTo: indexes,
      uuid: fc.boolean(),
    }),
    { maxLength: 3 },
  ),
  threats: fc.array(
    fc.record({
      source: nameArb(80),
      prerequisites: optionalArb(textArb(80)),
      action: nameArb(80),
      impact: optionalArb(textArb(80)),
      goals: fc.uniqueArray(nameArb(20), { maxLength: 2 }),
      status: fc.constantFrom(...ENUMS.ThreatStatus),
      category: optionalArb(fc.constantFrom(...ENUMS.ThreatCategory)),
      severity: optionalArb(fc.constantFrom(...ENUMS.ThreatSeverity)),
      likelihood: optionalArb(fc.constantFrom(...ENUMS.ThreatLikelihood)),
      components: indexes,
      boundaries: indexes,
      connections: indexes,
      accepted: fc.boolean(),
      cwe: fc.boolean(),
      tags: tagsArb,
      metadata: metadataArb,
      uuid: fc.boolean(),
      gap: fc.nat({ max: 3 }),
      validation: fc.option(
        fc.record({
          verdict: fc.constantFrom("mitigated", "partially_mitigated", "not_mitigated", "unknown"),
          snippet: textArb(100),
          line: fc.integer({ min: 1, max: 5000 }),
        }),
        { nil: undefined },
      ),
    }),
    { maxLength: 6 },
  ),
  mitigations: fc.array(
    fc.record({
      content: nameArb(200),
      status: fc.constantFrom(...ENUMS.MitigationStatus),
      type: optionalArb(fc.constantFrom(...ENUMS.MitigationType)),
      tags: optionalArb(tagsArb),
      metadata: metadataArb,
      uuid: fc.boolean(),
    }),
    { maxLength: 4 },
  ),
  links: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 5 }),
  assumptionLinks: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.boolean()), { maxLength: 4 }),
  uuidSeed: fc.nat(),
});

export type ModelSpec = typeof modelSpecArb extends fc.Arbitrary<infer T> ? T : never;

/** Builds a valid model from a random spec (every entity goes through the model's schemas). */
export function buildModel(spec: ModelSpec): Model {
  const model = new Model();
  let nextUuid = 0;
  // Distinct lowercase UUIDs, derived from the seed (shrinking cannot make two of them equal).
  const uuid = () => tcId(`seed ${spec.uuidSeed} ${nextUuid++}`);
  model.setSingleton(
    "business_context",
    BusinessContext.parse(defined({ description: spec.description, industry_sector: spec.sector })),
  );
  const zones = spec.zones.map((_, i) => `TZ-${i}`);
  spec.zones.forEach((z, i) =>
    put(
      model,
      "trust_zone",
      defined({ id: zones[i], name: z.name, trust_level: z.level, description: z.description }),
    ),
  );
  const elements: string[] = [];
  spec.components.forEach((c, i) => {
    const id = `C-${i}`;
    elements.push(id);
    put(
      model,
      "component",
      defined({
        id,
        name: c.name,
        type: c.type,
        description: c.description,
        trust_zone_id: c.zone === undefined ? undefined : pick(zones, c.zone),
      }),
    );
  });
  spec.stores.forEach((d, i) => {
    const id = `D-${i}`;
    elements.push(id);
    put(
      model,
      "data_store",
      defined({
        id,
        name: d.name,
        type: d.type,
        classification: "Internal",
        encryption_at_rest: d.encrypted,
        trust_zone_id: d.zone === undefined ? undefined : pick(zones, d.zone),
      }),
    );
  });
  const connections: string[] = [];
  spec.connections.forEach((c, i) => {
    const from = pick(elements, c.from);
    const to = pick(elements, c.to);
    if (!from || !to) return;
    connections.push(`CN-${i}`);
    put(
      model,
      "connection",
      defined({
        id: `CN-${i}`,
        source_id: from,
        destination_id: to,
        protocol: c.protocol,
        encryption: c.encrypted,
      }),
    );
  });
  const crossings: string[] = [];
  spec.crossings.forEach((c, i) => {
    const from = pick(zones, c.from);
    const to = pick(zones, c.to);
    if (!from || !to) return;
    crossings.push(`CP-${i}`);
    put(model, "crossing_point", {
      id: `CP-${i}`,
      source_zone_id: from,
      destination_zone_id: to,
      connection_ids: c.connections.map((n) => pick(connections, n)).filter(Boolean),
    });
  });
  const boundaries: string[] = [];
  spec.boundaries.forEach((b, i) => {
    boundaries.push(`TB-${i}`);
    put(model, "trust_boundary", {
      id: `TB-${i}`,
      name: b.name,
      type: "Network",
      crossing_point_ids: b.crossings.map((n) => pick(crossings, n)).filter(Boolean),
      controls: b.controls,
    });
  });
  spec.actors.forEach((a, i) =>
    put(model, "threat_actor", {
      id: `TA-${i}`,
      name: a.name,
      type: "External",
      capability_level: "Medium",
      motivations: ["Financial"],
      resources: "Moderate",
      priority: i + 1,
      relevance_score: 0.5,
      is_relevant: a.relevant,
      relevance_decided: true,
    }),
  );
  const assets = spec.assets.map((_, i) => `AS-${i}`);
  spec.assets.forEach((a, i) =>
    put(model, "asset", { id: assets[i], name: a.name, type: a.type, classification: "Confidential" }),
  );
  spec.flows.forEach((f, i) => {
    const asset = pick(assets, f.asset);
    const from = pick(elements, f.from);
    const to = pick(elements, f.to);
    if (!asset || !from || !to) return;
    put(model, "flow", {
      id: `F-${i}`,
      asset_id: asset,
      source_id: from,
      destination_id: to,
      controls: [],
      encryption: f.encrypted,
      authenticated: false,
      authorized: false,
      validated: false,
    });
  });
  const scoped = [...elements, ...connections];
  const assumptions: string[] = [];
  spec.assumptions.forEach((a, i) => {
    const id = a.uuid ? uuid() : `A-x${i}`;
    assumptions.push(id);
    put(
      model,
      "assumption",
      defined({
        id,
        numericId: i + 1,
        description: a.description,
        category: a.category,
        rationale: a.rationale,
        tags: a.tags,
        applies_to: a.appliesTo.map((n) => pick(scoped, n)).filter(Boolean),
      }),
    );
  });
  const threats: string[] = [];
  let number = 0;
  spec.threats.forEach((t, i) => {
    const id = t.uuid ? uuid() : `T-x${i}`;
    threats.push(id);
    number += 1 + t.gap;
    const grammar = defined({
      threatSource: t.source,
      prerequisites: t.prerequisites,
      threatAction: t.action,
      threatImpact: t.impact,
      impactedGoal: t.goals,
      impactedAssets: [] as string[],
    });
    put(
      model,
      "threat",
      defined({
        id,
        numericId: number,
        ...grammar,
        statement: composeStatement(grammar),
        status: t.status,
        tags: t.tags,
        category: t.category,
        severity: t.severity,
        likelihood: t.likelihood,
        affected_components: [...new Set(t.components.map((n) => pick(elements, n)).filter(Boolean))],
        affected_trust_boundaries: [...new Set(t.boundaries.map((n) => pick(boundaries, n)).filter(Boolean))],
        affected_assets: [],
        affected_connections: t.connections.length
          ? [...new Set(t.connections.map((n) => pick(connections, n)).filter(Boolean))]
          : undefined,
        acceptance: t.accepted ? { reason: "accepted for now" } : undefined,
        cwe: t.cwe ? ["CWE-79"] : undefined,
        metadata: t.metadata,
      }),
    );
    if (t.validation) {
      put(model, "validation", {
        id,
        threat_id: id,
        verdict: t.validation.verdict,
        source: "scanner",
        families: ["authentication"],
        reasons: ["rule matched"],
        evidence: [
          {
            file: "src/app.ts",
            line: t.validation.line,
            rule: "auth-check",
            kind: "present",
            snippet: t.validation.snippet,
            fingerprint: "0123456789abcdef",
          },
        ],
        decided_at: "2025-01-01T00:00:00Z",
      });
    }
  });
  const mitigations: string[] = [];
  spec.mitigations.forEach((m, i) => {
    const id = m.uuid ? uuid() : `M-x${i}`;
    mitigations.push(id);
    put(
      model,
      "mitigation",
      defined({
        id,
        numericId: i + 1,
        content: m.content,
        status: m.status,
        type: m.type,
        tags: m.tags,
        metadata: m.metadata,
      }),
    );
  });
  for (const [mi, ti] of spec.links) {
    const m = pick(mitigations, mi);
    const t = pick(threats, ti);
    if (m && t && !model.get("mitigation_link", `${m}__${t}`))
      put(model, "mitigation_link", { id: `${m}__${t}`, mitigation_id: m, threat_id: t });
  }
  for (const [ai, li, toThreat] of spec.assumptionLinks) {
    const a = pick(assumptions, ai);
    const linked = toThreat ? pick(threats, li) : pick(mitigations, li);
    if (a && linked && !model.get("assumption_link", `${a}__${linked}`))
      put(model, "assumption_link", {
        id: `${a}__${linked}`,
        assumption_id: a,
        linked_id: linked,
        type: toThreat ? "Threat" : "Mitigation",
      });
  }
  return model;
}
