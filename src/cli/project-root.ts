import { isModelError } from "../domain/errors.js";
import { resolveProjectRoot } from "../store/paths.js";

/** Exit codes shared by the commands. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** The project root a command works on; a missing or unusable one is a usage error (exit 2). */
export function rootFrom(command: string, args: { project?: string | undefined }): string {
  try {
    return resolveProjectRoot({ project: args.project });
  } catch (error) {
    if (!isModelError(error)) throw error;
    console.error(`threatmodel ${command}: ${error.message}`);
    process.exit(EXIT.usage);
  }
}
