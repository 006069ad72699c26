/**
 * Near-duplicate detection for threat statements: token-set Jaccard similarity over normalised words
 * (template words and articles ignored). The index uses prefix filtering: with every token set sorted
 * by one global order, two sets with Jaccard >= t must share one of their first |A| - ceil(t*|A|) + 1
 * tokens. Ordering rarest-first (document frequency over the corpus at hand) puts element names in
 * the prefixes, so a lookup inspects a handful of candidates instead of every stored statement.
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

/** Distinct normalised words (lower-case letters and digits) of a text, unsorted. */
export function tokenize(text: string): string[] {
  const out = new Set<string>();
  const lower = text.toLowerCase();
  let start = -1;
  for (let i = 0; i <= lower.length; i++) {
    const c = i < lower.length ? lower.charCodeAt(i) : 32;
    const word = (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
    if (word && start < 0) start = i;
    else if (!word && start >= 0) {
      const token = lower.slice(start, i);
      if (!STOP.has(token)) out.add(token);
      start = -1;
    }
  }
  return [...out];
}

/** Jaccard similarity of two token sets (`b` given as a Set). */
export function jaccard(a: readonly string[], b: ReadonlySet<string>): number {
  if (a.length === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const token of a) if (b.has(token)) shared++;
  return shared / (a.length + b.size - shared);
}

/** Token order for prefix filtering: rarest first across `documents`, ties alphabetical. */
export function rarityOrder(documents: Iterable<readonly string[]>): Map<string, number> {
  const frequency = new Map<string, number>();
  for (const tokens of documents) for (const t of tokens) frequency.set(t, (frequency.get(t) ?? 0) + 1);
  const sorted = [...frequency.keys()].sort(
    (a, b) => frequency.get(a)! - frequency.get(b)! || (a < b ? -1 : 1),
  );
  return new Map(sorted.map((t, i) => [t, i]));
}

const exactKey = (tokens: readonly string[]) => [...tokens].sort().join(" ");

interface Entry<T> {
  item: T;
  tokens: ReadonlySet<string>;
  /** Number of the last lookup that inspected this entry (saves a visited-set per lookup). */
  seenBy: number;
}

export class SimilarityIndex<T> {
  private readonly byToken = new Map<string, Entry<T>[]>();
  /** Entries by their exact token set: identical statements are found without scanning candidates. */
  private readonly exact = new Map<string, Entry<T>[]>();
  private lookups = 0;
  /** Entries not yet in the prefix index (built on the first lookup that needs it). */
  private pending: Entry<T>[] = [];
  private order: ReadonlyMap<string, number> | undefined;

  /** `order` ranks every token that will be added or queried (see rarityOrder); computed when first needed. */
  constructor(
    private readonly threshold: number,
    private readonly makeOrder: () => ReadonlyMap<string, number>,
  ) {}

  private sorted(tokens: readonly string[]): string[] {
    const order = (this.order ??= this.makeOrder());
    const rank = (t: string) => order.get(t) ?? Number.MAX_SAFE_INTEGER;
    return [...tokens].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : 1));
  }

  private prefixLength(size: number): number {
    return Math.max(1, size - Math.ceil(this.threshold * size) + 1);
  }

  add(item: T, tokens: readonly string[]): void {
    const entry: Entry<T> = { item, tokens: new Set(tokens), seenBy: -1 };
    const key = exactKey(tokens);
    const same = this.exact.get(key);
    if (same) same.push(entry);
    else this.exact.set(key, [entry]);
    this.pending.push(entry);
  }

  private flush(): void {
    for (const entry of this.pending) {
      const sorted = this.sorted([...entry.tokens]);
      for (const token of sorted.slice(0, this.prefixLength(sorted.length))) {
        const list = this.byToken.get(token);
        if (list) list.push(entry);
        else this.byToken.set(token, [entry]);
      }
    }
    this.pending = [];
  }

  /** Stored items at or above the threshold, best first; `accept` can rule candidates out. */
  similar(
    tokens: readonly string[],
    accept: (item: T) => boolean = () => true,
  ): { item: T; similarity: number }[] {
    const identical = this.exact.get(exactKey(tokens))?.find((entry) => accept(entry.item));
    if (identical) return [{ item: identical.item, similarity: 1 }];
    this.flush();
    const lookup = this.lookups++;
    const query = this.sorted(tokens);
    const t = this.threshold;
    const hits: { item: T; similarity: number }[] = [];
    for (const token of query.slice(0, this.prefixLength(query.length))) {
      for (const entry of this.byToken.get(token) ?? []) {
        if (entry.seenBy === lookup) continue;
        entry.seenBy = lookup;
        const size = entry.tokens.size;
        // Length filter: sets this different in size cannot reach the threshold.
        if (size < t * query.length || query.length < t * size) continue;
        if (!accept(entry.item)) continue;
        // Overlap needed for Jaccard >= t; rare tokens come first, so misses show up early.
        const needed = Math.ceil((t / (1 + t)) * (query.length + size) - 1e-9);
        const allowedMisses = query.length - needed;
        let shared = 0;
        let missed = 0;
        for (const q of query) {
          if (entry.tokens.has(q)) shared++;
          else if (++missed > allowedMisses) break;
        }
        if (missed > allowedMisses) continue;
        const similarity = shared / (query.length + size - shared);
        if (similarity >= t) hits.push({ item: entry.item, similarity });
      }
    }
    return hits.sort((a, b) => b.similarity - a.similarity);
  }
}
