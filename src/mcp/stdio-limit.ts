import { Transform, type Readable, type TransformCallback } from "node:stream";

/**
 * Passes newline-delimited messages through whole, one chunk per message, except a message
 * longer than `maxBytes`: it is dropped and `onOversize` gets its first bytes (to answer with an
 * error naming the request's id). Without this, the stdio reader joined a long message chunk by
 * chunk (quadratic: tens of seconds of blocked event loop for a 64 MB one), and a message over
 * its limit closed the transport, so the server never answered again.
 */
export function limitLines(
  input: Readable,
  maxBytes: number,
  onOversize: (head: Buffer, bytes: number) => void,
): Readable {
  let parts: Buffer[] = [];
  let length = 0;
  let dropping = false;
  let head: Buffer | undefined;
  const transform = new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      let start = 0;
      while (start < chunk.length) {
        const newline = chunk.indexOf(0x0a, start);
        const end = newline === -1 ? chunk.length : newline + 1;
        const piece = chunk.subarray(start, end);
        if (!dropping && length + piece.length - (newline === -1 ? 0 : 1) > maxBytes) {
          dropping = true;
          head = Buffer.concat([...parts, piece]).subarray(0, 4096);
          parts = [];
        }
        if (!dropping) parts.push(piece);
        length += piece.length;
        if (newline !== -1) {
          if (dropping) onOversize(head ?? Buffer.alloc(0), length);
          else this.push(parts.length === 1 ? parts[0] : Buffer.concat(parts));
          parts = [];
          length = 0;
          dropping = false;
          head = undefined;
        }
        start = end;
      }
      done();
    },
    flush(done: TransformCallback) {
      if (!dropping && parts.length > 0) this.push(Buffer.concat(parts));
      done();
    },
  });
  input.pipe(transform);
  return transform;
}

/** The id of a JSON-RPC request from the first bytes of its text, if it can be seen there. */
export function requestIdOf(head: Buffer): string | number | undefined {
  const match = /"id"\s*:\s*("(?:[^"\\]|\\.){0,200}"|-?\d{1,16})/.exec(head.toString("utf8"));
  if (!match) return undefined;
  try {
    return JSON.parse(match[1]!) as string | number;
  } catch {
    return undefined;
  }
}
