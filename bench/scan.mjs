// Code-scan benchmark: generates a synthetic multi-language source tree, scans it with the built
// scanner (dist/scan) in a child process, runs ripgrep over the same tree with the same regex set,
// and reports files/s, MB/s, the ratio to ripgrep and the scanner's peak RSS.
//
//   node bench/scan.mjs [--size 500] [--runs 3] [--keep]
//
// The tree is cached in the OS temp folder (keyed by size and generator version) so repeated runs
// measure the scan, not the generation.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { rng } from "./lib.mjs";
import { fileURLToPath, pathToFileURL } from "node:url";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DIST_SCAN = path.join(REPO, "dist", "scan", "index.js");
const GENERATOR_VERSION = 3;
const MB = 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// Deterministic synthetic tree
// ---------------------------------------------------------------------------------------------

const WORDS = [
  "order",
  "invoice",
  "customer",
  "account",
  "payment",
  "shipment",
  "product",
  "catalog",
  "report",
  "profile",
  "address",
  "cart",
  "item",
  "price",
  "discount",
  "tenant",
  "project",
  "ticket",
  "event",
  "message",
  "channel",
  "upload",
  "document",
  "schedule",
  "metric",
  "quota",
  "region",
  "warehouse",
];

function makeNames(rand) {
  const pick = () => WORDS[Math.floor(rand() * WORDS.length)];
  const cap = (w) => w[0].toUpperCase() + w.slice(1);
  return {
    pick,
    camel: () => pick() + cap(pick()),
    pascal: () => cap(pick()) + cap(pick()),
    snake: () => `${pick()}_${pick()}`,
    n: (max) => Math.floor(rand() * max),
  };
}

