/**
 * The memory the WebAssembly and native kernels work in: one shared WebAssembly memory.
 * The main thread creates it and places the dataset in it; each worker attaches its
 * kernels to the same memory and takes its own region for its network by growing the
 * memory (growth is atomic, so regions never overlap).
 */
import type { Floats, Precision } from '../floats.js';
import { kernelMessages } from './messages.js';

const PAGE = 65536;
/** Each allocation is 16-byte aligned and followed by 16 bytes that vector reads may touch. */
const SLACK = 16;
/** Memory is taken from the shared memory in chunks of this many bytes. */
const CHUNK = 4 * 1024 * 1024;

/** A new shared memory for the kernels (up to 4 GiB of address space, taken as needed). */
export function createKernelMemory(): WebAssembly.Memory {
  return new WebAssembly.Memory({ initial: 1, maximum: 65536, shared: true });
}

/**
 * Bump allocation in regions ("chunks") of a shared memory; usable from any thread.
 * Each new chunk is at least twice the last, so a worker that releases its network
 * after every run soon has one chunk that holds a whole run, and stops growing.
 */
export class MemoryArena {
  private start = 0;
  private next = 0;
  private end = 0;

  constructor(readonly memory: WebAssembly.Memory) {}

  /** `byteLength` bytes at a 16-byte aligned address, with 16 bytes of slack after them. */
  alloc(byteLength: number, _align = 16): { buffer: SharedArrayBuffer; byteOffset: number } {
    const size = Math.ceil((byteLength + SLACK) / 16) * 16;
    if (this.next + size > this.end) {
      const bytes = Math.ceil(Math.max(CHUNK, 2 * (this.end - this.start), size) / PAGE) * PAGE;
      this.start = this.next = this.memory.grow(bytes / PAGE) * PAGE;
      this.end = this.start + bytes;
    }
    const byteOffset = this.next;
    this.next += size;
    return { buffer: this.memory.buffer as unknown as SharedArrayBuffer, byteOffset };
  }

  /** The arena's position, to release everything allocated after it. */
  mark(): { next: number; end: number } {
    return { next: this.next, end: this.end };
  }

  /** Frees everything allocated since `mark`; later allocations reuse the space. */
  release(mark: { next: number; end: number }): void {
    // in the same chunk: back to the mark; else the newest chunk holds only what is freed
    this.next = mark.end === this.end ? mark.next : this.start;
  }
}

/**
 * One thread's view of the kernels' memory: its arena, and the arrays it may hand to the
 * kernels by address (those it allocated, and those another thread placed and it adopted).
 */
export class KernelMemory {
  readonly arena: MemoryArena;
  private readonly ours = new WeakSet<ArrayBufferLike>();

  constructor(readonly memory: WebAssembly.Memory) {
    this.arena = new MemoryArena(memory);
  }

  /** Lets the kernels read arrays placed in their memory by another thread (the dataset). */
  adopt(...arrays: ArrayBufferView[]): void {
    for (const a of arrays) this.ours.add(a.buffer);
  }

  /** float32 arrays in the memory; float64 ones (which only the reference kernels take) outside it. */
  alloc(precision: Precision, length: number): Floats {
    if (precision === 'float64') return new Float64Array(length);
    const { buffer, byteOffset } = this.arena.alloc(length * 4);
    this.ours.add(buffer);
    return new Float32Array(buffer, byteOffset, length);
  }

  allocIndices(length: number): Int32Array {
    const { buffer, byteOffset } = this.arena.alloc(length * 4);
    this.ours.add(buffer);
    return new Int32Array(buffer, byteOffset, length);
  }

  /** The address of an array that lives in the kernels' memory. */
  at(a: ArrayBufferView): number {
    if (!this.ours.has(a.buffer)) throw new Error(kernelMessages.notInMemory);
    return a.byteOffset;
  }
}
