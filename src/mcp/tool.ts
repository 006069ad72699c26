import * as z from "zod";
import type { ToolAnnotations } from "@modelcontextprotocol/server";
import type { Operation } from "../ops/operation.js";

export type ToolCategory =
  | "business-context"
  | "assumptions"
  | "architecture"
  | "threat-actors"
  | "trust-boundaries"
  | "assets-flows"
  | "threats"
  | "mitigations"
  | "data-models"
  | "methodology"
  | "validation"
  | "export"
  | "intelligence"
  | "model";

/**
 * A tool as data: its contract (name, schemas, annotations), the one operation it calls, and how
 * the operation's result is shaped for `structuredContent` and rendered as text.
 */
export interface ToolDeclaration<I extends z.ZodType = z.ZodType, O = unknown> {
  name: string;
  title: string;
  description: string;
  category: ToolCategory;
  op: Operation<I, O>;
  output: z.ZodObject;
  annotations: ToolAnnotations;
  /** Structured content (must match `output`). */
  shape(result: O, input: z.output<I>): Record<string, unknown>;
  /** Short text for clients that only read text content. */
  render(result: O, input: z.output<I>): string;
}

// Declarations are kept in heterogeneous lists; the registration loop only needs the erased shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyTool = ToolDeclaration<any, any>;

export function defineTool<I extends z.ZodType, O>(
  declaration: ToolDeclaration<I, O>,
): ToolDeclaration<I, O> {
  return declaration;
}

/** Annotation presets: every tool is closed-world (no network, nothing outside the project). */
// Hints left out take the spec defaults (readOnlyHint false, idempotentHint false).
export const READ: ToolAnnotations = { readOnlyHint: true, openWorldHint: false };
export const CREATE: ToolAnnotations = { destructiveHint: false, openWorldHint: false };
export const UPDATE: ToolAnnotations = { destructiveHint: false, idempotentHint: true, openWorldHint: false };
export const DESTROY: ToolAnnotations = { destructiveHint: true, idempotentHint: true, openWorldHint: false };

/** Output schemas stay shallow: entity objects are described by `get_data_model_types` and the docs, not repeated per tool. */
export const EntityOut = z.looseObject({});
export const DeleteOut = z.object({
  deleted: z.array(z.object({ kind: z.string(), id: z.string() })),
  detached: z.array(z.object({ kind: z.string(), id: z.string(), field: z.string() })),
});