// Ordinary code (the bulk) and, rarely, security-relevant lines, per language.
const LANGS = {
  js: {
    ext: ".js",
    dir: "web/src",
    head: () =>
      `"use strict";\nconst express = require("express");\nconst { format } = require("./util");\n\n`,
    plain: (w) => `/**
 * Computes the ${w.pick()} summary for a ${w.pick()} list.
 */
function ${w.camel()}(items, options = {}) {
  const result = [];
  for (const item of items) {
    if (!item || item.${w.camel()} === undefined) continue;
    const value = Number(item.${w.camel()}) * (options.factor ?? ${w.n(9) + 1});
    result.push({ id: item.id, label: format(item.${w.pick()}), value });
  }
  return result.sort((a, b) => a.value - b.value).slice(0, ${w.n(50) + 10});
}

`,
    security: (w) =>
      [
        `router.get("/${w.pick()}/:id", requireRole("${w.pick()}-admin"), async (req, res) => {\n  res.json(await ${w.camel()}.get(req.params.id));\n});\n\n`,
        `const ${w.camel()} = await db.query("SELECT * FROM ${w.snake()} WHERE id = " + req.params.id);\n\n`,
        `logger.info("login succeeded", { userId: user.id });\n\n`,
        `const digest = crypto.createHash("sha256").update(${w.camel()}).digest("hex");\n\n`,
      ][w.n(4)],
  },
  ts: {
    ext: ".ts",
    dir: "app/src/modules",
    head: () =>
      `import { Injectable } from "@nestjs/common";\nimport type { Repository } from "./types";\n\n`,
    plain: (w) => `export interface ${w.pascal()} {
  id: string;
  ${w.camel()}: number;
  ${w.camel()}?: string;
  createdAt: Date;
}

@Injectable()
export class ${w.pascal()}Service {
  constructor(private readonly repo: Repository<${w.pascal()}>) {}

  async find${w.pascal()}(id: string): Promise<${w.pascal()} | undefined> {
    const rows = await this.repo.where({ id }).limit(${w.n(20) + 1});
    return rows.find((r) => r.${w.camel()} > ${w.n(100)}) ?? rows[0];
  }
}

`,
    security: (w) =>
      [
        `const ${w.camel()} = z.object({ name: z.string().max(${w.n(200) + 20}) });\n\n`,
        `el.innerHTML = ${w.camel()}.description;\n\n`,
        `const token = crypto.randomBytes(32).toString("hex");\n\n`,
      ][w.n(3)],
  },
  py: {
    ext: ".py",
    dir: "services/worker",
    head: () => `from __future__ import annotations\n\nimport json\nfrom dataclasses import dataclass\n\n\n`,
    plain: (w) => `@dataclass
class ${w.pascal()}:
    ${w.snake()}: int
    ${w.snake()}: str = ""

    def total(self, rows: list[dict]) -> float:
        """Sum the ${w.pick()} values of the ${w.pick()} rows."""
        acc = 0.0
        for row in rows:
            if row.get("${w.snake()}") is None:
                continue
            acc += float(row["${w.snake()}"]) * ${w.n(9) + 1}
        return round(acc, 2)


def ${w.snake()}(payload: str) -> dict:
    data = json.loads(payload)
    return {k: v for k, v in data.items() if not k.startswith("_")}


`,
    security: (w) =>
      [
        `    cur.execute("SELECT * FROM ${w.snake()} WHERE id = %s", (${w.snake()},))\n\n`,
        `logger = logging.getLogger(__name__)\n\n`,
        `DEBUG = False\n\n`,
        `    data = yaml.safe_load(fh)\n\n`,
      ][w.n(4)],
  },
  java: {
    ext: ".java",
    dir: "platform/src/main/java/com/acme",
    head: (w) =>
      `package com.acme.${w.pick()};\n\nimport java.util.List;\nimport java.util.stream.Collectors;\n\n`,
    plain: (w) => `public final class ${w.pascal()}Mapper {
    private final int ${w.camel()};

    public ${w.pascal()}Mapper(int ${w.camel()}) {
        this.${w.camel()} = ${w.n(100)};
    }

    /** Maps ${w.pick()} records to ${w.pick()} views. */
    public List<String> map(List<String> input) {
        return input.stream()
            .filter(s -> s != null && !s.isBlank())
            .map(s -> s.trim().toLowerCase() + "-${w.pick()}")
            .limit(${w.n(40) + 5})
            .collect(Collectors.toList());
    }
}

`,
    security: (w) =>
      [
        `    @PreAuthorize("hasRole('${w.pick().toUpperCase()}')")\n\n`,
        `    private static final Logger log = LoggerFactory.getLogger(${w.pascal()}.class);\n\n`,
        `        PreparedStatement ps = conn.prepareStatement("SELECT * FROM ${w.snake()} WHERE id = ?");\n\n`,
      ][w.n(3)],
  },
  go: {
    ext: ".go",
    dir: "cmd/gateway/internal",
    head: (w) => `package ${w.pick()}\n\nimport (\n\t"fmt"\n\t"strings"\n)\n\n`,
    plain: (w) => `// ${w.pascal()} holds ${w.pick()} data.
type ${w.pascal()} struct {
	ID    string
	${w.pascal()} int
	Tags  []string
}

func (x *${w.pascal()}) Describe() string {
	parts := make([]string, 0, len(x.Tags))
	for _, t := range x.Tags {
		if t == "" {
			continue
		}
		parts = append(parts, strings.ToUpper(t))
	}
	return fmt.Sprintf("%s:%d:%s", x.ID, ${w.n(1000)}, strings.Join(parts, ","))
}

`,
    security: (w) =>
      [
        `	limiter := rate.NewLimiter(rate.Limit(${w.n(100) + 1}), 10)\n\n`,
        `	rows, err := db.Query("SELECT id FROM ${w.snake()} WHERE owner = $1", owner)\n\n`,
        `	if err != nil {\n		return fmt.Errorf("load: %w", err)\n	}\n\n`,
      ][w.n(3)],
  },
  cs: {
    ext: ".cs",
    dir: "src/Acme.Api",
    head: (w) => `using System;\nusing System.Linq;\n\nnamespace Acme.${w.pascal()};\n\n`,
    plain: (w) => `public sealed class ${w.pascal()}Calculator
{
    private readonly decimal _${w.camel()} = ${w.n(100)}m;

    public decimal Compute(IEnumerable<decimal> values)
    {
        // Ignore negative ${w.pick()} entries.
        return values.Where(v => v >= 0).Select(v => v * _${w.camel()}).DefaultIfEmpty().Sum();
    }
}

`,
    security: (w) =>
      [
        `[Authorize(Roles = "${w.pascal()}")]\n\n`,
        `builder.Services.AddRateLimiter(o => o.AddFixedWindowLimiter("${w.pick()}", _ => { }));\n\n`,
      ][w.n(2)],
  },
  rb: {
    ext: ".rb",
    dir: "backoffice/app/models",
    head: () => `# frozen_string_literal: true\n\n`,
    plain: (w) => `class ${w.pascal()} < ApplicationRecord
  belongs_to :${w.pick()}
  has_many :${w.pick()}s, dependent: :destroy

  scope :recent, -> { where("created_at > ?", ${w.n(30) + 1}.days.ago) }

  def ${w.snake()}
    ${w.pick()}s.map { |r| r.amount.to_d * ${w.n(9) + 1} }.sum
  end
end

`,
    security: (w) => [`  validates :${w.pick()}, presence: true\n\n`, `  has_secure_password\n\n`][w.n(2)],
  },
  php: {
    ext: ".php",
    dir: "legacy/src",
    head: () => `<?php\n\ndeclare(strict_types=1);\n\n`,
    plain: (w) => `final class ${w.pascal()}Formatter
{
    public function __construct(private int $${w.camel()} = ${w.n(100)})
    {
    }

    public function format(array $rows): string
    {
        $out = [];
        foreach ($rows as $row) {
            $out[] = sprintf('%s=%d', $row['${w.pick()}'] ?? '', (int) ($row['${w.pick()}'] ?? 0));
        }
        return implode(';', $out);
    }
}

`,
    security: (w) =>
      [
        `$stmt = $pdo->prepare('SELECT * FROM ${w.snake()} WHERE id = ?');\n\n`,
        `echo htmlspecialchars($${w.camel()}, ENT_QUOTES, 'UTF-8');\n\n`,
      ][w.n(2)],
  },
  tf: {
    ext: ".tf",
    dir: "infra/modules",
    head: () => ``,
    plain: (w) => `resource "aws_security_group_rule" "${w.snake()}" {
  type              = "ingress"
  from_port         = ${w.n(60000) + 1024}
  to_port           = ${w.n(60000) + 1024}
  protocol          = "tcp"
  cidr_blocks       = ["10.${w.n(255)}.0.0/16"]
  security_group_id = aws_security_group.${w.snake()}.id
}

`,
    security: (w) =>
      [
        `resource "aws_s3_bucket" "${w.snake()}" {\n  bucket = "acme-${w.pick()}-${w.n(999)}"\n}\n\n`,
        `resource "aws_ebs_volume" "${w.snake()}" {\n  availability_zone = "eu-west-1a"\n  size = 40\n  encrypted = true\n}\n\n`,
      ][w.n(2)],
  },
  k8s: {
    ext: ".yaml",
    dir: "deploy/k8s",
    head: () => ``,
    plain: (w) => `---
apiVersion: v1
kind: ConfigMap
metadata:
  name: ${w.pick()}-${w.pick()}
data:
  ${w.snake()}: "${w.n(1000)}"
  ${w.snake()}: "${w.pick()}"
`,
    security: (w) => `---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${w.pick()}
spec:
  template:
    spec:
      securityContext:
        runAsNonRoot: true
      containers:
        - name: app
          image: registry.example.com/${w.pick()}:1.${w.n(20)}
`,
  },
};

