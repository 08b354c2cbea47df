/**
 * Where a Dataset's typed arrays live. Every array sits in a SharedArrayBuffer so the whole
 * Dataset crosses postMessage to a worker without a copy. The default arena gives each array
 * its own buffer; a caller can pass one that carves arrays out of a shared WebAssembly.Memory.
 */
export interface Arena {
  /** byteLength bytes at a byteOffset that is a multiple of align (a power of two). */
  alloc(byteLength: number, align: number): { buffer: SharedArrayBuffer; byteOffset: number };
}

/** One new SharedArrayBuffer per array. */
export const defaultArena: Arena = {
  alloc: (byteLength) => ({ buffer: new SharedArrayBuffer(byteLength), byteOffset: 0 }),
};

type TypedArrayClass<T> = {
  new (buffer: SharedArrayBuffer, byteOffset: number, length: number): T;
  readonly BYTES_PER_ELEMENT: number;
};

/** A zero-filled typed array of `length` elements, allocated from the arena. */
export function allocArray<T>(arena: Arena, Type: TypedArrayClass<T>, length: number): T {
  const size = Type.BYTES_PER_ELEMENT;
  const { buffer, byteOffset } = arena.alloc(length * size, size);
  const array = new Type(buffer, byteOffset, length);
  return array;
}
