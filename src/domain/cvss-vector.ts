import { showValue } from "./errors.js";

/** Parsing and rating shared by CVSS 3.1 and 4.0. */
export type CvssSeverity = "None" | "Low" | "Medium" | "High" | "Critical";

export interface CvssScore {
  version: "3.1" | "4.0";
  /** The vector with its metrics in the specification's order. */
  vector: string;
  score: number;
  severity: CvssSeverity;
}

export class CvssError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CvssError";
  }
}

/** Qualitative rating shared by CVSS 3.1 and 4.0. */
export function cvssSeverity(score: number): CvssSeverity {
  if (score === 0) return "None";
  if (score < 4) return "Low";
  if (score < 7) return "Medium";
  if (score < 9) return "High";
  return "Critical";
}

export interface MetricSpec {
  key: string;
  values: readonly string[];
  required: boolean;
}

/**
 * Splits `PREFIX/K:V/K:V...` into metrics, checking the prefix, known keys and values, duplicates and
 * required metrics. Returns the metrics and the vector rewritten in the specification's order.
 */
export function parseVector(
  vector: string,
  prefix: string,
  specs: readonly MetricSpec[],
): { metrics: Map<string, string>; normalized: string } {
  const text = vector.trim();
  const parts = text.split("/");
  if (parts[0] !== prefix) {
    throw new CvssError(`${showValue(vector)} must start with "${prefix}/"`);
  }
  const byKey = new Map(specs.map((s) => [s.key, s]));
  const metrics = new Map<string, string>();
  for (const part of parts.slice(1)) {
    const colon = part.indexOf(":");
    const key = colon > 0 ? part.slice(0, colon) : part;
    const value = colon > 0 ? part.slice(colon + 1) : "";
    const spec = byKey.get(key);
    if (!spec || colon <= 0) {
      throw new CvssError(
        `${showValue(part)} is not a ${prefix} metric; known: ${specs.map((s) => s.key).join(", ")}`,
      );
    }
    if (!spec.values.includes(value)) {
      throw new CvssError(`${key}:${value} is not allowed; ${key} takes ${spec.values.join(", ")}`);
    }
    if (metrics.has(key)) throw new CvssError(`metric ${key} appears twice`);
    metrics.set(key, value);
  }
  const missing = specs.filter((s) => s.required && !metrics.has(s.key)).map((s) => s.key);
  if (missing.length > 0) throw new CvssError(`missing required metric(s) ${missing.join(", ")}`);
  const normalized = [
    prefix,
    ...specs.filter((s) => metrics.has(s.key)).map((s) => `${s.key}:${metrics.get(s.key)}`),
  ].join("/");
  return { metrics, normalized };
}
