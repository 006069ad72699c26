import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SimilarityIndex, jaccard, rarityOrder, tokenize } from "../../src/intel/similarity.js";

describe("statement similarity", () => {
  it("ignores case, punctuation, articles and template words", () => {
    expect(tokenize("An attacker can read the DB, which leads to loss")).toEqual([
      "attacker",
      "read",
      "db",
      "loss",
    ]);
    expect(jaccard(tokenize("A user can edit X"), new Set(tokenize("an USER can edit x!")))).toBe(1);
  });

  it("finds exactly the stored sets a brute-force scan finds", () => {
    const word = fc.constantFrom(
      ..."abcdefghijklmnopqrstuvwxyz".split("").map((c) => `w${c}`),
      "x1",
      "x2",
      "x3",
    );
    const set = fc.uniqueArray(word, { minLength: 1, maxLength: 24 });
    fc.assert(
      fc.property(
        fc.array(set, { minLength: 1, maxLength: 40 }),
        fc.array(set, { minLength: 1, maxLength: 10 }),
        fc.constantFrom(0.5, 0.8, 0.9),
        (stored, queries, threshold) => {
          const index = new SimilarityIndex<number>(threshold, () => rarityOrder([...stored, ...queries]));
          stored.forEach((tokens, i) => index.add(i, tokens));
          for (const query of queries) {
            const expected = stored
              .map((tokens, i) => ({ i, s: jaccard(query, new Set(tokens)) }))
              .filter((x) => x.s >= threshold)
              .map((x) => x.i)
              .sort((a, b) => a - b);
            const found = index.similar(query).map((h) => h.item);
            // An identical set short-cuts to that entry alone; otherwise every match is returned.
            if (
              found.length === 1 &&
              expected.includes(found[0]!) &&
              jaccard(query, new Set(stored[found[0]!]!)) === 1
            )
              continue;
            expect([...found].sort((a, b) => a - b)).toEqual(expected);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
