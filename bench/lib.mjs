// Shared helpers for the benchmarks: spawn the built server, time things, summarise.
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const BUNDLE = path.join(REPO, "dist/bundle/threatmodel.mjs");

export function requireBuild() {
  if (!existsSync(BUNDLE)) throw new Error("run `npm run build` first");
}

export function tempDir(prefix = "tm-bench-") {
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), prefix)));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function spawn(root, args = []) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BUNDLE, "--project", root, ...args],
    stderr: "ignore",
  });
  const client = new Client({ name: "bench", version: "1.0.0" });
  await client.connect(transport);
  return { client, pid: transport.pid, close: () => client.close() };
}

export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)];
}

export const median = (values) =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  );

/** Resident set size of a process in MB, from /proc (peak when `peak` is true). */
export function rssMB(pid, peak = false) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const match = new RegExp(`^${peak ? "VmHWM" : "VmRSS"}:\\s+(\\d+) kB`, "m").exec(status);
  return match ? Number(match[1]) / 1024 : NaN;
}

export const row = (name, value, unit, target) => ({
  name,
  value: Math.round(value * 100) / 100,
  unit,
  ...(target ? { target } : {}),
});

/** A small deterministic PRNG (mulberry32): generated benchmark data is the same on every run. */
export function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
