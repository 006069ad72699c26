/**
 * Replaces secret values in a snippet with `[redacted]`: private-key blocks, well-known token
 * formats, credentials in URLs, and literals assigned to secret-looking names.
 */
const REDACTED = "[redacted]";

const SECRET_NAME = String.raw`(?:pass(?:word|wd|phrase)?|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|client[_-]?secret|credentials?|auth)`;

const REPLACEMENTS: ReadonlyArray<[RegExp, string]> = [
  [/-----BEGIN ((?:[A-Z]+ )*)PRIVATE KEY-----.*/g, `-----BEGIN $1PRIVATE KEY----- ${REDACTED}`],
  [/\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, REDACTED],
  [/\bgh[pousr]_[A-Za-z0-9]{20,}\b/g, REDACTED],
  [/\bgithub_pat_[A-Za-z0-9_]{20,}\b/g, REDACTED],
  [/\bxox[abprs]-[A-Za-z0-9-]{10,}/g, REDACTED],
  [/\b[rs]k_(?:live|test)_[A-Za-z0-9]{10,}/g, REDACTED],
  [/\bAIza[0-9A-Za-z_-]{30,}/g, REDACTED],
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, REDACTED],
  // scheme://user:password@host
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^:/\s"'@]+:)[^@\s"'/]+@/gi, `$1${REDACTED}@`],
  // name = "value", name: 'value', "name" => "value", name := "value"
  [
    new RegExp(
      String.raw`(\b\w*${SECRET_NAME}\w*(?:["']\]?|\])?\s*(?:=>|:=|(?<![=!<>])[:=](?![=>]))\s*[a-zA-Z]?["'\x60])([^"'\x60]+)(["'\x60])`,
      "gi",
    ),
    `$1${REDACTED}$3`,
  ],
  // unquoted NAME=value / name: value (env files, Dockerfiles, YAML)
  [
    new RegExp(
      String.raw`(\b\w*${SECRET_NAME}\w*\s*(?<![=!<>])[:=](?![=>])\s*)([^\s"'\x60$\{\[(<=][^\s"'\x60(\[),;]*)(?=\s|$)`,
      "gim",
    ),
    `$1${REDACTED}`,
  ],
  // long random-looking quoted literals
  [/(["'])(?=[A-Za-z0-9+/_=-]{32,}\1)(?=[^"']*\d)(?=[^"']*[A-Za-z])[A-Za-z0-9+/_=-]+\1/g, `$1${REDACTED}$1`],
];

export function redactSecrets(text: string): string {
  let out = text;
  for (const [pattern, replacement] of REPLACEMENTS) out = out.replace(pattern, replacement);
  return out;
}
