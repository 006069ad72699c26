import { extractExampleCalls, type ExampleCall } from "../methodology/examples.js";

/**
 * The guidance, plans and prompts are written once, with the seed's fine-grained tools. In the
 * compact toolset every such call has an equivalent; this table turns one into the other, so a
 * compact client is never told to call a tool it does not have.
 */
type Args = Record<string, unknown>;
type Translate = (args: Args) => ExampleCall;

const batch =
  (tool: string, key: string): Translate =>
  (args) => ({ tool, arguments: { [key]: [args] } });
const listOf =
  (kind: string): Translate =>
  (args) => ({ tool: "list_entities", arguments: { kind, ...args } });
const getOne: Translate = (args) => ({ tool: "get_entity", arguments: { id: args.id } });
const deleteOne: Translate = ({ id, cascade }) => ({
  tool: "delete_entities",
  arguments: cascade === undefined ? { ids: [id] } : { ids: [id], cascade },
});
const pair =
  (tool: "link" | "unlink", from: string, to: string): Translate =>
  (args) => ({ tool, arguments: { links: [{ from: args[from], to: args[to] }] } });
const same =
  (tool: string): Translate =>
  (args) => ({ tool, arguments: args });
const fixed =
  (tool: string, args: Args = {}): Translate =>
  () => ({ tool, arguments: args });

const FAMILIES: [kind: string, plural: string, upsert: string, key: string][] = [
  ["component", "components", "upsert_architecture", "components"],
  ["data_store", "data_stores", "upsert_architecture", "data_stores"],
  ["connection", "connections", "upsert_architecture", "connections"],
  ["trust_zone", "trust_zones", "upsert_trust", "trust_zones"],
  ["crossing_point", "crossing_points", "upsert_trust", "crossing_points"],
  ["trust_boundary", "trust_boundaries", "upsert_trust", "trust_boundaries"],
  ["asset", "assets", "upsert_assets", "assets"],
  ["flow", "flows", "upsert_assets", "flows"],
  ["threat", "threats", "upsert_threats", "threats"],
  ["mitigation", "mitigations", "upsert_threats", "mitigations"],
  ["threat_actor", "threat_actors", "upsert_threat_actors", "threat_actors"],
  ["assumption", "assumptions", "upsert_assumptions", "assumptions"],
];

export const TO_COMPACT: Readonly<Record<string, Translate>> = {
  ...Object.fromEntries(
    FAMILIES.flatMap(([kind, plural, upsert, key]) => [
      [`add_${kind}`, batch(upsert, key)],
      [`update_${kind}`, batch(upsert, key)],
      [`list_${plural}`, listOf(kind)],
      [`get_${kind}`, getOne],
      [`delete_${kind}`, deleteOne],
    ]),
  ),
  set_threat_actor_relevance: batch("upsert_threat_actors", "threat_actors"),
  set_threat_actor_priority: batch("upsert_threat_actors", "threat_actors"),
  link_mitigation_to_threat: pair("link", "mitigation_id", "threat_id"),
  unlink_mitigation_from_threat: pair("unlink", "mitigation_id", "threat_id"),
  link_assumption: pair("link", "assumption_id", "linked_id"),
  unlink_assumption: pair("unlink", "assumption_id", "linked_id"),
  add_component_to_zone: pair("link", "component_id", "zone_id"),
  remove_component_from_zone: pair("unlink", "component_id", "zone_id"),
  add_conn_to_crossing: pair("link", "connection_id", "crossing_point_id"),
  remove_conn_from_crossing: pair("unlink", "connection_id", "crossing_point_id"),
  follow_threat_modeling_plan: (args) => ({
    tool: "get_guidance",
    arguments: args.phase === undefined ? {} : { phase: args.phase },
  }),
  get_threat_modeling_plan: fixed("get_guidance", { topic: "method" }),
  get_business_context_analysis_plan: fixed("get_guidance", { topic: "business_context" }),
  get_architecture_analysis_plan: fixed("get_guidance", { topic: "architecture" }),
  get_trust_boundary_analysis_plan: fixed("get_guidance", { topic: "trust_boundaries" }),
  get_trust_boundary_detection_plan: fixed("get_guidance", { topic: "trust_boundary_detection" }),
  get_asset_flow_analysis_plan: fixed("get_guidance", { topic: "asset_flows" }),
  ...Object.fromEntries(
    ["1", "2", "3", "4", "5", "6", "7", "7_5", "8", "9"].map((n) => [
      `get_phase_${n}_guidance`,
      fixed("get_guidance", { phase: n.replace("_", ".") }),
    ]),
  ),
  get_current_phase_status: fixed("threat_model_status"),
  get_threat_model_progress: fixed("threat_model_status"),
  validate_business_context_completeness: fixed("get_business_context"),
  get_business_context_features: fixed("get_guidance", { topic: "business_context" }),
  analyze_threat_actors: fixed("list_entities", { kind: "threat_actor" }),
  validate_security_controls: fixed("execute_code_validation_step"),
  validate_threat_remediation: fixed("execute_code_validation_step"),
  validate_threat_model_against_code: fixed("execute_code_validation_step"),
  generate_remediation_report: fixed("execute_code_validation_step"),
  export_comprehensive_threat_model: fixed("export_threat_model"),
  execute_final_export_step: fixed("export_threat_model"),
  export_threat_model_with_remediation_status: fixed("export_threat_model"),
  set_business_context: same("set_business_context"),
  get_business_context: same("get_business_context"),
};

/** The compact call for a seed-style call (tools that exist under the same name pass through). */
export function toCompact(call: ExampleCall): ExampleCall {
  const translate = TO_COMPACT[call.tool];
  return translate ? translate(call.arguments) : call;
}

/** Tools with no compact counterpart, named in prose: what to say instead. */
const PROSE: Readonly<Record<string, string>> = {
  get_data_model_types: "the tool schemas (every enum lists its allowed values)",
  list_data_models: "the tool schemas (every enum lists its allowed values)",
};

/** Rewrites every example call block, and every `tool_name` named in prose, for the compact toolset. */
export function compactText(markdown: string): string {
  const blocks = extractExampleCalls(markdown);
  let out = markdown;
  if (blocks.length > 0) {
    out = out.replace(
      /^([ \t]*```json[ \t]*\n)([\s\S]*?)(^[ \t]*```[ \t]*$)/gm,
      (whole, open: string, body: string, close: string) => {
        let call: ExampleCall;
        try {
          call = JSON.parse(body) as ExampleCall;
        } catch {
          return whole;
        }
        if (typeof call?.tool !== "string" || typeof call.arguments !== "object") return whole;
        const indent = /^[ \t]*/.exec(open)?.[0] ?? "";
        return `${open}${indent}${JSON.stringify(toCompact(call))}\n${close}`;
      },
    );
  }
  return out.replace(/`([a-z][a-z0-9_]*)(\([^`]*\))?`/g, (whole, name: string) => {
    if (PROSE[name]) return PROSE[name];
    const translate = TO_COMPACT[name];
    if (!translate) return whole;
    return `\`${translate({}).tool}\``;
  });
}
