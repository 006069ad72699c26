/** Machine-readable reason for a refused operation. */
export type ModelErrorCode =
  | "invalid_input"
  | "not_found"
  | "conflict"
  | "referenced"
  | "quarantined"
  | "path_outside_root"
  | "locked"
  | "unsupported";

export interface Referrer {
  kind: string;
  id: string;
  field: string;
}

export interface ModelErrorDetails {
  field?: string;
  value?: unknown;
  allowed?: readonly string[];
  referrers?: readonly Referrer[];
}

/** The one error type of the domain: every refusal an operation makes is one of these. */
export class ModelError extends Error {
  readonly code: ModelErrorCode;
  readonly details: ModelErrorDetails;

  constructor(code: ModelErrorCode, message: string, details: ModelErrorDetails = {}) {
    super(message);
    this.name = "ModelError";
    this.code = code;
    this.details = details;
  }
}

export function isModelError(error: unknown): error is ModelError {
  return error instanceof ModelError;
}

/** A short, safe rendering of a user-supplied value for error messages (never echoes huge input). */
export function showValue(value: unknown): string {
  if (typeof value === "string") {
    if (value.length > 60)
      return `a ${value.length}-character string starting ${JSON.stringify(value.slice(0, 40))}`;
    return JSON.stringify(value);
  }
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (value === null) return "null";
  if (typeof value === "object") return "an object";
  return String(value);
}
