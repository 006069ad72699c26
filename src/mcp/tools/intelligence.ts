import * as z from "zod";
import * as ops from "../../ops/intelligence.js";
import type { SuggestResult } from "../../ops/intelligence.js";
import { CREATE, EntityOut, READ, defineTool, type AnyTool } from "../tool.js";

const Counts = z.record(z.string(), z.number());

function renderSuggest(r: SuggestResult): string {
  const categories = Object.entries(r.by_category)
    .map(([c, n]) => `${c}: ${n}`)
    .join(", ");
  const head = `${r.total} new threat suggestion(s)${categories ? ` (${categories})` : ""}; ${r.duplicates} already in the model.`;
  if (r.created) {
    const c = r.created;
    return `${head}\nAdded ${c.threats} threat(s)${c.links > 0 ? `, ${c.mitigations_created} new and ${c.mitigations_reused} reused mitigation(s), ${c.links} link(s)` : ""}.`;
  }
  const lines = r.suggestions.map(
    (s) =>
      `- [${s.rule_id}] ${s.element.kind} ${s.element.id} (${s.category ?? `LINDDUN ${s.linddun}`}, ${s.risk} risk${s.duplicate_of ? ", already covered" : ""}): ${s.statement}\n  why: ${s.why.matched.join("; ")}`,
  );
  const more =
    r.total > r.offset + r.suggestions.length
      ? `\n(more: pass offset ${r.offset + r.suggestions.length})`
      : "";
  return `${head}\nPreview only; pass dry_run: false to add them.\n${lines.join("\n")}${more}`;
}

export const intelligenceTools: AnyTool[] = [
  defineTool({
    name: "suggest_threats",
    title: "Suggest threats from the rule library",
    description:
      "Run the threat-rule library (CWE/CAPEC/ATT&CK mapped) over the model and propose threats per element, each saying why it fired. dry_run (default true) only previews; dry_run false adds the new ones in one change, never duplicating threats already present, optionally with library mitigations.",
    category: "intelligence",
    op: ops.suggestThreats,
    output: z.object({
      dry_run: z.boolean(),
      total: z.number(),
      duplicates: z.number(),
      by_category: Counts,
      offset: z.number(),
      suggestions: z.array(EntityOut),
      created: EntityOut.optional(),
    }),
    annotations: CREATE,
    shape: (r) => ({ ...r }),
    render: renderSuggest,
  }),
  defineTool({
    name: "get_coverage_matrix",
    title: "STRIDE-per-element coverage",
    description:
      "STRIDE-per-element coverage of components, data stores, connections, flows and crossing points: each applicable category is covered by a threat, excluded by an assumption, or a gap. Lists the gaps.",
    category: "intelligence",
    op: ops.getCoverageMatrix,
    output: z.object({
      summary: EntityOut,
      total_elements: z.number(),
      total_gaps: z.number(),
      offset: z.number(),
      elements: z.array(EntityOut),
      gaps: z.array(EntityOut),
    }),
    annotations: READ,
    shape: (r) => ({ ...r }),
    render: (r) => {
      const s = r.summary;
      const gaps = r.gaps.map((g) => `- ${g.kind} ${g.id} (${g.name}): ${g.category}`);
      return [
        `Coverage ${s.percent}%: ${s.threat} cell(s) covered by threats, ${s.excluded} excluded by assumptions, ${s.gap} gap(s) across ${s.elements} element(s).`,
        ...(gaps.length > 0 ? ["Gaps:", ...gaps] : []),
        ...(r.total_gaps > r.offset + r.gaps.length
          ? [`(more: pass offset ${r.offset + r.gaps.length})`]
          : []),
      ].join("\n");
    },
  }),
  defineTool({
    name: "assess_risk",
    title: "Assess threat risk",
    description:
      "Risk per threat: likelihood x impact level, CVSS 3.1/4.0 scores, residual risk after implemented mitigations (or the stated override), and risk acceptances, flagging expired ones.",
    category: "intelligence",
    op: ops.assessRisk,
    output: z.object({
      today: z.string(),
      total: z.number(),
      offset: z.number(),
      threats: z.array(EntityOut),
      matrix: EntityOut,
      by_level: EntityOut,
      expired_acceptances: z.array(EntityOut),
    }),
    annotations: READ,
    shape: (r) => ({ ...r }),
    render: (r) => {
      const levels = (counts: Record<string, number>) =>
        Object.entries(counts)
          .filter(([, n]) => n > 0)
          .map(([level, n]) => `${level} ${n}`)
          .join(", ") || "none";
      const lines = r.threats.map((t) => {
        const cvss = [t.cvss_v3, t.cvss_v4]
          .filter((c) => c !== undefined)
          .map((c) => `CVSS ${c.version} ${c.score}`);
        const acceptance = t.acceptance ? `; accepted${t.acceptance.expired ? " (EXPIRED)" : ""}` : "";
        return `- T${t.numericId}: inherent ${t.inherent ?? "unrated"}, residual ${t.residual.level ?? "unrated"} (${t.residual.source})${cvss.length > 0 ? `, ${cvss.join(", ")}` : ""}${acceptance}`;
      });
      const expired = r.expired_acceptances.map((e) => `- T${e.numericId} expired on ${e.expires_on}`);
      return [
        `Open threats by inherent risk: ${levels(r.by_level.inherent)}; by residual risk: ${levels(r.by_level.residual)}.`,
        ...lines,
        ...(expired.length > 0 ? [`Expired risk acceptances (as of ${r.today}):`, ...expired] : []),
      ].join("\n");
    },
  }),
];
