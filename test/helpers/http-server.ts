import { spawn, type ChildProcess } from "node:child_process";
import { BUNDLE } from "./stdio.js";

export interface SpawnedHttpServer {
  url: URL;
  child: ChildProcess;
  stderr(): string;
  stop(): Promise<void>;
}

/** Starts the built bundle with `serve --http` on an ephemeral loopback port; resolves once it listens. */
export function startHttpServer(root: string, args: string[] = [], env: Record<string, string> = {}) {
  const child = spawn(
    process.execPath,
    [BUNDLE, "serve", "--http", "--port", "0", "--project", root, ...args],
    {
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, ...env },
    },
  );
  let stderr = "";
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return new Promise<SpawnedHttpServer>((resolve, reject) => {
    child.stderr!.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /at (http:\/\/\S+)/.exec(stderr);
      if (match)
        resolve({
          url: new URL(match[1]!),
          child,
          stderr: () => stderr,
          stop: async () => {
            if (child.exitCode === null) child.kill("SIGTERM");
            await exited;
          },
        });
    });
    void exited.then((code) => reject(new Error(`server exited with ${code}: ${stderr}`)));
  });
}

/** Runs the bundle with `serve --http ...` expecting it to refuse to start; returns exit code and stderr. */
export async function refusedHttpStart(root: string, args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [BUNDLE, "serve", "--http", "--project", root, ...args], {
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, ...env },
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  // A server that wrongly starts would wait forever: stop it so the assertion on its exit code fails.
  const guard = setTimeout(() => child.kill("SIGKILL"), 20_000);
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  clearTimeout(guard);
  return { code, stderr };
}
