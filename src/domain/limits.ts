/** Length limits, aligned with Threat Composer's constants so exports always validate. */
export const LIMITS = {
  tag: 30,
  smallText: 50,
  grammarField: 200,
  name: 200,
  statement: 1400,
  content: 1000,
  shortText: 2000,
  description: 10_000,
  markdown: 100_000,
  listItems: 500,
  configurationBytes: 20_000,
  /** Nesting levels of free-form JSON (configuration, metadata). */
  jsonDepth: 32,
} as const;
