import { defineCommand, runMain, type CommandDef } from "citty";
import { VERSION } from "../version.js";

// Commands are imported on demand so `serve` starts without loading the rest of the CLI.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const COMMANDS: Record<string, () => Promise<CommandDef<any>>> = {
  serve: () => import("./commands/serve.js").then((m) => m.serveCommand),
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

void runMain(main, { rawArgs: withDefaultCommand(process.argv.slice(2)) });
