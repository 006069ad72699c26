/** Stable orderings for listings (names first, ids to break ties). */
export const byName = (a: { name: string; id: string }, b: { name: string; id: string }) =>
  a.name.localeCompare(b.name) || a.id.localeCompare(b.id);

export const byNumericId = (a: { numericId: number }, b: { numericId: number }) => a.numericId - b.numericId;

export const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
