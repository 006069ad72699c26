import { expect } from "vitest";
import type { TestSession } from "./client.js";
import { snapshotModel } from "./files.js";

/** Asserts a call is refused with a message matching `pattern` and that no model file changed. */
export async function expectRefused(
  session: TestSession,
  tool: string,
  args: Record<string, unknown>,
  pattern: RegExp,
): Promise<string> {
  const before = snapshotModel(session.root);
  const result = await session.call(tool, args);
  expect(result.isError, `${tool} should have been refused: ${result.text}`).toBe(true);
  expect(result.text).toMatch(pattern);
  expect(snapshotModel(session.root)).toEqual(before);
  return result.text;
}
