import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { spawn, spawnSync } from "node:child_process";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { painter } from "../../src/cli/style.js";
import { renderCheck } from "../../src/cli/commands/check.js";
import { cli } from "../helpers/cli.js";
import { connect, type TestSession } from "../helpers/client.js";
import { tempProject } from "../helpers/project.js";
import { BUNDLE, threatArgs } from "../helpers/stdio.js";

let temp: ReturnType<typeof tempProject>;
beforeEach(() => {
  temp = tempProject();
});
afterEach(() => temp.cleanup());

const ESC = "\u001b[";

describe("threatmodel (no command) and usage errors", () => {
  it("every command has --help; unknown commands and bad flag values exit 2", () => {
    for (const command of ["serve", "init", "status", "check"]) {
      const help = cli([command, "--help"]);
      expect(help.code, command).toBe(0);
      expect(help.stdout, command).toContain(`threatmodel ${command}`);
    }
    expect(cli(["--help"]).stdout).toMatch(/serve.*\n.*init.*\n.*status.*\n.*check/s);
    const unknown = cli(["frobnicate"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
    const badEnum = cli(["check", "--project", temp.root, "--fail-on-severity", "Huge"]);
    expect(badEnum.code).toBe(2);
    expect(badEnum.stderr).toContain("Expected one of: Low, Medium, High, Critical, none");
    expect(badEnum.stderr).not.toContain(ESC);
    const noRoot = cli(["status", "--project", path.join(temp.root, "missing")]);
    expect(noRoot.code).toBe(2);
    expect(noRoot.stderr).toContain("does not exist");
    // The server too (no command is `serve`): a clear message and exit 2, not an internal error.
    const noRootServe = cli(["--project", path.join(temp.root, "missing")]);
    expect(noRootServe.code).toBe(2);
    expect(noRootServe.stderr).toMatch(/^threatmodel serve: project root ".*missing" does not exist/);
  });
});

const hasScript = spawnSync("script", ["--version"], { encoding: "utf8" }).status === 0;

describe("threatmodel serve in a terminal", () => {
  it.skipIf(!hasScript)("prints how to connect a client instead of waiting silently", async () => {
    // `script` runs the server on a pseudo-terminal, so its stdin is a TTY as when typed in a shell.
    const command = [process.execPath, BUNDLE, "--project", temp.root]
      .map((a) => JSON.stringify(a))
      .join(" ");
    const child = spawn("script", ["-qec", command, "/dev/null"], { stdio: ["pipe", "pipe", "pipe"] });
    let output = "";
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes("Ctrl-C to quit")) resolve();
      });
      child.once("exit", () => reject(new Error(`exited before the hint: ${output}`)));
    });
    child.kill("SIGTERM");
    expect(output).toContain("speaks MCP over stdio");
    expect(output).toContain(
      `claude mcp add threatmodel -- npx -y threat-modeling-mcp-server --project "${temp.root}"`,
    );
    expect(output).toContain("threatmodel init");
  });
});

