/**
 * CVSS 4.0 MacroVector scores (the FIRST reference lookup data: 270 equivalence classes).
 *
 * One row per EQ1+EQ2 prefix; each row lists its 45 classes in key order: EQ3 = 0 and 1, each with
 * EQ4 0..2 x EQ5 0..2 x EQ6 0..1 (36 values), then EQ3 = 2 with EQ4 0..2 x EQ5 0..2 (EQ6 is always 1: 9).
 */
const ROWS: Record<string, readonly number[]> = {
  "00": [
    10, 9.9, 9.8, 9.5, 9.5, 9.2, 10, 9.6, 9.3, 8.7, 9.1, 8.1, 9.3, 9, 8.9, 8, 8.1, 6.8, 9.8, 9.5, 9.5, 9.2, 9,
    8.4, 9.3, 9.2, 8.9, 8.1, 8.1, 6.5, 8.8, 8, 7.8, 7, 6.9, 4.8, 9.2, 8.2, 7.2, 7.9, 6.9, 5, 6.9, 5.5, 2.7,
  ],
  "01": [
    9.9, 9.7, 9.5, 9.2, 9.2, 8.5, 9.5, 9.1, 9, 8.3, 8.4, 7.1, 9.2, 8.1, 8.2, 7.1, 7.2, 5.3, 9.5, 9.3, 9.2,
    8.5, 8.5, 7.3, 9.2, 8.2, 8, 7.2, 7, 5.9, 8.4, 7, 7.1, 5.2, 5, 3, 8.6, 7.5, 5.2, 7.1, 5.2, 2.9, 6.3, 2.9,
    1.7,
  ],
  "10": [
    9.8, 9.5, 9.4, 8.7, 9.1, 8.1, 9.4, 8.9, 8.6, 7.4, 7.7, 6.4, 8.7, 7.5, 7.4, 6.3, 6.3, 4.9, 9.4, 8.9, 8.8,
    7.7, 7.6, 6.7, 8.6, 7.6, 7.4, 5.8, 5.9, 5, 7.2, 5.7, 5.7, 5.2, 5.2, 2.5, 8.3, 7, 5.4, 6.5, 5.8, 2.6, 5.3,
    2.1, 1.3,
  ],
  "11": [
    9.5, 9, 8.8, 7.6, 7.6, 7, 9, 7.7, 7.5, 6.2, 6.1, 5.3, 7.7, 6.6, 6.8, 5.9, 5.2, 3, 8.9, 7.8, 7.6, 6.7, 6.2,
    5.8, 7.4, 5.9, 5.7, 5.7, 4.7, 2.3, 6.1, 5.2, 5.7, 2.9, 2.4, 1.6, 7.1, 5.9, 3, 5.8, 2.6, 1.5, 2.3, 1.3,
    0.6,
  ],
  "20": [
    9.3, 8.7, 8.6, 7.2, 7.5, 5.8, 8.6, 7.4, 7.4, 6.1, 5.6, 3.4, 7, 5.4, 5.2, 4, 4, 2.2, 8.5, 7.5, 7.4, 5.5,
    6.2, 5.1, 7.2, 5.7, 5.5, 4.1, 4.6, 1.9, 5.3, 3.6, 3.4, 1.9, 1.9, 0.8, 6.4, 5.1, 2, 4.7, 2.1, 1.1, 2.4,
    0.9, 0.4,
  ],
  "21": [
    8.8, 7.5, 7.3, 5.3, 6, 5, 7.3, 5.5, 5.9, 4, 4.1, 2, 5.4, 4.3, 4.5, 2.2, 2, 1.1, 7.5, 5.5, 5.8, 4.5, 4,
    2.1, 6.1, 5.1, 4.8, 1.8, 2, 0.9, 4.6, 1.8, 1.7, 0.7, 0.8, 0.2, 5.3, 2.4, 1.4, 2.4, 1.2, 0.5, 1, 0.3, 0.1,
  ],
};

function buildLookup(): ReadonlyMap<string, number> {
  const table = new Map<string, number>();
  for (const [prefix, values] of Object.entries(ROWS)) {
    let i = 0;
    for (const eq3 of [0, 1]) {
      for (const eq4 of [0, 1, 2]) {
        for (const eq5 of [0, 1, 2]) {
          for (const eq6 of [0, 1]) table.set(`${prefix}${eq3}${eq4}${eq5}${eq6}`, values[i++]!);
        }
      }
    }
    for (const eq4 of [0, 1, 2]) {
      for (const eq5 of [0, 1, 2]) table.set(`${prefix}2${eq4}${eq5}1`, values[i++]!);
    }
    if (i !== values.length)
      throw new Error(`CVSS 4.0 lookup row ${prefix} has ${values.length} values, expected ${i}`);
  }
  return table;
}

/** MacroVector ("EQ1..EQ6" digits) to its score. */
export const CVSS40_LOOKUP = buildLookup();

type Partial14 = Readonly<Record<string, string>>;
const v = (text: string): Partial14 =>
  Object.fromEntries(text.split("/").map((pair) => pair.split(":") as [string, string]));

/** The highest-severity vectors of each equivalence class (reference data), per EQ and level. */
export const MAX_COMPOSED = {
  eq1: [
    ["AV:N/PR:N/UI:N"],
    ["AV:A/PR:N/UI:N", "AV:N/PR:L/UI:N", "AV:N/PR:N/UI:P"],
    ["AV:P/PR:N/UI:N", "AV:A/PR:L/UI:P"],
  ].map((level) => level.map(v)),
  eq2: [["AC:L/AT:N"], ["AC:H/AT:N", "AC:L/AT:P"]].map((level) => level.map(v)),
  /** Indexed by EQ3 then EQ6 (EQ3 = 2 only exists with EQ6 = 1). */
  eq3eq6: [
    [["VC:H/VI:H/VA:H/CR:H/IR:H/AR:H"], ["VC:H/VI:H/VA:L/CR:M/IR:M/AR:H", "VC:H/VI:H/VA:H/CR:M/IR:M/AR:M"]],
    [
      ["VC:L/VI:H/VA:H/CR:H/IR:H/AR:H", "VC:H/VI:L/VA:H/CR:H/IR:H/AR:H"],
      [
        "VC:L/VI:H/VA:L/CR:H/IR:M/AR:H",
        "VC:L/VI:H/VA:H/CR:H/IR:M/AR:M",
        "VC:H/VI:L/VA:H/CR:M/IR:H/AR:M",
        "VC:H/VI:L/VA:L/CR:M/IR:H/AR:H",
        "VC:L/VI:L/VA:H/CR:H/IR:H/AR:M",
      ],
    ],
    [[], ["VC:L/VI:L/VA:L/CR:H/IR:H/AR:H"]],
  ].map((byEq6) => byEq6.map((level) => level.map(v))),
  eq4: [["SC:H/SI:S/SA:S"], ["SC:H/SI:H/SA:H"], ["SC:L/SI:L/SA:L"]].map((level) => level.map(v)),
  eq5: [["E:A"], ["E:P"], ["E:U"]].map((level) => level.map(v)),
};

/** Depth of each equivalence class, in severity steps (reference data). */
export const MAX_SEVERITY = {
  eq1: [1, 4, 5],
  eq2: [1, 2],
  eq3eq6: [
    [7, 6],
    [8, 8],
    [Number.NaN, 10],
  ],
  eq4: [6, 5, 4],
};
