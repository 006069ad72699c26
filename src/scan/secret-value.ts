const PLACEHOLDER =
  /example|placeholder|changeme|change[_-]me|your[_-]|xxxx|\*\*\*|dummy|redacted|replace[_-]?me|todo|fixme|sample|<[^>]*>|\$\{|\{\{|^\$|^%|%s|^env:|^vault:|^arn:|^projects\//i;
const WORDS_ONLY = /^[A-Za-z]+(?:[-_. /][A-Za-z]+)*$/;

function entropy(value: string): number {
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/**
 * Whether a string literal assigned to a secret-looking name plausibly is a real credential rather
 * than a placeholder, a reference, a header name or an English word.
 */
export function looksLikeSecret(value: string): boolean {
  if (value.length < 6 || value.length > 512) return false;
  if (/\s/.test(value)) return false;
  if (PLACEHOLDER.test(value)) return false;
  // Identifiers and words, also with decoration around them ("?NonExpressionParenEnd", "<token>").
  if (WORDS_ONLY.test(value.replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, ""))) return false;
  if (/^(?:https?:\/\/|\.{0,2}\/)/.test(value)) return false;
  const hasDigit = /\d/.test(value);
  const hasSymbol = /[^A-Za-z0-9]/.test(value);
  const mixedCase = /[a-z]/.test(value) && /[A-Z]/.test(value);
  if (!hasDigit && !hasSymbol && !(mixedCase && value.length >= 16)) return false;
  return entropy(value) >= 2.5;
}
