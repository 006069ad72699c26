import {
  mkdirSync,
  openSync,
  closeSync,
  ftruncateSync,
  writeFileSync,
  symlinkSync,
  readdirSync,
} from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.js";
import { snapshotModel } from "../helpers/files.js";
import { makeSandbox, type Sandbox } from "../helpers/sandbox.js";
import { spawnServer } from "../helpers/stdio.js";

let sandbox: Sandbox | undefined;
afterEach(() => {
  sandbox?.cleanup();
  sandbox = undefined;
});

const component = (id: string, name = "API") => `${JSON.stringify({ id, name, type: "Compute" }, null, 2)}\n`;

/** A `.threatmodel/model/` with one good component and, per case, a file that must be left out. */
function hostileModel(root: string) {
  const model = path.join(root, ".threatmodel/model");
  const put = (relative: string, content: string | Buffer) => {
    mkdirSync(path.dirname(path.join(model, relative)), { recursive: true });
    writeFileSync(path.join(model, relative), content);
  };
  put("manifest.json", '{"schemaVersion":1,"generator":"threat-modeling-mcp-server"}\n');
  put("components/C-GOOD01.json", component("C-GOOD01", "Good"));
  put("components/C-BADJSON.json", '{"id": "C-BADJSON", "name": ');
  put("components/C-TYPES.json", JSON.stringify({ id: "C-TYPES", name: 5, type: ["Compute"] }));
  put("components/C-NUL.json", Buffer.from('{"id":"C-NUL",\u0000"name":"x"}'));
  put("components/C-OTHER.json", component("C-ELSE"));
  put("components/C-ARRAY.json", "[1, 2, 3]\n");
  put(
    "components/C-UNKNOWN.json",
    JSON.stringify({ id: "C-UNKNOWN", name: "X", type: "Compute", evil: "<script>" }),
  );
  mkdirSync(path.join(model, "components/C-FOLDER.json"));
  put("threats", "not a folder\n");
  put("business-context.json", JSON.stringify({ description: 42 }));
  // 50 MB of valid-looking JSON.
  const big = path.join(model, "data-stores/D-HUGE.json");
  mkdirSync(path.dirname(big), { recursive: true });
  const fd = openSync(big, "w");
  ftruncateSync(fd, 50 * 1024 * 1024);
  closeSync(fd);
  // Built as text: 5,000 levels are more than JSON.stringify takes.
  const deep = `{"id":"C-DEEP","name":"Deep","type":"Compute","configuration":{"a":${"[".repeat(5000)}${"]".repeat(5000)}}}`;
  put("components/C-DEEP.json", deep);
  // A deep value where a flag belongs: the reason names it without printing it.
  put(
    "connections/CN-DEEP.json",
    `{"id":"CN-DEEP","source_id":"C-GOOD01","destination_id":"C-GOOD01","protocol":"TCP","encryption":${"[".repeat(20_000)}${"]".repeat(20_000)}}`,
  );
}

const EXPECTED: [string, RegExp][] = [
  [".threatmodel/model/components/C-BADJSON.json", /not valid JSON/],
  [".threatmodel/model/components/C-TYPES.json", /name: expected text, got 5/],
  [".threatmodel/model/components/C-NUL.json", /not valid JSON/],
  [".threatmodel/model/components/C-OTHER.json", /does not match the file name/],
  [".threatmodel/model/components/C-ARRAY.json", /expected object|expected an object/i],
  [".threatmodel/model/components/C-UNKNOWN.json", /evil/],
  [".threatmodel/model/components/C-FOLDER.json", /is a folder where a file belongs/],
  [".threatmodel/model/threats", /is a file where a folder belongs/],
  [".threatmodel/model/business-context.json", /description: expected text, got 42/],
  [".threatmodel/model/data-stores/D-HUGE.json", /is 52428800 bytes; a model file may hold at most/],
  [".threatmodel/model/components/C-DEEP.json", /nested more than 32 levels/],
  [".threatmodel/model/connections/CN-DEEP.json", /encryption: expected true or false, got an array of 1/],
];

