/**
 * A Dataset as it arrives from postMessage: structured clone keeps typed arrays over
 * SharedArrayBuffers as views of the same memory, so nothing is rebuilt; this checks the
 * shape and gives the value its type back.
 */
import type { Dataset, Split } from './dataset.js';
import { dataMessages } from './messages.js';

type ArrayClass = new (length: number) => ArrayBufferView;

const ARRAYS: [keyof Split, ArrayClass, (s: Split) => number][] = [
  ['pixels', Uint8Array, (s) => s.count * s.features],
  ['labels', Uint8Array, (s) => s.count],
  ['rowStart', Uint32Array, (s) => s.count + 1],
  ['index', Uint16Array, (s) => s.rowStart[s.count]],
  ['value', Uint8Array, (s) => s.rowStart[s.count]],
];

export function reviveDataset(obj: unknown): Dataset {
  const d = obj as Dataset;
  if (typeof obj !== 'object' || obj === null || typeof d.dir !== 'string') {
    throw new TypeError(dataMessages.notADataset(describe(obj)));
  }
  checkSplit(d.train, 'train');
  checkSplit(d.test, 'test');
  return d;
}

function checkSplit(split: Split | undefined, name: string): void {
  if (typeof split !== 'object' || split === null || !Number.isInteger(split.count)) {
    throw new TypeError(dataMessages.notADataset(`${name}: ${describe(split)}`));
  }
  for (const [key, Type, length] of ARRAYS) {
    const array = split[key] as unknown;
    if (!(array instanceof Type) || (array as Uint8Array).length !== length(split)) {
      throw new TypeError(dataMessages.notADataset(`${name}.${key}: ${describe(array)}`));
    }
  }
}

function describe(value: unknown): string {
  if (value === null || typeof value !== 'object') return String(value);
  const name = value.constructor?.name ?? 'Object';
  return ArrayBuffer.isView(value) ? `${name}(${(value as Uint8Array).length})` : name;
}
