import { existsSync } from "node:fs";
import path from "node:path";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";

export const BUNDLE = path.resolve("dist/bundle/threatmodel.mjs");

/** A real client talking to the built server in a child process over stdio. */
export async function spawnServer(root: string, extraArgs: string[] = []) {
  if (!existsSync(BUNDLE))
    throw new Error(`${BUNDLE} is missing: run \`npm run build\` first (npm test does)`);
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [
      BUNDLE,
      "--project",
      root,
      ...(extraArgs.includes("--toolset") ? [] : ["--toolset", "all"]),
      ...extraArgs,
    ],
    stderr: "pipe",
  });
  const stderr: string[] = [];
  transport.stderr?.on("data", (chunk: Buffer) => stderr.push(chunk.toString()));
  const client = new Client({ name: "stdio-test", version: "1.0.0" });
  await client.connect(transport);
  return { client, transport, pid: transport.pid!, stderr: () => stderr.join("") };
}

export const threatArgs = (label: string) => ({
  threat_source: "remote attacker",
  prerequisites: "with network access",
  threat_action: `abuse ${label}`,
  threat_impact: "data exposure",
});
