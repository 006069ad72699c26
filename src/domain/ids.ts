import { randomBytes, randomUUID } from "node:crypto";

// Crockford base32: no I, L, O, U, so ids read aloud and copy cleanly.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export const SHORT_ID_LENGTH = 6;

/**
 * A prefixed random id such as `C-7K2Q9M`. Random (not sequential) so that ids are never reused after
 * a delete and two git branches never mint the same id; `taken` guards against the 1-in-10^9 collision.
 */
export function newShortId(prefix: string, taken: (id: string) => boolean): string {
  for (;;) {
    const bytes = randomBytes(SHORT_ID_LENGTH);
    let suffix = "";
    for (const byte of bytes) suffix += ALPHABET[byte % 32];
    const id = `${prefix}-${suffix}`;
    if (!taken(id)) return id;
  }
}

export function newUuid(taken: (id: string) => boolean): string {
  for (;;) {
    const id = randomUUID();
    if (!taken(id)) return id;
  }
}
