import { writeFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { renderCheck } from "../../src/cli/commands/check.js";
import { CheckPolicy, type CheckResult } from "../../src/ops/check.js";
import { terminalSafe } from "../../src/render/terminal.js";
import { cli } from "../helpers/cli.js";
import { tempProject } from "../helpers/project.js";

/* eslint-disable no-control-regex -- these patterns are about control characters */
// C0 and C1 controls, DEL, and the bidirectional marks and overrides.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
/** The same, but the output's own line breaks. */
const UNSAFE_EXCEPT_NEWLINE =
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
/* eslint-enable no-control-regex */

describe("text from the repository or the model printed to a terminal", () => {
  it("shows control characters and bidi overrides as escapes, and leaves other text alone", () => {
    expect(terminalSafe("a\u001b]0;title\u0007b")).toBe("a\\u001b]0;title\\u0007b");
    expect(terminalSafe("line\nnext\rcr\u009b2J")).toBe("line\\u000anext\\u000dcr\\u009b2J");
    expect(terminalSafe("admin\u202eslx.exe")).toBe("admin\\u202eslx.exe");
    expect(terminalSafe("Zürich 東京 🚀 [x] 'q' \"d\"")).toBe("Zürich 東京 🚀 [x] 'q' \"d\"");
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        const safe = terminalSafe(text);
        expect(safe).not.toMatch(UNSAFE);
        if (!UNSAFE.test(text)) expect(safe).toBe(text);
      }),
    );
  });

  it("`threatmodel scan` cannot be made to emit escape sequences or fake lines by a repository", () => {
    const temp = tempProject();
    try {
      const hostileName = "app\n::error::fake.js";
      writeFileSync(
        path.join(temp.root, hostileName),
        'const crypto = require("crypto");\nconst h = crypto.createHash("md5"); // \u001b]0;pwned\u0007 \u202e\n',
      );
      const run = cli(["scan", "--project", temp.root]);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain("crypto-js-weak-hash");
      expect(run.stdout).not.toMatch(UNSAFE_EXCEPT_NEWLINE);
      expect(run.stdout).toContain("app\\u000a::error::fake.js:2:");
      expect(run.stdout.split("\n").some((line) => line.startsWith("::error"))).toBe(false);
    } finally {
      temp.cleanup();
    }
  });

  it("`threatmodel check` prints model text escaped", () => {
    const result: CheckResult = {
      ok: false,
      problems: [
        {
          rule: "unmitigated",
          message: "threat #1 (High): T1 \u001b[2J cleared",
          file: ".threatmodel/x\u001b.json",
        },
      ],
      checked: { threats: 1, open_at_or_above: 1, unrated_open: 0, validations: 0 },
      policy: CheckPolicy.parse({}),
    };
    const text = renderCheck(result, "text", (_format, t) => t);
    expect(text).not.toContain("\u001b");
    expect(text).toContain("T1 \\u001b[2J cleared");
    expect(text).toContain("[.threatmodel/x\\u001b.json]");
  });
});
