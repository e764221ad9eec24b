import type { UintColumn } from '../model/packet-table';

const BLOCK = 65536;

/**
 * Each row's flow id (or none) for one capture, one array per 64 Ki-row block at the width the ids need: most
 * captures hold fewer than 65 535 flows, so 2 bytes a row instead of 4 (a 2 GB capture has ~15 M rows).
 * Fill a block with `begin` / `set` / `end`, in block order; ids are stored + 1 so that 0 means "no flow".
 */
export class RowFlows {
  private readonly blocks: UintColumn[] = [];
  private readonly scratch = new Uint32Array(BLOCK);
  private length = 0;
  private highest = 0;

  begin(length: number): void {
    this.length = length;
    this.highest = 0;
    this.scratch.fill(0, 0, length);
  }

  set(i: number, flow: number): void {
    this.scratch[i] = flow + 1;
    if (flow + 1 > this.highest) this.highest = flow + 1;
  }

  end(): void {
    const n = this.length;
    const column = this.highest < 256 ? new Uint8Array(n) : this.highest < 65536 ? new Uint16Array(n) : new Uint32Array(n);
    column.set(this.scratch.subarray(0, n));
    this.blocks.push(column);
  }

  /** The flow ids of block `b` (+ 1; 0 for rows of no flow). */
  block(b: number): UintColumn {
    return this.blocks[b];
  }

  /** The flow of `row`, or -1. */
  flowOf(row: number): number {
    return this.blocks[row >>> 16][row & (BLOCK - 1)] - 1;
  }
}
