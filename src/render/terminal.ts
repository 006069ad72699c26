/**
 * Control characters (which can move the cursor, rewrite the screen or set a terminal's title)
 * and bidirectional overrides (which make text display in another order than it reads).
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * One line of text from the repository or the model, made safe to print: every unsafe character
 * is shown as a `\uXXXX` escape, so a file name or a code line cannot inject terminal commands or
 * start a new output line.
 */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
