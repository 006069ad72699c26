export const FORMATS = ["md", "html", "tc", "dragon", "sarif", "mermaid", "svg"] as const;
export type Format = (typeof FORMATS)[number];

/** Stable file names under `.threatmodel/`: the same names on every export, so git shows real changes only. */
export const FILE_NAMES: Record<Format, string> = {
  md: "threat-model.md",
  html: "threat-model.html",
  tc: "threat-model.tc.json",
  dragon: "threat-model.dragon.json",
  sarif: "threat-model.sarif",
  mermaid: "threat-model.mmd",
  svg: "threat-model.svg",
};
