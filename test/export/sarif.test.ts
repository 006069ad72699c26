import { describe, expect, it } from "vitest";
import { renderSarif } from "../../src/export/sarif.js";
import type { ThreatEvidence } from "../../src/export/report-data.js";
import { IDS, exampleModel } from "./example-model.js";

const location = (file: string, line: number) => ({
  file,
  line,
  column: 3,
  rule: "weak-hash",
  family: "crypto",
  kind: "weakens",
  snippet: "md5(password) // </script>",
});

type Log = {
  version: string;
  runs: {
    tool: { driver: { name: string; rules: { id: string; properties: Record<string, unknown> }[] } };
    results: {
      ruleId: string;
      level: string;
      locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
      partialFingerprints: Record<string, string>;
    }[];
    properties: Record<string, string>;
  }[];
};

function sarif(evidence: ThreatEvidence[]): Log {
  return JSON.parse(
    renderSarif({
      model: exampleModel(),
      generatedFrom: { digest: "d".repeat(64) },
      projectName: "p",
      evidence,
    }),
  ) as Log;
}

describe("SARIF", () => {
  it("reports open threats with code evidence as results on their lines", () => {
    const log = sarif([
      {
        threat_id: IDS.T1,
        verdict: "not_mitigated",
        evidence: [location("src/auth/hash.ts", 12), location("src/a b.ts", 3)],
      },
      // resolved threat: not a code-scanning alert
      { threat_id: IDS.T2, verdict: "not_mitigated", evidence: [location("src/log.ts", 1)] },
      // mitigated by the code: no alert either
      { threat_id: IDS.T3, verdict: "mitigated", evidence: [location("src/rate.ts", 5)] },
    ]);
    expect(log.version).toBe("2.1.0");
    const run = log.runs[0]!;
    expect(run.properties["threatmodel:digest"]).toBe("d".repeat(64));
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(["T-0001"]);
    expect(run.tool.driver.rules[0]!.properties).toMatchObject({
      "security-severity": "8.0",
      tags: ["security", "threat-model", "Spoofing"],
    });
    expect(run.results).toHaveLength(2);
    expect(run.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri)).toEqual([
      "src/auth/hash.ts",
      "src/a%20b.ts",
    ]);
    expect(run.results[0]).toMatchObject({ ruleId: "T-0001", level: "error" });
    expect(run.results[0]!.locations[0]!.physicalLocation.region.startLine).toBe(12);
    expect(run.results[0]!.partialFingerprints["threatmodel/v1"]).toMatch(/^[0-9a-f]{64}$/);
  });

  it("leaves out locations that are not plain paths inside the project, and is empty without evidence", () => {
    const log = sarif([
      {
        threat_id: IDS.T1,
        verdict: "unknown",
        evidence: [location("../outside.ts", 1), location("/etc/passwd", 1)],
      },
    ]);
    expect(log.runs[0]!.results).toEqual([]);
    expect(sarif([]).runs[0]!.results).toEqual([]);
  });
});
