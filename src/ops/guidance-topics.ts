import * as z from "zod";
import { ModelError, showValue } from "../domain/errors.js";
import type { PhaseId } from "../methodology/phases.js";
import { opt } from "./input.js";
import { analysisPlan, followThreatModelingPlan, getThreatModelingPlan } from "./methodology.js";
import { task } from "./operation.js";

/** Guidance topics besides the phases: the method as a whole and the analysis plans. */
const TOPICS = {
  method: "get_threat_modeling_plan",
  business_context: "get_business_context_analysis_plan",
  architecture: "get_architecture_analysis_plan",
  trust_boundaries: "get_trust_boundary_analysis_plan",
  trust_boundary_detection: "get_trust_boundary_detection_plan",
  asset_flows: "get_asset_flow_analysis_plan",
} as const;
export const GUIDANCE_TOPICS = Object.keys(TOPICS) as (keyof typeof TOPICS)[];

export interface TopicGuidance {
  /** The phase the guidance is about, when a phase was asked for (or none and the current one was used). */
  phase?: PhaseId;
  topic?: keyof typeof TOPICS;
  title: string;
  text: string;
  current_phase: PhaseId | undefined;
  percent: number;
}

/** Guidance for one phase (default: the current one) or one topic, from the methodology operations. */
export const guidanceFor = task(
  z.strictObject({
    phase: opt(z.union([z.string().max(20), z.number()]).describe('e.g. "2" or "7.5"; default: current')),
    topic: opt(
      z.enum(GUIDANCE_TOPICS, {
        error: (issue) =>
          `${showValue(issue.input)} is not a guidance topic; allowed: ${GUIDANCE_TOPICS.join(", ")}`,
      }),
    ),
  }),
  async (ctx, input): Promise<TopicGuidance> => {
    const phase = input.phase ?? undefined;
    const topic = input.topic ?? undefined;
    if (phase !== undefined && topic !== undefined) {
      throw new ModelError("invalid_input", "topic: give a phase or a topic, not both", { field: "topic" });
    }
    if (topic !== undefined) {
      const plan =
        topic === "method"
          ? await getThreatModelingPlan.run(ctx, { directory: ".", auto_validate_code: true })
          : await analysisPlan(TOPICS[topic]).run(ctx, {});
      return {
        topic,
        title: topic.replace(/_/g, " "),
        text: plan.text,
        current_phase: plan.current_phase,
        percent: plan.percent,
      };
    }
    const guidance = await followThreatModelingPlan.run(ctx, { phase });
    return {
      phase: guidance.phase,
      title: `phase ${guidance.phase}: ${guidance.name}`,
      text: guidance.guidance,
      current_phase: guidance.current_phase,
      percent: guidance.percent,
    };
  },
);
