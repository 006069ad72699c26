/**
 * An Aho-Corasick automaton over ASCII-case-folded UTF-16 code units: one pass over a file finds
 * every occurrence of every keyword of a language. Transitions are a dense table (states x 128),
 * so the inner loop is one array read per character.
 */
export interface KeywordAutomaton {
  readonly keywordCount: number;
  /** Calls `onHit(keywordIndex, endIndexExclusive)` for every occurrence. */
  scan(text: string, onHit: (keyword: number, end: number) => void): void;
}

const ALPHABET = 128;

function fold(code: number): number {
  return code >= 65 && code <= 90 ? code + 32 : code;
}

export function buildKeywordAutomaton(keywords: readonly string[]): KeywordAutomaton {
  // Trie construction.
  const goto: Int32Array[] = [new Int32Array(ALPHABET).fill(-1)];
  const outputs: number[][] = [[]];
  keywords.forEach((word, index) => {
    let state = 0;
    for (let i = 0; i < word.length; i++) {
      const c = fold(word.charCodeAt(i));
      if (c >= ALPHABET) throw new Error(`keyword ${JSON.stringify(word)} must be ASCII`);
      const row = goto[state]!;
      let next = row[c]!;
      if (next === -1) {
        next = goto.length;
        goto.push(new Int32Array(ALPHABET).fill(-1));
        outputs.push([]);
        row[c] = next;
      }
      state = next;
    }
    outputs[state]!.push(index);
  });

  // Breadth-first failure links, folded into a complete transition table.
  const stateCount = goto.length;
  const table = new Int32Array(stateCount * ALPHABET);
  const fail = new Int32Array(stateCount);
  const queue: number[] = [];
  for (let c = 0; c < ALPHABET; c++) {
    const next = goto[0]![c]!;
    if (next === -1) table[c] = 0;
    else {
      table[c] = next;
      fail[next] = 0;
      queue.push(next);
    }
  }
  for (let head = 0; head < queue.length; head++) {
    const state = queue[head]!;
    const failOut = outputs[fail[state]!]!;
    if (failOut.length > 0) outputs[state] = [...outputs[state]!, ...failOut];
    for (let c = 0; c < ALPHABET; c++) {
      const next = goto[state]![c]!;
      if (next === -1) table[state * ALPHABET + c] = table[fail[state]! * ALPHABET + c]!;
      else {
        table[state * ALPHABET + c] = next;
        fail[next] = table[fail[state]! * ALPHABET + c]!;
        queue.push(next);
      }
    }
  }
  // Upper-case letters share the lower-case transitions.
  for (let s = 0; s < stateCount; s++) {
    for (let c = 65; c <= 90; c++) table[s * ALPHABET + c] = table[s * ALPHABET + c + 32]!;
  }
  // Pre-multiply targets by the alphabet size so the scan loop is `state = table[state + c]`.
  for (let i = 0; i < table.length; i++) table[i] = table[i]! * ALPHABET;
  const hasOutput = new Uint8Array(stateCount);
  for (let s = 0; s < stateCount; s++) hasOutput[s] = outputs[s]!.length > 0 ? 1 : 0;

  return {
    keywordCount: keywords.length,
    scan(text, onHit) {
      let state = 0;
      const n = text.length;
      for (let i = 0; i < n; i++) {
        const c = text.charCodeAt(i);
        state = c < ALPHABET ? table[state + c]! : 0;
        if (hasOutput[state >> 7] === 1) {
          for (const k of outputs[state >> 7]!) onHit(k, i + 1);
        }
      }
    },
  };
}
