/**
 * An Aho-Corasick automaton over ASCII-case-folded UTF-16 code units: one pass over a file finds
 * every occurrence of every keyword of a language. Characters are first mapped to classes (only
 * the characters that occur in keywords get their own class), and transitions are a dense
 * states x classes table, so the inner loop is two array reads per character and the tables stay
 * small enough for the CPU cache.
 */
export interface KeywordAutomaton {
  readonly keywordCount: number;
  /** Calls `onHit(keywordIndex, endIndexExclusive)` for every occurrence. */
  scan(text: string, onHit: (keyword: number, end: number) => void): void;
}

const ASCII = 128;

function fold(code: number): number {
  return code >= 65 && code <= 90 ? code + 32 : code;
}

export function buildKeywordAutomaton(keywords: readonly string[]): KeywordAutomaton {
  // Character classes: 0 for characters no keyword uses, then one per distinct (folded) character.
  const classOf = new Uint8Array(ASCII);
  let classes = 1;
  for (const word of keywords) {
    for (let i = 0; i < word.length; i++) {
      const c = fold(word.charCodeAt(i));
      if (c >= ASCII) throw new Error(`keyword ${JSON.stringify(word)} must be ASCII`);
      if (classOf[c] === 0) classOf[c] = classes++;
    }
  }
  for (let c = 65; c <= 90; c++) classOf[c] = classOf[c + 32]!;
  // Rows are a power of two wide so a pre-multiplied state maps back to its index with a shift.
  let shift = 0;
  while (1 << shift < classes) shift++;
  classes = 1 << shift;

  // Trie construction.
  const goto: Int32Array[] = [new Int32Array(classes).fill(-1)];
  const outputs: number[][] = [[]];
  keywords.forEach((word, index) => {
    let state = 0;
    for (let i = 0; i < word.length; i++) {
      const k = classOf[fold(word.charCodeAt(i))]!;
      const row = goto[state]!;
      let next = row[k]!;
      if (next === -1) {
        next = goto.length;
        goto.push(new Int32Array(classes).fill(-1));
        outputs.push([]);
        row[k] = next;
      }
      state = next;
    }
    outputs[state]!.push(index);
  });

  // Breadth-first failure links, folded into a complete transition table.
  const stateCount = goto.length;
  const table = new Int32Array(stateCount * classes);
  const fail = new Int32Array(stateCount);
  const queue: number[] = [];
  for (let k = 0; k < classes; k++) {
    const next = k === 0 ? -1 : goto[0]![k]!;
    if (next === -1) table[k] = 0;
    else {
      table[k] = next;
      fail[next] = 0;
      queue.push(next);
    }
  }
  for (let head = 0; head < queue.length; head++) {
    const state = queue[head]!;
    const failOut = outputs[fail[state]!]!;
    if (failOut.length > 0) outputs[state] = [...outputs[state]!, ...failOut];
    for (let k = 0; k < classes; k++) {
      const next = k === 0 ? -1 : goto[state]![k]!;
      if (next === -1) table[state * classes + k] = table[fail[state]! * classes + k]!;
      else {
        table[state * classes + k] = next;
        fail[next] = table[fail[state]! * classes + k]!;
        queue.push(next);
      }
    }
  }
  // Pre-multiply targets by the row width so the scan loop is `state = table[state + class]`.
  for (let i = 0; i < table.length; i++) table[i] = table[i]! * classes;
  const hasOutput = new Uint8Array(stateCount);
  for (let s = 0; s < stateCount; s++) hasOutput[s] = outputs[s]!.length > 0 ? 1 : 0;

  return {
    keywordCount: keywords.length,
    scan(text, onHit) {
      let state = 0;
      const n = text.length;
      for (let i = 0; i < n; i++) {
        const c = text.charCodeAt(i);
        state = table[state + (c < ASCII ? classOf[c]! : 0)]!;
        if (state !== 0 && hasOutput[state >> shift] === 1) {
          for (const k of outputs[state >> shift]!) onHit(k, i + 1);
        }
      }
    },
  };
}
