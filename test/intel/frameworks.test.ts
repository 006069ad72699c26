import { describe, expect, it } from "vitest";
import { MetadataItem } from "../../src/domain/entities.js";
import { frameworkLines, frameworkMetadata } from "../../src/intel/frameworks.js";

describe("framework references for exports", () => {
  const threat = {
    cwe: ["CWE-311", "CWE-312"],
    capec: ["CAPEC-37"],
    attack: ["T1530"],
    asvs: ["V6.1.1"],
    compliance: ["PCI-DSS:3.5.1"],
    cvss_v3: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N",
    rule_id: "TM-DS-001",
  };

  it("become Threat Composer custom: metadata entries that the metadata schema accepts", () => {
    const items = frameworkMetadata(threat);
    expect(items).toEqual([
      { key: "custom:cwe", value: ["CWE-311", "CWE-312"] },
      { key: "custom:capec", value: ["CAPEC-37"] },
      { key: "custom:attack", value: ["T1530"] },
      { key: "custom:asvs", value: ["V6.1.1"] },
      { key: "custom:compliance", value: ["PCI-DSS:3.5.1"] },
      { key: "custom:cvss_v3", value: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N (7.5 High)" },
      { key: "custom:rule_id", value: "TM-DS-001" },
    ]);
    for (const item of items) expect(MetadataItem.safeParse(item).success).toBe(true);
    expect(frameworkMetadata({ cwe: [] })).toEqual([]);
    expect(frameworkMetadata({ library_id: "MIT-TLS" })).toEqual([
      { key: "custom:library_id", value: "MIT-TLS" },
    ]);
  });

  it("become one readable line per framework for text reports", () => {
    expect(frameworkLines(threat)).toEqual([
      "CWE: CWE-311, CWE-312",
      "CAPEC: CAPEC-37",
      "ATT&CK: T1530",
      "ASVS: V6.1.1",
      "Compliance: PCI-DSS:3.5.1",
      "CVSS 3.1: 7.5 High (CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N)",
    ]);
  });
});
