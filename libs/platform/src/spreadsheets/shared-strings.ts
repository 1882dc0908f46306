import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Bytes gathered before a write to the file, and read at once when a string is not in the last block read. */
const BLOCK = 64 * 1024;

/**
 * Strings kept in memory as well: those a row asks for behind the block being read, which are the
 * values that repeat on row after row (region codes, OPD names, stages, ya/tidak).
 */
const CACHE_SIZE = 4096;

/**
 * An XLSX file's table of shared strings, kept in a temporary file rather than in memory (issue 18).
 * The format keeps a cell's text apart from its row, in one table for the whole workbook, which
 * Excel and exceljs write after the sheet: a sheet of 100,000 rows of descriptions made a table of
 * hundreds of thousands of strings, all held until the last row. Here memory holds one offset per
 * string (8 bytes), a bounded cache and the last block read.
 *
 * The table lists strings in the order they first appear in the sheet, so each row asks for its new
 * strings just past the ones before: those come from the block, read forward a block at a time. A
 * string behind the block was met before and is likely to come again (an OPD's name): it is read on
 * its own and cached, and the block stays where the new strings are. Reading a 100,000-row file so
 * took about as long as with the table in memory; a read per cell took a third longer, and a cache of
 * every string read spent its time evicting the ones used once.
 *
 * Synchronous file calls on purpose: a block serves hundreds of cells, and an asynchronous read
 * would put a trip through libuv's thread pool between rows for a few kilobytes of a cached file.
 */
export class SharedStrings {
  private readonly dir = mkdtempSync(join(tmpdir(), `lumbung-shared-strings-${process.pid}-`));
  private readonly fd = openSync(join(this.dir, 'strings'), 'w+');
  /** Where each string starts in the file; the next one's start (or `size`) is where it ends. */
  private offsets: Float64Array = new Float64Array(1024);
  private count = 0;
  private size = 0;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private readonly cache = new Map<number, string>();
  /** The last block read: `blockLength` bytes of `block`, from `blockStart` in the file. */
  private block = Buffer.allocUnsafe(BLOCK);
  private blockStart = 0;
  private blockLength = 0;

  get length(): number {
    return this.count;
  }

  /** Appends the next string of the table (its index is the number of strings before it). */
  add(text: string): void {
    if (this.count === this.offsets.length) {
      const grown = new Float64Array(this.offsets.length * 2);
      grown.set(this.offsets);
      this.offsets = grown;
    }
    const bytes = Buffer.from(text, 'utf8');
    this.offsets[this.count++] = this.size;
    this.size += bytes.length;
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    if (this.pendingBytes >= BLOCK) this.flush();
  }

  /** The string at `index`, or '' for an index the table does not have (a damaged file). */
  get(index: number): string {
    const cached = this.cache.get(index);
    if (cached !== undefined) return cached;
    if (!Number.isInteger(index) || index < 0 || index >= this.count) return '';
    this.flush();
    const start = this.offsets[index];
    const end = index + 1 < this.count ? this.offsets[index + 1] : this.size;
    if (start >= this.blockStart) {
      if (end > this.blockStart + this.blockLength) this.readBlock(start, end);
      return this.block.toString('utf8', start - this.blockStart, end - this.blockStart);
    }
    const text = this.read(Buffer.allocUnsafe(end - start), start, end - start).toString('utf8');
    // The oldest out first: a string met again is one of a few that repeat, not worth ordering by use.
    if (this.cache.size >= CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(index, text);
    return text;
  }

  /** Removes the file; the table is unusable after. */
  close(): void {
    closeSync(this.fd);
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** The file from `start`, a block or the string if longer (up to the end of the file). */
  private readBlock(start: number, end: number): void {
    const length = Math.min(Math.max(BLOCK, end - start), this.size - start);
    if (this.block.length < length) this.block = Buffer.allocUnsafe(length);
    this.read(this.block, start, length);
    this.blockStart = start;
    this.blockLength = length;
  }

  private read(into: Buffer, start: number, length: number): Buffer {
    let read = 0;
    while (read < length) {
      const n = readSync(this.fd, into, read, length - read, start + read);
      if (n === 0) throw new Error(`The shared strings file ended at ${start + read} of ${this.size} bytes`);
      read += n;
    }
    return into.subarray(0, length);
  }

  private flush(): void {
    if (this.pendingBytes === 0) return;
    const chunk = Buffer.concat(this.pending, this.pendingBytes);
    let written = 0;
    while (written < chunk.length) written += writeSync(this.fd, chunk, written, chunk.length - written);
    this.pending = [];
    this.pendingBytes = 0;
  }
}
