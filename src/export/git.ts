import { spawn } from "node:child_process";
import { ModelError } from "../domain/errors.js";

const MAX_OUTPUT = 512 * 1024 * 1024;

/** Runs `git` in `cwd` without a shell; resolves with stdout, rejects with git's own message. */
export function git(
  cwd: string,
  args: readonly string[],
  input?: string,
  signal?: AbortSignal,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", args, {
      cwd,
      stdio: ["pipe", "pipe", "pipe"],
      env: { ...process.env, GIT_TERMINAL_PROMPT: "0", GIT_OPTIONAL_LOCKS: "0", LC_ALL: "C" },
      ...(signal ? { signal } : {}),
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    child.stdout.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_OUTPUT) child.kill();
      else out.push(chunk);
    });
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", (error) =>
      reject(
        (error as NodeJS.ErrnoException).code === "ENOENT"
          ? new ModelError("unsupported", "git is not installed or not on PATH")
          : error,
      ),
    );
    child.on("close", (code) => {
      if (code === 0) resolve(Buffer.concat(out));
      else reject(new GitError(Buffer.concat(err).toString("utf8").trim() || `git exited with ${code}`));
    });
    child.stdin.on("error", () => undefined);
    child.stdin.end(input ?? "");
  });
}

export class GitError extends Error {}

/** Reads many blobs in one `git cat-file --batch` call: `spec` is `<commit>:<path>`. */
export async function readBlobs(
  cwd: string,
  specs: readonly string[],
  signal?: AbortSignal,
): Promise<Map<string, Buffer>> {
  const result = new Map<string, Buffer>();
  if (specs.length === 0) return result;
  const output = await git(cwd, ["cat-file", "--batch"], specs.map((s) => `${s}\n`).join(""), signal);
  let offset = 0;
  for (const spec of specs) {
    const newline = output.indexOf(0x0a, offset);
    if (newline < 0) break;
    const header = output.subarray(offset, newline).toString("utf8");
    offset = newline + 1;
    const match = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
    if (!match) continue; // "<spec> missing"
    const size = Number(match[2]);
    if (match[1] === "blob") result.set(spec, output.subarray(offset, offset + size));
    offset += size + 1;
  }
  return result;
}