const MIX = ["js", "js", "ts", "ts", "py", "py", "java", "java", "go", "cs", "rb", "php", "tf", "k8s"];

function generateFile(kind, w, rand, targetBytes) {
  const lang = LANGS[kind];
  let text = lang.head(w);
  while (text.length < targetBytes) {
    text += rand() < 0.12 ? lang.security(w) : lang.plain(w);
  }
  return text;
}

function generateTree(root, sizeMB) {
  const rand = rng(20240611 + sizeMB);
  const w = makeNames(rand);
  const target = sizeMB * MB;
  let bytes = 0;
  let files = 0;
  while (bytes < target) {
    const kind = MIX[Math.floor(rand() * MIX.length)];
    const lang = LANGS[kind];
    const service = `svc-${Math.floor(files / 400)}`;
    const dir = path.join(root, service, lang.dir, w.pick());
    mkdirSync(dir, { recursive: true });
    // Mostly 2-20 KB files with a tail of bigger ones, as in real repositories.
    const size = rand() < 0.9 ? 2048 + Math.floor(rand() * 18_000) : 20_000 + Math.floor(rand() * 120_000);
    const text = generateFile(kind, w, rand, size);
    writeFileSync(path.join(dir, `${w.snake()}_${files}${lang.ext}`), text);
    bytes += Buffer.byteLength(text);
    files++;
  }
  return { files, bytes };
}

