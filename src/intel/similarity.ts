/**
 * Near-duplicate detection for threat statements: token-set Jaccard similarity over normalised words.
 * The index uses prefix filtering (tokens ordered by a fixed global order; two sets with Jaccard >= t
 * must share one of their first |A| - ceil(t*|A|) + 1 tokens), so a lookup inspects a few candidates
 * instead of every stored statement.
 */

const STOP = new Set([
  "a",
  "an",
  "the",
  "of",
  "to",
  "and",
  "or",
  "in",
  "on",
  "by",
  "for",
  "with",
  "can",
  "which",
  "leads",
  "resulting",
  "reduced",
  "negatively",
  "impacting",
]);

export function tokens(text: string): string[] {
  const words = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .split(" ")
    .filter((w) => w.length > 0 && !STOP.has(w));
  return [...new Set(words)].sort();
}

export function jaccard(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 && b.length === 0) return 1;
  const small = a.length <= b.length ? a : b;
  const large = new Set(a.length <= b.length ? b : a);
  let shared = 0;
  for (const token of small) if (large.has(token)) shared++;
  return shared / (a.length + b.length - shared);
}

export interface Indexed<T> {
  item: T;
  tokens: readonly string[];
}

export class SimilarityIndex<T> {
  private readonly byToken = new Map<string, Indexed<T>[]>();

  constructor(private readonly threshold: number) {}

  private prefix(sorted: readonly string[]): readonly string[] {
    const length = sorted.length - Math.ceil(this.threshold * sorted.length) + 1;
    return sorted.slice(0, Math.max(1, length));
  }

  add(item: T, text: string): void {
    const entry = { item, tokens: tokens(text) };
    for (const token of this.prefix(entry.tokens)) {
      const list = this.byToken.get(token);
      if (list) list.push(entry);
      else this.byToken.set(token, [entry]);
    }
  }

  /** Stored items at or above the threshold, best first; `accept` can rule candidates out. */
  similar(text: string, accept: (item: T) => boolean = () => true): { item: T; similarity: number }[] {
    const query = tokens(text);
    const seen = new Set<Indexed<T>>();
    const hits: { item: T; similarity: number }[] = [];
    for (const token of this.prefix(query)) {
      for (const entry of this.byToken.get(token) ?? []) {
        if (seen.has(entry)) continue;
        seen.add(entry);
        if (!accept(entry.item)) continue;
        const similarity = jaccard(query, entry.tokens);
        if (similarity >= this.threshold) hits.push({ item: entry.item, similarity });
      }
    }
    return hits.sort((a, b) => b.similarity - a.similarity);
  }
}
