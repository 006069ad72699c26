import { modelDigest } from "../domain/digest.js";
import type { Model } from "../domain/model.js";
import { evaluatePhases } from "../methodology/criteria.js";
import { buildEnvironment } from "../methodology/environment.js";
import type { OpContext } from "../ops/operation.js";
import { coverageMatrix, type CoverageMatrix as IntelCoverage } from "../intel/coverage.js";
import type { CoverageCell, CoverageMatrix, ReportExtras } from "./report-data.js";

const CELL: Record<string, CoverageCell> = {
  threat: "covered",
  excluded: "excluded",
  gap: "missing",
  "n/a": "not_applicable",
};

/** The intel coverage matrix in the report's shape. */
export function reportCoverage(matrix: IntelCoverage): CoverageMatrix {
  return {
    percent: matrix.summary.percent,
    rows: matrix.elements.map((e) => ({
      element_id: e.id,
      name: e.name,
      kind: e.kind,
      cells: Object.fromEntries(
        Object.entries(e.categories).map(([cat, cell]) => [cat, CELL[cell] ?? "not_applicable"]),
      ),
    })),
  };
}

/**
 * Collects the optional report sections. The folder is read first (async, outside the store's
 * lock); the returned function completes them from the model inside the same read that renders.
 *
 * Code evidence comes from the model's validation records (see `evidenceFromModel`); coverage from
 * the threat-intelligence matrix; progress from the methodology's phase evaluation.
 */
export async function gatherReportExtras(ctx: OpContext): Promise<(model: Model) => ReportExtras> {
  const env = await buildEnvironment(ctx.store.root, ctx.signal);
  return (model) => {
    // The export being written is made from this very model, so phase 9 counts it as current;
    // this keeps the report identical from one export to the next while the model is unchanged.
    const evaluation = evaluatePhases(model, {
      ...env,
      exports: [{ file: ".threatmodel/threat-model.md", modelDigest: modelDigest(model) }],
    });
    return {
      coverage: reportCoverage(coverageMatrix(model)),
      progress: {
        ...(evaluation.current ? { current: evaluation.current } : {}),
        overall: evaluation.applicable_count ? evaluation.met_count / evaluation.applicable_count : 0,
        phases: evaluation.phases.map((p) => {
          const met = p.criteria.filter((c) => c.met).length;
          return {
            id: p.phase,
            name: p.name,
            completion: p.criteria.length ? met / p.criteria.length : p.applicable ? 1 : 0,
            note: p.state.replace(/_/g, " "),
          };
        }),
      },
    };
  };
}
