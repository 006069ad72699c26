import { defineCommand } from "citty";
import { formatScanSummary, scanProject, type ScanProgress } from "../../scan/index.js";
import { resolveProjectRoot } from "../../store/paths.js";
import { projectArgs } from "../shared-args.js";

export interface ScanCliArgs {
  dir?: string | undefined;
  json?: boolean | undefined;
  maxFileBytes?: string | undefined;
  families?: string | undefined;
  project?: string | undefined;
}

/** Where the command writes; the CLI passes process streams, tests pass collectors. */
export interface ScanCliIo {
  out(text: string): void;
  err(text: string): void;
  /** Progress lines on stderr (only for interactive terminals). */
  progress?: ((progress: ScanProgress) => void) | undefined;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

function parseMaxFileBytes(raw: string | undefined): number | undefined | Error {
  if (raw === undefined || raw === "") return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0)
    return new Error(`--max-file-bytes must be a positive whole number, got ${JSON.stringify(raw)}`);
  return value;
}

/**
 * `threatmodel scan [DIR] [--json]`: scans the project (or DIR inside it) and prints a summary, or
 * the full result as one JSON object. Returns the exit code: 0 when the scan ran, 1 when it could not.
 */
export async function runScanCli(args: ScanCliArgs, io: ScanCliIo): Promise<number> {
  const maxFileBytes = parseMaxFileBytes(args.maxFileBytes);
  if (maxFileBytes instanceof Error) {
    io.err(`threatmodel scan: ${maxFileBytes.message}\n`);
    return 1;
  }
  const families = args.families
    ?.split(",")
    .map((f) => f.trim())
    .filter(Boolean);
  try {
    const root = resolveProjectRoot({
      project: args.project,
      ...(io.env ? { env: io.env } : {}),
      ...(io.cwd ? { cwd: io.cwd } : {}),
    });
    const result = await scanProject({
      root,
      dir: args.dir,
      maxFileBytes,
      families,
      onProgress: io.progress,
    });
    io.out(args.json ? `${JSON.stringify(result)}\n` : `${formatScanSummary(result)}\n`);
    return 0;
  } catch (error) {
    io.err(`threatmodel scan: ${(error as Error).message}\n`);
    return 1;
  }
}

export const scanCommand = defineCommand({
  meta: {
    name: "scan",
    description: "Scan the project's code and infrastructure files for security controls and weaknesses",
  },
  args: {
    ...projectArgs,
    dir: {
      type: "positional",
      required: false,
      description: "Folder (or file) inside the project to scan (default: the whole project)",
    },
    json: { type: "boolean", description: "Print the result as one JSON object" },
    "max-file-bytes": {
      type: "string",
      description: "Skip files larger than this many bytes (default 1048576)",
      valueHint: "N",
    },
    families: {
      type: "string",
      description: "Only these control families, comma-separated (default: all)",
      valueHint: "LIST",
    },
  },
  async run({ args }) {
    const interactive = !args.json && process.stderr.isTTY === true;
    const code = await runScanCli(
      {
        dir: args.dir,
        json: args.json,
        maxFileBytes: args["max-file-bytes"],
        families: args.families,
        project: args.project,
      },
      {
        out: (text) => process.stdout.write(text),
        err: (text) => process.stderr.write(text),
        progress: interactive
          ? (p) => process.stderr.write(`\rscanned ${p.filesScanned}/${p.filesDiscovered} files…`)
          : undefined,
      },
    );
    if (interactive) process.stderr.write("\r\x1b[K");
    if (code !== 0) process.exitCode = code;
  },
});
