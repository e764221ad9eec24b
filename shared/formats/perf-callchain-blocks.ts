import type { Frame } from '../model/kernel-event';
import { detached } from '../text/detach-string';

// The callchain under a sample line repeats whole: the same nine lines under every drop at one site. Once read
// line by line, the lines are kept as one text; a later callchain is recognised by comparing the text right after
// its sample line with it (one memcmp, ~0.1 µs for 500 characters, against ~0.15 µs per line to look each line up),
// and its events share one array of frames. Only lines the fast path read as complete frames make up a block.

/** A run of callchain lines read before, with its frames. */
export interface CallchainBlock {
  /** The lines, each with its `\n`. */
  text: string;
  lines: number;
  /** The frames, leaf first: shared by every event that matched the block (never mutated). */
  stack: Frame[];
  /** completeEvent's location for a template's location under this callchain (perf-script-grammar locatedInStack). */
  located: Map<Frame, Frame>;
}

/** Blocks kept per file, and their text in characters: bounds for a trace of endless distinct callchains. */
const MAX_BLOCKS = 20_000;
const MAX_BLOCK_CHARS = 16_000_000;
/** Blocks remembered per sample template, most recent first. */
export const BLOCKS_PER_TEMPLATE = 4;

/** The blocks of one file, one per distinct text. */
export class CallchainBlocks {
  private readonly byText = new Map<string, CallchainBlock>();
  private chars = 0;

  /**
   * The block of `text`: the one made before, or a new one of a copy of `text` and `stack` (a copy of its frames),
   * or null past the bounds.
   */
  add(text: string, lines: number, stack: readonly Frame[]): CallchainBlock | null {
    const known = this.byText.get(text);
    if (known !== undefined) return known.lines === lines ? known : null;
    if (this.byText.size >= MAX_BLOCKS || this.chars + text.length > MAX_BLOCK_CHARS) return null;
    this.chars += text.length;
    const block: CallchainBlock = { text: detached(text), lines, stack: stack.slice(), located: new Map() };
    this.byText.set(block.text, block);
    return block;
  }
}

/**
 * The first of `blocks` whose text is at `text[at…]` as a whole callchain: followed, at or before `last` (the last
 * newline of the piece), by a blank line or a line that does not start with a blank (so not by one more frame).
 */
export function matchBlock(blocks: readonly CallchainBlock[], text: string, at: number, last: number): CallchainBlock | null {
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i];
    const end = at + b.text.length;
    if (end > last) continue;
    const next = text.charCodeAt(end);
    if (next === 0x20 || next === 0x09) continue;
    if (text.slice(at, end) === b.text) return b;
  }
  return null;
}

/** Puts `block` first in a most-recent-first list of at most BLOCKS_PER_TEMPLATE. */
export function rememberBlock(blocks: CallchainBlock[], block: CallchainBlock): void {
  const at = blocks.indexOf(block);
  if (at === 0) return;
  if (at > 0) blocks.splice(at, 1);
  blocks.unshift(block);
  if (blocks.length > BLOCKS_PER_TEMPLATE) blocks.pop();
}