describe("a hostile .threatmodel/", () => {
  it("loads the good files, reports every bad one with its reason, and keeps serving", async () => {
    sandbox = makeSandbox({ importFiles: false });
    hostileModel(sandbox.root);
    const before = snapshotModel(sandbox.root);
    const server = await spawnServer(sandbox.root);
    try {
      const status = await server.client.callTool({ name: "threat_model_status", arguments: {} });
      expect(status.isError).toBeFalsy();
      const issues = (status.structuredContent as { load_issues: { file: string; reason: string }[] })
        .load_issues;
      for (const [file, reason] of EXPECTED) {
        const issue = issues.find((i) => i.file === file);
        expect(issue, `${file} is reported`).toBeDefined();
        expect(issue!.reason, file).toMatch(reason);
      }
      const text = (status.content as { text: string }[])[0]!.text;
      expect(text).toContain("left out of the model");
      expect(text).toContain("C-BADJSON.json");
      // The good file is loaded; the server answers reads and refuses writes it cannot make safely.
      const listed = await server.client.callTool({
        name: "list_entities",
        arguments: { kind: "component" },
      });
      expect((listed.structuredContent as { items: { id: string }[] }).items.map((c) => c.id)).toEqual([
        "C-GOOD01",
      ]);
      const write = await server.client.callTool({
        name: "add_component",
        arguments: { name: "New", type: "Compute" },
      });
      expect(write.isError).toBe(true);
      expect((write.content as { text: string }[])[0]!.text).toMatch(
        /threats is a file where a folder belongs/,
      );
      expect(server.stderr()).toContain(
        "left out of the model: .threatmodel/model/components/C-BADJSON.json",
      );
    } finally {
      await server.client.close();
    }
    expect(snapshotModel(sandbox.root)).toEqual(before);
    // The CI gate reports the same files and fails.
    const check = cli(["check", "--project", sandbox.root, "--format", "json"]);
    expect(check.code).toBe(1);
    const problems = (JSON.parse(check.stdout) as { problems: { rule: string; file?: string }[] }).problems;
    expect(problems.filter((p) => p.rule === "load").map((p) => p.file)).toEqual(
      expect.arrayContaining(EXPECTED.map(([file]) => file)),
    );
  });

  it("loads a folder of 3,000 entity files and writes next to them", async () => {
    sandbox = makeSandbox({ importFiles: false });
    const dir = path.join(sandbox.root, ".threatmodel/model/components");
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      path.join(sandbox.root, ".threatmodel/model/manifest.json"),
      '{"schemaVersion":1,"generator":"x"}\n',
    );
    for (let i = 0; i < 3000; i++) {
      const id = `C-${String(i).padStart(6, "0")}`;
      writeFileSync(path.join(dir, `${id}.json`), component(id, `Service ${i}`));
    }
    const server = await spawnServer(sandbox.root);
    try {
      const listed = await server.client.callTool({
        name: "list_entities",
        arguments: { kind: "component" },
      });
      expect((listed.structuredContent as { count: number }).count).toBe(3000);
      const added = await server.client.callTool({
        name: "add_component",
        arguments: { name: "New", type: "Compute" },
      });
      expect(added.isError).toBeFalsy();
    } finally {
      await server.client.close();
    }
    expect(readdirSync(dir)).toHaveLength(3001);
  });

  it("starts and serves when model files link outside the project, reading nothing through them", async () => {
    sandbox = makeSandbox({ importFiles: false });
    const model = path.join(sandbox.root, ".threatmodel/model");
    mkdirSync(path.join(model, "threats"), { recursive: true });
    writeFileSync(path.join(model, "manifest.json"), '{"schemaVersion":1,"generator":"x"}\n');
    symlinkSync(path.join(sandbox.outside, "secret.txt"), path.join(model, "business-context.json"));
    symlinkSync(sandbox.outside, path.join(model, "components"));
    const server = await spawnServer(sandbox.root);
    try {
      const status = await server.client.callTool({ name: "threat_model_status", arguments: {} });
      const text = JSON.stringify(status);
      expect(text).toContain("components: is a symbolic link");
      expect(text).toContain("business-context.json: is a symbolic link");
      expect(text).not.toContain("TOP SECRET");
    } finally {
      await server.client.close();
    }
    expect(sandbox.escapes()).toEqual([]);
  });
});
