import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { detectCode, isSourceFile } from "../../src/methodology/code-detection.js";
import { parsePhase, guidanceToolOf } from "../../src/methodology/phases.js";
import { tempProject } from "../helpers/project.js";

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

function folder(files: Record<string, string>): string {
  const temp = tempProject("tm-code-");
  cleanups.push(temp.cleanup);
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(temp.root, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return temp.root;
}

describe("detectCode", () => {
  it("finds nothing in an empty folder or one with only docs and data", () => {
    expect(detectCode(folder({})).hasCode).toBe(false);
    const docs = folder({
      "README.md": "# x",
      "package.json": "{}",
      "config/app.yaml": "a: 1",
      "site/index.html": "<p>",
    });
    expect(detectCode(docs)).toEqual({ hasCode: false, truncated: false });
  });

  it("ignores dependency, build, hidden and model folders", () => {
    const root = folder({
      "node_modules/lib/index.js": "x",
      "vendor/pkg/a.go": "x",
      "dist/bundle.js": "x",
      "build/out.c": "x",
      "target/Main.java": "x",
      "venv/lib/site.py": "x",
      ".git/hooks/pre-commit.sh": "x",
      ".threatmodel/model/x.ts": "x",
      ".github/scripts/release.sh": "x",
    });
    expect(detectCode(root).hasCode).toBe(false);
  });

  it("finds source files at any depth, and infrastructure files by name", () => {
    expect(detectCode(folder({ "README.md": "x", "services/api/src/app.py": "print(1)" }))).toEqual({
      hasCode: true,
      firstFile: "services/api/src/app.py",
      truncated: false,
    });
    expect(detectCode(folder({ Dockerfile: "FROM scratch" })).firstFile).toBe("Dockerfile");
    expect(detectCode(folder({ "infra/main.tf": "" })).hasCode).toBe(true);
  });

  it("stops at its entry limit and says so", () => {
    const files = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`doc${i}.md`, "x"]));
    const root = folder({ ...files, "zz/app.ts": "x" });
    expect(detectCode(root, 10)).toEqual({ hasCode: false, truncated: true });
    expect(detectCode(root).hasCode).toBe(true);
  });

  it("does not follow symbolic links", () => {
    const outside = folder({ "lib/app.rb": "x" });
    const root = folder({ "README.md": "x" });
    symlinkSync(path.join(outside, "lib"), path.join(root, "linked"));
    expect(detectCode(root).hasCode).toBe(false);
  });

  it("decides by extension case-insensitively", () => {
    expect(isSourceFile("Main.JAVA")).toBe(true);
    expect(isSourceFile("notes.txt")).toBe(false);
    expect(isSourceFile("makefile")).toBe(true);
  });
});

describe("phases", () => {
  it("parse the spellings agents use and refuse the rest", () => {
    expect(parsePhase("3")).toBe("3");
    expect(parsePhase("3.0")).toBe("3");
    expect(parsePhase(7.5)).toBe("7.5");
    expect(parsePhase("Phase 9")).toBe("9");
    expect(() => parsePhase("7.25")).toThrow(/allowed: 1, 2, 3, 4, 5, 6, 7, 7\.5, 8, 9/);
    expect(() => parsePhase("next")).toThrow(/"next" is not a phase/);
    expect(guidanceToolOf("7.5")).toBe("get_phase_7_5_guidance");
  });
});