function ensureTree(sizeMB) {
  const root = path.join(os.tmpdir(), `threatmodel-scan-bench-v${GENERATOR_VERSION}-${sizeMB}mb`);
  const marker = path.join(root, ".complete.json");
  if (existsSync(marker)) return { root, ...JSON.parse(readFileSync(marker, "utf8")) };
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  const started = performance.now();
  const info = generateTree(root, sizeMB);
  writeFileSync(marker, JSON.stringify(info));
  console.error(
    `[scan bench] generated ${info.files} files, ${(info.bytes / MB).toFixed(0)} MB in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return { root, ...info };
}

// ---------------------------------------------------------------------------------------------
// Measurements
// ---------------------------------------------------------------------------------------------

function run(command, args) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    const out = [];
    const err = [];
    child.stdout.on("data", (d) => out.push(d));
    child.stderr.on("data", (d) => err.push(d));
    child.on("error", reject);
    child.on("close", (code) =>
      resolve({
        code,
        ms: performance.now() - started,
        stdout: Buffer.concat(out).toString(),
        stderr: Buffer.concat(err).toString(),
      }),
    );
  });
}

async function scanOnce(root) {
  const r = await run(process.execPath, [fileURLToPath(import.meta.url), "--child", root]);
  if (r.code !== 0) throw new Error(`scanner child failed: ${r.stderr}`);
  return { ...JSON.parse(r.stdout), wallMs: r.ms };
}

async function rgOnce(root, patternsFile, extra = []) {
  const r = await run("rg", ["--no-ignore", "--hidden", "-c", ...extra, "-f", patternsFile, root]);
  if (r.code !== 0 && r.code !== 1) throw new Error(`rg failed (${r.code}): ${r.stderr.slice(0, 500)}`);
  return {
    wallMs: r.ms,
    matchingLines: r.stdout
      .split("\n")
      .filter(Boolean)
      .reduce((n, l) => n + Number(l.split(":").pop()), 0),
  };
}

function hasRipgrep() {
  try {
    execFileSync("rg", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

const round = (x, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

export async function runScanBench({ sizeMB = 60, runs = 3 } = {}) {
  if (!existsSync(DIST_SCAN)) throw new Error("run `npm run build` first (dist/scan/index.js is missing)");
  const scan = await import(pathToFileURL(DIST_SCAN).href);
  const tree = ensureTree(sizeMB);
  const patternsFile = path.join(os.tmpdir(), `threatmodel-scan-bench-patterns-${process.pid}.txt`);
  const rules = scan.rulesOf(scan.loadRulePacks());
  const patterns = scan.exportRegexPatterns(rules);
  writeFileSync(patternsFile, `${patterns.join("\n")}\n`);
  // A stricter baseline: ripgrep looking only for the rules' keywords (fixed strings, any case),
  // i.e. the cost of finding candidate spots before any regex runs.
  const keywordsFile = path.join(os.tmpdir(), `threatmodel-scan-bench-keywords-${process.pid}.txt`);
  writeFileSync(keywordsFile, `${[...new Set(rules.flatMap((r) => r.keywords))].join("\n")}\n`);

  const rg = hasRipgrep();
  if (!rg)
    console.error("[scan bench] ripgrep not found: install it (apt-get install ripgrep) to get the ratio");
  if (rg)
    await rgOnce(tree.root, patternsFile); // warm the page cache
  else await scanOnce(tree.root);

  const ours = [];
  const theirs = [];
  const literal = [];
  for (let i = 0; i < runs; i++) {
    ours.push(await scanOnce(tree.root));
    if (rg) theirs.push(await rgOnce(tree.root, patternsFile));
    if (rg) literal.push(await rgOnce(tree.root, keywordsFile, ["-F", "-i"]));
  }
  rmSync(patternsFile, { force: true });
  rmSync(keywordsFile, { force: true });

  const best = ours.reduce((a, b) => (b.wallMs < a.wallMs ? b : a));
  const mbScanned = best.bytes / MB;
  const oursMBs = mbScanned / (best.wallMs / 1000);
  const rows = [
    { name: "tree", value: `${tree.files} files, ${round(tree.bytes / MB, 0)} MB`, unit: "" },
    { name: "regex set", value: patterns.length, unit: "patterns" },
    { name: "scanner files/s", value: round(best.files / (best.wallMs / 1000), 0), unit: "files/s" },
    { name: "scanner MB/s", value: round(oursMBs), unit: "MB/s" },
    { name: "scanner wall time", value: round(best.wallMs, 0), unit: "ms" },
    { name: "scanner scan time (in process)", value: best.ms, unit: "ms" },
    { name: "scanner findings", value: best.controls, unit: "" },
  ];
  if (rg) {
    const rgBest = theirs.reduce((a, b) => (b.wallMs < a.wallMs ? b : a));
    const rgMBs = tree.bytes / MB / (rgBest.wallMs / 1000);
    rows.push(
      { name: "rg MB/s", value: round(rgMBs), unit: "MB/s" },
      { name: "rg wall time", value: round(rgBest.wallMs, 0), unit: "ms" },
      { name: "ratio to rg", value: round((oursMBs / rgMBs) * 100, 0), unit: "%", target: ">= 60 %" },
    );
    const litBest = literal.reduce((a, b) => (b.wallMs < a.wallMs ? b : a));
    const litMBs = tree.bytes / MB / (litBest.wallMs / 1000);
    rows.push(
      { name: "rg keywords-only MB/s", value: round(litMBs), unit: "MB/s" },
      { name: "ratio to rg keywords-only", value: round((oursMBs / litMBs) * 100, 0), unit: "%" },
    );
  } else {
    rows.push({ name: "ratio to rg", value: "n/a (apt-get install ripgrep)", unit: "" });
  }
  rows.push({
    name: "scanner peak RSS",
    value: round(best.maxRssMB, 0),
    unit: "MB",
    target: "<= 200 MB at 500 MB",
  });
  return rows;
}

async function child(root) {
  const scan = await import(pathToFileURL(DIST_SCAN).href);
  const result = await scan.scanProject({ root });
  const maxRssMB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(
    JSON.stringify({
      files: result.files_scanned,
      bytes: result.bytes_scanned,
      ms: result.duration_ms,
      controls: result.controls.length + (result.truncated ?? 0),
      maxRssMB,
    }),
  );
}

function argValue(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv[2] === "--child") {
    await child(process.argv[3]);
  } else {
    const sizeMB = Number(argValue("--size", "60"));
    const runs = Number(argValue("--runs", "3"));
    const rows = await runScanBench({ sizeMB, runs });
    console.log(
      `Code scan benchmark (${os.cpus().length} x ${os.cpus()[0]?.model ?? "cpu"}, Node ${process.version})`,
    );
    console.table(rows);
    if (!process.argv.includes("--keep") && sizeMB >= 400) {
      rmSync(path.join(os.tmpdir(), `threatmodel-scan-bench-v${GENERATOR_VERSION}-${sizeMB}mb`), {
        recursive: true,
        force: true,
      });
    }
  }
}
