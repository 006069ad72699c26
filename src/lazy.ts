import { createRequire } from "node:module";

const requireFromHere = createRequire(import.meta.url);

/**
 * A dependency loaded on first use: `serve` answers `initialize` without paying for parsers and
 * matchers that only scans, imports and library calls need (start-up time is benchmarked).
 */
export function lazy<T>(id: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= requireFromHere(id) as T);
}

export const yaml = lazy<typeof import("yaml")>("yaml");
export const picomatch = lazy<typeof import("picomatch")>("picomatch");
export const ignore = lazy<typeof import("ignore")>("ignore");
