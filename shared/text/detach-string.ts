// Strings cut from a decoded piece of an artifact keep the whole piece alive in V8 (a slice of 13 characters or
// more is a view of its parent): a record that outlives the parse must hold copies, or a 500 MB trace stays in
// memory as text. Ref: V8 src/objects/string.h (SlicedString::kMinLength = 13).

/**
 * A copy of `text` that does not keep the string it was cut from alive: a property key is internalized, which
 * copies a slice into a flat string of its own (and kept strings compare and hash faster for it). Short slices are
 * copies already.
 */
export function detached(text: string): string {
  return text.length < 13 ? text : Object.keys({ [text]: 0 })[0];
}

/**
 * One copy per distinct string (comm names, skb addresses, argument values repeat across a trace): the first
 * occurrence is detached and kept, later ones return it. Past `limit` distinct strings it only detaches.
 */
export class StringInterner {
  private readonly known = new Map<string, string>();

  constructor(private readonly limit = 1_000_000) {}

  /** The kept copy of `text`. */
  intern(text: string): string {
    const hit = this.known.get(text);
    if (hit !== undefined) return hit;
    const copy = detached(text);
    if (this.known.size < this.limit) this.known.set(copy, copy);
    return copy;
  }
}
