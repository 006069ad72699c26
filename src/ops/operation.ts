import type * as z from "zod";
import type { Draft, ModelReader } from "../domain/model.js";
import { parseOrThrow } from "../domain/validate.js";
import type { ModelStore } from "../store/store.js";

export interface Progress {
  progress: number;
  total?: number;
  message?: string;
}

/** What an operation may use besides its input. */
export interface OpContext {
  store: ModelStore;
  signal?: AbortSignal;
  onProgress?: (progress: Progress) => void;
}

/** Changes the model: validates and records changes on a draft; the store makes them durable. */
export interface Mutation<I extends z.ZodType, O> {
  kind: "mutation";
  input: I;
  apply(draft: Draft, input: z.output<I>): O;
}

/** Reads the model. */
export interface Query<I extends z.ZodType, O> {
  kind: "query";
  input: I;
  query(model: ModelReader, input: z.output<I>): O;
}

/** Anything else (scans, exports, imports): free to use the store and the file system. */
export interface Task<I extends z.ZodType, O> {
  kind: "task";
  input: I;
  run(ctx: OpContext, input: z.output<I>): Promise<O>;
}

export type Operation<I extends z.ZodType = z.ZodType, O = unknown> =
  Mutation<I, O> | Query<I, O> | Task<I, O>;

export const mutation = <I extends z.ZodType, O>(
  input: I,
  apply: Mutation<I, O>["apply"],
): Mutation<I, O> => ({
  kind: "mutation",
  input,
  apply,
});
export const query = <I extends z.ZodType, O>(input: I, fn: Query<I, O>["query"]): Query<I, O> => ({
  kind: "query",
  input,
  query: fn,
});
export const task = <I extends z.ZodType, O>(input: I, run: Task<I, O>["run"]): Task<I, O> => ({
  kind: "task",
  input,
  run,
});

/** Runs an operation whose input has already been parsed by its schema. */
export function execute<I extends z.ZodType, O>(
  op: Operation<I, O>,
  ctx: OpContext,
  input: z.output<I>,
): Promise<O> {
  switch (op.kind) {
    case "mutation":
      return ctx.store.mutate((draft) => op.apply(draft, input));
    case "query":
      return ctx.store.read((model) => op.query(model, input));
    case "task":
      return op.run(ctx, input);
  }
}

/** Parses raw input (from the CLI or a test), then runs the operation. */
export function invoke<I extends z.ZodType, O>(
  op: Operation<I, O>,
  ctx: OpContext,
  raw: unknown,
): Promise<O> {
  return execute(op, ctx, parseOrThrow(op.input, raw ?? {}));
}
