import { isModelError } from "../domain/errors.js";
import { invoke, type Operation } from "../ops/operation.js";
import { Project } from "../project.js";
import { EXIT, rootFrom } from "./project-root.js";

export function projectFrom(command: string, args: { project?: string | undefined }): Project {
  return new Project(rootFrom(command, args));
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
