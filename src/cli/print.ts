/** Writes a command's result to stdout (logs and errors go to stderr). */
export function print(text: string): void {
  process.stdout.write(`${text}\n`);
}
