import { defineCommand, runCommand, runMain, type CommandDef } from "citty";
import { stripVTControlCharacters } from "node:util";
import { VERSION } from "../version.js";

// Commands are imported on demand so `serve` starts without loading the rest of the CLI.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const COMMANDS: Record<string, () => Promise<CommandDef<any>>> = {
  serve: () => import("./commands/serve.js").then((m) => m.serveCommand),
  init: () => import("./commands/init.js").then((m) => m.initCommand),
  status: () => import("./commands/status.js").then((m) => m.statusCommand),
  check: () => import("./commands/check.js").then((m) => m.checkCommand),
  scan: () => import("./commands/scan.js").then((m) => m.scanCommand),
  export: () => import("./commands/export.js").then((m) => m.exportCommand),
  import: () => import("./commands/import.js").then((m) => m.importCommand),
  diff: () => import("./commands/diff.js").then((m) => m.diffCommand),
};

const main = defineCommand({
  meta: {
    name: "threatmodel",
    version: VERSION,
    description: "STRIDE threat modeling for AI coding agents: an MCP server and a CLI over .threatmodel/",
  },
  subCommands: COMMANDS,
});

/** With no command (as MCP clients launch it: `threatmodel --project DIR`), the command is `serve`. */
function withDefaultCommand(argv: string[]): string[] {
  const first = argv[0];
  if (first !== undefined && (first in COMMANDS || ["--help", "-h", "--version", "-v"].includes(first)))
    return argv;
  return ["serve", ...argv];
}

/** Exit codes: 0 success, 1 `check` found problems, 2 usage or configuration error, 3 internal error. */
async function run(argv: string[]): Promise<void> {
  const first = argv[0];
  if (first !== undefined && !first.startsWith("-") && !(first in COMMANDS)) {
    console.error(
      `threatmodel: unknown command ${JSON.stringify(first)}; commands: ${Object.keys(COMMANDS).join(", ")} (threatmodel --help)`,
    );
    process.exit(2);
  }
  const rawArgs = withDefaultCommand(argv);
  if (rawArgs.some((a) => a === "--help" || a === "-h") || ["--version", "-v"].includes(rawArgs[0] ?? "")) {
    return runMain(main, { rawArgs });
  }
  try {
    await runCommand(main, { rawArgs });
  } catch (error) {
    // citty reports bad arguments (unknown enum value, missing value) as a CLIError.
    if (error instanceof Error && error.name === "CLIError") {
      const message = stripVTControlCharacters(error.message);
      console.error(`threatmodel: ${message} (see threatmodel ${rawArgs[0]} --help)`);
      process.exit(2);
    }
    console.error("threatmodel: internal error:", error);
    process.exit(3);
  }
}

void run(process.argv.slice(2));
