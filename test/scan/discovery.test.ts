import { symlink } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ModelError } from "../../src/domain/errors.js";
import { scanProject } from "../../src/scan/scan-project.js";
import { tempTree, type TempTree } from "./temp-tree.js";

const WEAK = 'const digest = require("crypto").createHash("md5").update(x).digest("hex");\n';

let tree: TempTree | undefined;
afterEach(async () => {
  await tree?.remove();
  tree = undefined;
});

function filesWithFindings(controls: Array<{ file: string }>): string[] {
  return [...new Set(controls.map((c) => c.file))].sort();
}

describe("file discovery", () => {
  it("honours the root .gitignore, nested .gitignore files and negations", async () => {
    tree = await tempTree({
      ".gitignore": "generated/\n*.log.js\n",
      "src/app.js": WEAK,
      "src/debug.log.js": WEAK,
      "generated/client.js": WEAK,
      "pkg/.gitignore": "fixtures/\n*.js\n!keep.js\n",
      "pkg/keep.js": WEAK,
      "pkg/drop.js": WEAK,
      "pkg/fixtures/sample.js": WEAK,
      "pkg/sub/deep.js": WEAK,
    });
    const result = await scanProject({ root: tree.root, workers: 0 });
    expect(filesWithFindings(result.controls)).toEqual(["pkg/keep.js", "src/app.js"]);
    // generated/, src/debug.log.js, pkg/drop.js, pkg/fixtures/, pkg/sub/deep.js
    expect(result.skipped.gitignored).toBe(5);
  });

  it("applies .gitignore files above a scanned sub-folder", async () => {
    tree = await tempTree({
      ".gitignore": "secret-stuff/\n",
      "svc/.gitignore": "*.gen.js\n",
      "svc/api/handler.js": WEAK,
      "svc/api/handler.gen.js": WEAK,
      "svc/api/secret-stuff/x.js": WEAK,
    });
    const result = await scanProject({ root: tree.root, dir: "svc/api", workers: 0 });
    expect(filesWithFindings(result.controls)).toEqual(["svc/api/handler.js"]);
    expect(result.skipped.gitignored).toBe(2);
  });

  it("skips dependency, build and VCS folders and counts them", async () => {
    tree = await tempTree({
      "index.js": WEAK,
      "node_modules/lib/index.js": WEAK,
      "vendor/github.com/x/y.go": 'import "crypto/md5"\nvar s = md5.Sum(b)\n',
      "dist/bundle.js": WEAK,
      "build/out.js": WEAK,
      "target/gen.java": WEAK,
      "venv/lib/site.py": "import hashlib\nhashlib.md5(b)\n",
      ".git/hooks/pre-commit.js": WEAK,
      "env/pyvenv.cfg": "home = /usr/bin\n",
      "env/lib/x.py": "import hashlib\nhashlib.md5(b)\n",
    });
    const result = await scanProject({ root: tree.root, workers: 0 });
    expect(filesWithFindings(result.controls)).toEqual(["index.js"]);
    expect(result.files_scanned).toBe(1);
    expect(result.skipped.dependency_or_build_dir).toBe(8);
  });

  it("skips binary files and files over the size limit", async () => {
    const binary = Buffer.concat([Buffer.from("createHash('md5')"), Buffer.from([0, 1, 2, 3, 0, 255])]);
    tree = await tempTree({
      "small.js": WEAK,
      "image.js": binary,
      "big.js": WEAK + "// padding\n".repeat(2000),
      "notes.unknown-ext": "md5 everywhere",
      "dist.min.js": WEAK,
    });
    const result = await scanProject({ root: tree.root, workers: 0, maxFileBytes: 4096 });
    expect(filesWithFindings(result.controls)).toEqual(["small.js"]);
    expect(result.skipped.binary).toBe(1);
    expect(result.skipped.too_large).toBe(1);
    expect(result.skipped.unsupported_language).toBe(1);
    expect(result.skipped.generated).toBe(1);
    expect(result.bytes_scanned).toBe(Buffer.byteLength(WEAK));

    const roomy = await scanProject({ root: tree.root, workers: 0, maxFileBytes: 1024 * 1024 });
    expect(filesWithFindings(roomy.controls)).toEqual(["big.js", "small.js"]);
  });

  it("never follows a symlink out of the root", async () => {
    tree = await tempTree({ "project/app.js": WEAK, "outside/leak.js": WEAK, "outside/dir/more.js": WEAK });
    const root = path.join(tree.root, "project");
    await symlink(path.join(tree.root, "outside", "leak.js"), path.join(root, "linked.js"));
    await symlink(path.join(tree.root, "outside", "dir"), path.join(root, "linked-dir"));
    await symlink(path.join(tree.root, "nowhere.js"), path.join(root, "dangling.js"));
    const result = await scanProject({ root, workers: 0 });
    expect(filesWithFindings(result.controls)).toEqual(["app.js"]);
    expect(result.skipped.symlink_outside_root).toBe(2);
    expect(result.skipped.broken_symlink).toBe(1);
  });

  it("does not scan symlinked files twice or loop on symlinked folders", async () => {
    tree = await tempTree({ "src/app.js": WEAK, "lib/util.js": WEAK });
    await symlink(path.join(tree.root, "src", "app.js"), path.join(tree.root, "src", "alias.js"));
    await symlink(tree.root, path.join(tree.root, "src", "loop"));
    const result = await scanProject({ root: tree.root, workers: 0 });
    expect(filesWithFindings(result.controls)).toEqual(["lib/util.js", "src/app.js"]);
    expect(result.skipped.symlink_duplicate).toBe(2);
  });

  it("follows a symlink to a folder inside the root but outside the scanned folder", async () => {
    tree = await tempTree({ "shared/crypto.js": WEAK, "svc/main.js": "console.info('hi');\n" });
    await symlink(path.join(tree.root, "shared"), path.join(tree.root, "svc", "shared"));
    const result = await scanProject({ root: tree.root, dir: "svc", workers: 0 });
    expect(filesWithFindings(result.controls)).toEqual(["svc/shared/crypto.js"]);
  });

  it("refuses a scan folder outside the root with a ModelError", async () => {
    tree = await tempTree({ "app.js": WEAK });
    await expect(scanProject({ root: tree.root, dir: "../..", workers: 0 })).rejects.toBeInstanceOf(
      ModelError,
    );
    await expect(scanProject({ root: tree.root, dir: "/etc", workers: 0 })).rejects.toMatchObject({
      code: "path_outside_root",
    });
    await expect(scanProject({ root: tree.root, dir: "missing", workers: 0 })).rejects.toMatchObject({
      code: "not_found",
    });
  });

  it("scans a single file when dir names one", async () => {
    tree = await tempTree({ "a.js": WEAK, "b.js": WEAK });
    const result = await scanProject({ root: tree.root, dir: "b.js", workers: 0 });
    expect(result.files_scanned).toBe(1);
    expect(filesWithFindings(result.controls)).toEqual(["b.js"]);
  });

  it("refuses unknown families and bad size limits", async () => {
    tree = await tempTree({ "a.js": WEAK });
    await expect(scanProject({ root: tree.root, families: ["magic"], workers: 0 })).rejects.toMatchObject({
      code: "invalid_input",
    });
    await expect(scanProject({ root: tree.root, maxFileBytes: 0, workers: 0 })).rejects.toMatchObject({
      code: "invalid_input",
    });
  });

  it("limits rules to the requested families", async () => {
    tree = await tempTree({ "a.js": WEAK + 'const q = db.query("SELECT * FROM t WHERE id = " + id);\n' });
    const all = await scanProject({ root: tree.root, workers: 0 });
    expect(new Set(all.controls.map((c) => c.family))).toEqual(
      new Set(["crypto-strength", "sql-parameterization"]),
    );
    const some = await scanProject({ root: tree.root, workers: 0, families: ["sql-parameterization"] });
    expect(some.controls.map((c) => c.family)).toEqual(["sql-parameterization"]);
  });
});
