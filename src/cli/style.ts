import { styleText } from "node:util";

type Format = Parameters<typeof styleText>[0];

/** Colours for a stream: on for terminals, off when piped or when NO_COLOR is set (https://no-color.org). */
export function painter(stream: NodeJS.WriteStream = process.stdout) {
  const noColor = process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== "";
  const enabled = stream.isTTY === true && !noColor;
  // The decision is ours (per stream); styleText would otherwise re-check process.stdout.
  return (format: Format, text: string) =>
    enabled ? styleText(format, text, { validateStream: false }) : text;
}
