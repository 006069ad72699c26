import * as z from "zod";
import { EntityId } from "../domain/fields.js";

/** An optional tool parameter: may be omitted or null (the seed's clients send null for "not given"). */
export function opt<S extends z.ZodType>(schema: S) {
  return schema.nullish();
}

export const IdInput = z.strictObject({ id: EntityId.describe("Id of the entity") });
export const Cascade = z
  .boolean()
  .default(false)
  .describe(
    "Also remove or detach whatever still refers to it (otherwise refused with the list of referrers)",
  );
export const DeleteInput = z.strictObject({ id: EntityId.describe("Id of the entity"), cascade: Cascade });
export const NoInput = z.strictObject({});

type Defined<T> = { [K in keyof T]-?: Exclude<T[K], null | undefined> };

/** Keeps only the fields that were given (not undefined, not null). */
export function given<T extends object>(input: T): Partial<Defined<T>> {
  return Object.fromEntries(
    Object.entries(input).filter(([, v]) => v !== undefined && v !== null),
  ) as Partial<Defined<T>>;
}

/** Removes empty strings (an empty optional text means "no value") and undefined entries. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== "")) as T;
}

/** Applies an update: given fields replace, "" clears an optional text field, omitted fields stay. */
export function patch<T extends object>(current: T, changes: object): T {
  const next: Record<string, unknown> = { ...(current as Record<string, unknown>) };
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined || value === null) continue;
    if (value === "") delete next[key];
    else next[key] = value;
  }
  return next as T;
}
