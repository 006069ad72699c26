import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildDiagram } from "../../src/export/diagram.js";
import { renderHtml } from "../../src/export/html.js";
import { renderMarkdown } from "../../src/export/markdown.js";
import { renderMermaid } from "../../src/export/mermaid.js";
import type { ReportData } from "../../src/export/report-data.js";
import { ModelView } from "../../src/export/view.js";
import { IDS, exampleModel } from "./example-model.js";

const GOLDEN = path.resolve("test/golden/export");

/** Compares with a golden file; `UPDATE_GOLDEN=1` rewrites it (review the diff before committing). */
function expectGolden(name: string, actual: string): void {
  const file = path.join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN === "1") {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(file, actual);
  }
  expect(existsSync(file), `golden file ${name} is missing; run with UPDATE_GOLDEN=1`).toBe(true);
  expect(actual).toBe(readFileSync(file, "utf8"));
}

function data(): ReportData {
  return {
    model: exampleModel(),
    generatedFrom: { digest: "0".repeat(64) },
    projectName: "example-shop",
    progress: {
      current: "4",
      overall: 0.5,
      phases: [
        { id: "1", name: "Business Context Analysis", completion: 1, note: "met" },
        { id: "4", name: "Trust Boundary Analysis", completion: 0.5, note: "unmet" },
      ],
    },
    coverage: {
      percent: 62.5,
      rows: [
        {
          element_id: "C-API",
          name: "Orders API",
          kind: "component",
          cells: {
            Spoofing: "covered",
            Tampering: "missing",
            Repudiation: "excluded",
            "Information Disclosure": "not_applicable",
          },
        },
        {
          element_id: "CN-1",
          name: "Web shop → Orders API",
          kind: "connection",
          cells: { Tampering: "missing" },
        },
      ],
    },
    evidence: [
      {
        threat_id: IDS.T1,
        verdict: "partially_mitigated",
        evidence: [
          {
            file: "src/payments/replay guard.ts",
            line: 42,
            column: 7,
            rule: "nonce-check",
            family: "authentication",
            kind: "present",
            snippet: "if (!nonces.consume(req.nonce)) throw `replayed`",
          },
        ],
      },
    ],
  };
}

describe("golden files", () => {
  it("Markdown report of the example model", () => {
    expectGolden("example.md", renderMarkdown(data()));
  });

  it("HTML report of the example model (the Graphviz diagram stubbed)", () => {
    expectGolden("example.html", renderHtml(data(), '<svg id="diagram-stub"></svg>'));
  });

  it("Mermaid data-flow diagram of the example model", () => {
    expectGolden("example.mmd", renderMermaid(buildDiagram(new ModelView(exampleModel()))));
  });

  it("the same model always renders the same bytes, whatever the insertion order", () => {
    const a = exampleModel();
    const b = exampleModel();
    // Re-insert b's threats in reverse order: maps iterate in insertion order, reports must not.
    for (const t of b.list("threat").reverse()) {
      b.put("threat", t.id, null);
      b.put("threat", t.id, t);
    }
    const render = (model: ReturnType<typeof exampleModel>) =>
      renderMarkdown({ ...data(), model }) + renderMermaid(buildDiagram(new ModelView(model)));
    expect(render(b)).toBe(render(a));
  });
});
