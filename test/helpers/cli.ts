import { spawnSync } from "node:child_process";
import { BUNDLE } from "./stdio.js";

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI with stdout and stderr piped (so never a terminal). */
export function cli(args: string[], env: Record<string, string | undefined> = {}): CliRun {
  const result = spawnSync(process.execPath, [BUNDLE, ...args], {
    encoding: "utf8",
    env: { ...process.env, GITHUB_ACTIONS: undefined, NO_COLOR: undefined, ...env },
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
