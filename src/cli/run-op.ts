import { isModelError } from "../domain/errors.js";
import { invoke, type Operation } from "../ops/operation.js";
import { Project } from "../project.js";
import { resolveProjectRoot } from "../store/paths.js";

/** Exit codes shared by the commands. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export function projectFrom(command: string, args: { project?: string | undefined }): Project {
  try {
    return new Project(resolveProjectRoot({ project: args.project }));
  } catch (error) {
    if (!isModelError(error)) throw error;
    console.error(`threatmodel ${command}: ${error.message}`);
    process.exit(EXIT.usage);
  }
}

/** Runs an operation for a command; a refusal is printed to stderr and exits with the usage code. */
export async function runOp<O>(command: string, project: Project, op: Operation, input: unknown): Promise<O> {
  try {
    return (await invoke(op, project.context(), input)) as O;
  } catch (error) {
    if (!isModelError(error)) throw error;
    console.error(`threatmodel ${command}: ${error.message}`);
    process.exit(EXIT.usage);
  }
}
