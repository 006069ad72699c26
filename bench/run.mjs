// Runs every benchmark of the project and writes bench/results.json plus bench/results.md.
import { existsSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { REPO } from "./lib.mjs";

const SUITES = [
  ["foundation", "foundation.mjs", "runFoundationBench"],
  ["session efficiency", "session.mjs", "runSessionBench"],
  ["code scan", "scan.mjs", "runScanBench"],
  ["export", "export.mjs", "runExportBench"],
  ["threat suggestions", "suggest.mjs", "runSuggestBench"],
];

const machine = `${os.cpus().length} x ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
const date = new Date().toISOString().slice(0, 10);
const results = { date, machine, suites: {} };
const failed = [];

for (const [name, file, fn] of SUITES) {
  const full = path.join(REPO, "bench", file);
  if (!existsSync(full)) {
    failed.push(name);
    results.suites[name] = [{ name: "failed", value: `bench/${file} is missing`, unit: "" }];
    continue;
  }
  console.error(`[bench] ${name}...`);
  const started = performance.now();
  const module = await import(pathToFileURL(full).href);
  try {
    results.suites[name] = await module[fn]();
  } catch (error) {
    failed.push(name);
    console.error(`[bench] ${name} failed:`, error);
    results.suites[name] = [{ name: "failed", value: String(error?.message ?? error), unit: "" }];
  }
  console.error(`[bench] ${name} took ${((performance.now() - started) / 1000).toFixed(0)} s`);
  console.table(results.suites[name]);
}

const lines = [
  `Measured ${date} on ${machine}.`,
  "",
  "| Suite | Measure | Value | Target |",
  "| --- | --- | ---: | --- |",
];
for (const [suite, rows] of Object.entries(results.suites)) {
  for (const r of rows) {
    const cell = (v) => String(v).replace(/\|/g, "\\|").replace(/\n/g, " ");
    lines.push(
      `| ${cell(suite)} | ${cell(r.name)} | ${cell(`${r.value} ${r.unit}`.trim())} | ${cell(r.target ?? "")} |`,
    );
  }
}
writeFileSync(path.join(REPO, "bench/results.json"), `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(path.join(REPO, "bench/results.md"), `${lines.join("\n")}\n`);
console.log(lines.join("\n"));
if (failed.length > 0) {
  console.error(`[bench] failed suites: ${failed.join(", ")}`);
  process.exitCode = 1;
}
