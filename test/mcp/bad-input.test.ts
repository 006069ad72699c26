import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resolveInsideRoot } from "../../src/store/paths.js";
import { connect, type TestSession } from "../helpers/client.js";
import { expectRefused } from "../helpers/refuse.js";
import { mkdirSync, symlinkSync } from "node:fs";
import path from "node:path";
import { tmpdir } from "node:os";

let s: TestSession;
beforeEach(async () => {
  s = await connect();
  await s.ok("add_component", { name: "Existing", type: "Compute" });
});
afterEach(() => s.close());

describe("hostile and malformed input", () => {
  it("wrong types in every position", async () => {
    await expectRefused(
      s,
      "add_component",
      { name: ["a"], type: "Compute" },
      /name: expected text, got an array/,
    );
    await expectRefused(s, "add_connection", { source_id: "C-A", destination_id: "C-B", port: "80" }, /port/);
    await expectRefused(
      s,
      "add_connection",
      { source_id: "C-A", destination_id: "C-B", encryption: "yes" },
      /encryption/,
    );
    await expectRefused(
      s,
      "add_threat_actor",
      { name: "X", type: "Insider", capability_level: "Low", motivations: "Financial", resources: "Limited" },
      /motivations: expected a list/,
    );
    await expectRefused(
      s,
      "add_asset",
      { name: "X", type: "Data", classification: "Public", criticality: 2.5 },
      /criticality: expected a whole number/,
    );
  });

  it("a 10 MB string is refused with its size, not echoed back", async () => {
    const huge = "x".repeat(10 * 1024 * 1024);
    const text = await expectRefused(
      s,
      "add_component",
      { name: huge, type: "Compute" },
      /name: is 10485760 characters; the limit is 200/,
    );
    expect(text.length).toBeLessThan(2000);
    await expectRefused(s, "add_mitigation", { content: huge }, /the limit is 1000/);
  });

  it("deep nesting and unicode edge cases", async () => {
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 2000; i++) deep = { nested: deep };
    await expectRefused(
      s,
      "add_component",
      { name: "X", type: "Compute", configuration: deep },
      /configuration/,
    );
    const added = await s.ok("add_component", { name: "Zaïre 🚀 \u202E\u0000end", type: "Compute" });
    expect((await s.ok("get_component", { id: added.id })).component.name).toBe("Zaïre 🚀 \u202E\u0000end");
    await expectRefused(s, "add_component", { name: "\uD800", type: "Compute", extra: 1 }, /extra/);
  });

  it("ids that are malformed or belong to deleted entities", async () => {
    await expectRefused(s, "get_component", { id: "../../etc/passwd" }, /is not a well-formed id/);
    await expectRefused(s, "get_component", { id: "" }, /is not a well-formed id/);
    const gone = (await s.ok("add_component", { name: "Temp", type: "Compute" })).id;
    await s.ok("delete_component", { id: gone });
    await expectRefused(s, "update_component", { id: gone, name: "Back" }, /no component has id/);
  });
});

describe("paths never leave the project root", () => {
  it("refuses traversal, absolute paths elsewhere, escaping symlinks, Windows and encoded forms", () => {
    const root = s.root;
    const outside = path.join(tmpdir(), "tm-outside");
    mkdirSync(outside, { recursive: true });
    symlinkSync(outside, path.join(root, "link-out"));
    mkdirSync(path.join(root, "src"));
    for (const bad of [
      "../x",
      "src/../../x",
      "/etc/passwd",
      outside,
      "link-out/file",
      "C:\\Windows",
      "\\\\server\\share",
      "%2e%2e/x",
      "..%2fx",
      "a\0b",
    ]) {
      expect(() => resolveInsideRoot(root, bad, "output_path"), bad).toThrowError(
        /output_path: .* (outside|Windows|NUL|traversal|symbolic)/,
      );
    }
    expect(resolveInsideRoot(root, "src/../src/app.ts").relative).toBe("src/app.ts");
    expect(resolveInsideRoot(root, path.join(root, "src")).relative).toBe("src");
    expect(resolveInsideRoot(root, "src\\nested\\file.ts").relative).toBe("src/nested/file.ts");
  });
});