describe("threatmodel init", () => {
  it("creates .threatmodel/ once and prints a snippet per client for this folder", () => {
    const first = cli(["init", "--project", temp.root]);
    expect(first.code).toBe(0);
    expect(existsSync(path.join(temp.root, ".threatmodel/model/manifest.json"))).toBe(true);
    expect(existsSync(path.join(temp.root, ".threatmodel/model/threat-actors/TA001.json"))).toBe(true);
    expect(first.stdout).toContain("Created");
    expect(first.stdout).toContain(
      `claude mcp add threatmodel -- npx -y threat-modeling-mcp-server --project ${temp.root}`,
    );
    expect(first.stdout).toContain('"${workspaceFolder}"');
    expect(first.stdout).toContain("[mcp_servers.threatmodel]");
    expect(first.stdout).not.toContain(ESC);
    const manifest = readFileSync(path.join(temp.root, ".threatmodel/model/manifest.json"), "utf8");

    const again = cli(["init", "--project", temp.root, "--toolset", "seed", "--client", "cursor"]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("already exists; nothing was changed");
    expect(readFileSync(path.join(temp.root, ".threatmodel/model/manifest.json"), "utf8")).toBe(manifest);
    const config = JSON.parse(
      again.stdout.slice(again.stdout.indexOf("{"), again.stdout.lastIndexOf("}") + 1),
    );
    expect(config.mcpServers.threatmodel.args).toEqual([
      "-y",
      "threat-modeling-mcp-server",
      "--project",
      temp.root,
      "--toolset",
      "seed",
    ]);
    expect(again.stdout).not.toContain("claude mcp add");

    const unknownClient = cli(["init", "--project", temp.root, "--client", "emacs"]);
    expect(unknownClient.code).toBe(2);
    expect(unknownClient.stderr).toContain("choose one of: claude-code, cursor, vscode, codex, http");
  });
});

describe("threatmodel status", () => {
  it("prints the phase table and counts, plain when piped, and JSON on request", async () => {
    const session = await connect({ root: temp.root, toolset: "compact" });
    await session.ok("upsert_architecture", { components: [{ name: "API", type: "Compute" }] });
    await session.close();
    const status = cli(["status", "--project", temp.root]);
    expect(status.code).toBe(0);
    expect(status.stdout).not.toContain(ESC);
    expect(status.stdout).toMatch(/^1 +Business Context Analysis +not complete \(\d+ missing\) <- current$/m);
    expect(status.stdout).toMatch(/^7\.5 +Code Validation Analysis +not applicable$/m);
    expect(status.stdout).toContain("1 component, 0 data stores");
    expect(status.stdout).toContain("10 threat actors");
    const json = JSON.parse(cli(["status", "--project", temp.root, "--json"]).stdout);
    expect(json.current).toBe("1");
    expect(json.phases).toHaveLength(10);
    expect(json.counts).toMatchObject({ component: 1, threat_actor: 10, threat: 0 });
  });

  it("colours only terminals, and never with NO_COLOR", () => {
    const tty = { isTTY: true } as NodeJS.WriteStream;
    const pipe = { isTTY: false } as NodeJS.WriteStream;
    const saved = process.env.NO_COLOR;
    try {
      delete process.env.NO_COLOR;
      expect(painter(tty)("red", "x")).toContain(ESC);
      expect(painter(pipe)("red", "x")).toBe("x");
      process.env.NO_COLOR = "1";
      expect(painter(tty)("red", "x")).toBe("x");
    } finally {
      if (saved === undefined) delete process.env.NO_COLOR;
      else process.env.NO_COLOR = saved;
    }
  });
});

describe("threatmodel check", () => {
  let s: TestSession;
  beforeEach(async () => {
    s = await connect({ root: temp.root, toolset: "all" });
  });
  afterEach(() => s.close());

  const check = (...args: string[]) => cli(["check", "--project", temp.root, ...args]);

  it("refuses a project without a model (exit 2) and passes a fresh one", async () => {
    const none = check();
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("no threat model");
    expect(cli(["init", "--project", temp.root]).code).toBe(0);
    const fresh = check();
    expect(fresh.code).toBe(0);
    expect(fresh.stdout).toContain("threatmodel check: passed");
  });

  it("fails on an open High threat without a mitigation, in text and as GitHub annotations", async () => {
    const high = await s.ok("add_threat", { ...threatArgs("the login form"), severity: "High" });
    await s.ok("add_threat", { ...threatArgs("the logs"), severity: "Medium" });
    const failed = check();
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain("threatmodel check: FAILED with 1 problem");
    expect(failed.stdout).toContain(`[.threatmodel/model/threats/${high.id}.json:1]`);
    expect(failed.stdout).toContain("Unmitigated threat: threat #1 (High)");
    expect(failed.stdout).not.toContain("::error");

    const github = check("--format", "github");
    expect(github.code).toBe(1);
    expect(github.stdout.split("\n")[0]).toMatch(
      new RegExp(
        `^::error file=\\.threatmodel/model/threats/${high.id}\\.json,line=1,title=Unmitigated threat::threat #1 \\(High\\)`,
      ),
    );
    expect(cli(["check", "--project", temp.root], { GITHUB_ACTIONS: "true" }).stdout).toMatch(/^::error /);
    const json = JSON.parse(check("--format", "json").stdout);
    expect(json.problems).toEqual([expect.objectContaining({ rule: "unmitigated", line: 1 })]);

    expect(check("--fail-on-severity", "Critical").code).toBe(0);
    expect(check("--fail-on-severity", "Medium").stdout).toContain("FAILED with 2 problems");
    expect(check("--fail-on-severity", "none").code).toBe(0);

    const mitigation = await s.ok("add_mitigation", { content: "Rate-limit logins" });
    await s.ok("link_mitigation_to_threat", { mitigation_id: mitigation.id, threat_id: high.id });
    expect(check().code).toBe(0);
    const resolvedOnly = check("--require-resolved");
    expect(resolvedOnly.code).toBe(1);
    expect(resolvedOnly.stdout).toContain("has no resolved mitigation");
    await s.ok("update_mitigation", { id: mitigation.id, status: "mitigationResolvedWillNotAction" });
    expect(check().code).toBe(1);
  });

  it("fails on expired risk acceptances, judged by --today", async () => {
    const threat = await s.ok("add_threat", { ...threatArgs("uploads"), severity: "Critical" });
    await s.ok("accept_threat_risk", {
      threat_id: threat.id,
      reason: "Legacy path, removed in Q3",
      expires_on: "2024-06-30",
    });
    const expired = check("--today", "2024-07-01");
    expect(expired.code).toBe(1);
    expect(expired.stdout).toContain(
      "Expired risk acceptance: the risk acceptance of threat #1 expired on 2024-06-30",
    );
    expect(check("--today", "2024-06-30").code).toBe(0);
    expect(check("--today", "2024-07-01", "--allow-expired-acceptances").code).toBe(0);
    const badDate = check("--today", "2024-02-30");
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toContain('today: "2024-02-30" is not a date');
  });

  it("fails on stale code evidence unless allowed", async () => {
    const threat = await s.ok("add_threat", { ...threatArgs("queries"), severity: "Low" });
    await s.project.store.mutate((draft) =>
      draft.put("validation", {
        id: threat.id,
        threat_id: threat.id,
        verdict: "mitigated",
        source: "scanner",
        families: ["sql-parameterization"],
        reasons: ["parameterised queries found"],
        evidence: [
          {
            file: "src/db.ts",
            line: 12,
            rule: "sql-param-js",
            kind: "present",
            snippet: "db.query(sql, [id])",
            fingerprint: "0123456789abcdef",
          },
        ],
        decided_at: "2024-01-01T00:00:00Z",
        stale: { since: "2024-02-01T00:00:00Z", reasons: ["src/db.ts changed at line 12"] },
      }),
    );
    const stale = check("--format", "github");
    expect(stale.code).toBe(1);
    expect(stale.stdout).toMatch(
      /^::error file=src\/db\.ts,line=12,title=Stale code evidence::code evidence for threat #1 is stale: src\/db\.ts changed at line 12/m,
    );
    expect(check("--allow-stale-evidence").code).toBe(0);
  });

  it("notices evidence the code no longer supports, though nothing was re-scanned", async () => {
    mkdirSync(path.join(temp.root, "src"));
    const code = path.join(temp.root, "src/auth.ts");
    writeFileSync(code, "export function login(user: User) {\n  requireMfa(user);\n}\n");
    const threat = await s.ok("add_threat", { ...threatArgs("sign-in"), severity: "Low" });
    await s.ok("record_threat_verdict", {
      threat_id: threat.id,
      verdict: "mitigated",
      reasoning: "MFA is enforced at sign-in",
      evidence: [{ file: "src/auth.ts", line: 2 }],
    });
    expect(check().code).toBe(0);
    writeFileSync(code, "export function login(user: User) {\n  skipMfa(user);\n}\n");
    const stale = check();
    expect(stale.code).toBe(1);
    expect(stale.stdout).toContain("Stale code evidence: code evidence for threat #1 is stale");
    expect(stale.stdout).toContain("[src/auth.ts:2]");
  });

  it("fails when a model file does not load", async () => {
    await s.ok("add_component", { name: "API", type: "Compute" });
    writeFileSync(path.join(temp.root, ".threatmodel/model/components/C-BROKEN.json"), "{ not json");
    const broken = check();
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain(
      "Model file does not load: .threatmodel/model/components/C-BROKEN.json does not load",
    );
  });
});

describe("GitHub annotation escaping", () => {
  it("escapes newlines, percent signs, commas and colons as the workflow command syntax needs", () => {
    const text = renderCheck(
      {
        ok: false,
        problems: [{ rule: "load", message: "100% broken\nsecond line", file: "a,b:c.json", line: 1 }],
        policy: {
          fail_on_severity: "High",
          require_resolved: false,
          allow_stale_evidence: false,
          allow_expired_acceptances: false,
        },
        checked: { threats: 0, open_at_or_above: 0, validations: 0, unrated_open: 0 },
      },
      "github",
      (_format, t) => t,
    );
    expect(text.split("\n")[0]).toBe(
      "::error file=a%2Cb%3Ac.json,line=1,title=Model file does not load::100%25 broken%0Asecond line",
    );
  });
});
