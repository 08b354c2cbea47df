/**
 * Classes carried from a run's earlier evaluations to later ones (native/carry.h).
 *
 * Late in a run at a small learning rate the weights move little between evaluations, and
 * most images keep their class by a margin far wider than anything the move could close.
 * The screening kernels leave, for each image they settle, a certificate of its class: a
 * lower bound on its margin in exact arithmetic and an upper bound on its hidden units' sum,
 * both for the weights of that evaluation. A later evaluation bounds how far each image's
 * scores can have moved since, from the weights' change in 16 regions of the image, and an
 * image whose margin outlasts the move keeps its class without being summed at all.
 *
 * An image's certificate is bounded from the evaluation that wrote it (its anchor) to the
 * current weights, not evaluation by evaluation: while the weights wander, their distance from
 * an anchor grows slower than the sum of their moves, so a margin lasts longer. A ScoreCarry
 * keeps the weights of the last CARRY_ANCHORS evaluations that wrote certificates; an image
 * anchored at the oldest, which the current weights will replace, gets a certificate for
 * the current weights (its margin less the move) or is screened again.
 *
 * The classes, and so every result, are the same with a carry or without it; only the time changes.
 */
import type { SparseImages } from './floats.js';
import type { CallCarry } from './kernels/kernels.js';

/**
 * One slice's certificates, image by image in the slice's order, and the weights they are for;
 * and when to try them next. While the weights move fast (early in a run, or at a learning
 * rate that keeps them moving) few images settle, and a try costs more than it saves: after a
 * try that settles less than an eighth of the slice the next waits 1, 2, 4, ... up to 32
 * evaluations, and certificates are written only by the evaluation before a try.
 */
export interface ScoreCarry {
  /** By slot, the fused classifier's W1, b1, W2 and b2 in that order at an evaluation that wrote certificates; null where none stand. */
  anchors: (Float32Array | null)[];
  /** The slot the next evaluation's weights will be kept in: the oldest. */
  next: number;
  classes: Uint8Array;
  /** Each image's anchor: the slot its certificate is for. */
  anchor: Uint8Array;
  margin: Float32Array;
  reach: Float32Array;
  /** Evaluations to pass before the next try, and how many the next failed try makes it. */
  wait: number;
  backoff: number;
}

/** The longest wait between tries, in evaluations. */
const LONGEST_WAIT = 32;

/** Evaluations whose weights a carry keeps (native/carry.h's CARRY_ANCHORS). */
export const CARRY_ANCHORS = 4;

/** A carry for a slice of `size` images, with no certificates yet. */
export function emptyCarry(size: number): ScoreCarry {
  return {
    anchors: new Array<Float32Array | null>(CARRY_ANCHORS).fill(null), next: 0, classes: new Uint8Array(size), anchor: new Uint8Array(size),
    margin: new Float32Array(size).fill(-Infinity), reach: new Float32Array(size), wait: 0, backoff: 1,
  };
}

/** Whether any certificate stands. */
function anchored(carry: ScoreCarry): boolean {
  return carry.anchors.some((weights) => weights !== null);
}

/**
 * What this evaluation does with the carry: whether it settles images from the certificates
 * (`tries`) and whether it writes new ones (`writes`: the next evaluation will try them).
 */
export function carryTurn(carry: ScoreCarry): { tries: boolean; writes: boolean } {
  const tries = anchored(carry) && carry.wait === 0;
  if (!tries && carry.wait > 0) carry.wait--;
  return { tries, writes: tries || carry.wait === 0 };
}

/** After a try that settled `settled` of the slice's `size` images: when to try next. */
export function afterTry(carry: ScoreCarry, settled: number, size: number): void {
  if (settled * 8 >= size) {
    carry.backoff = 1;
    carry.wait = 0;
  } else {
    carry.wait = carry.backoff;
    carry.backoff = Math.min(2 * carry.backoff, LONGEST_WAIT);
  }
}

/**
 * After an evaluation that wrote every image's certificate (kept by the kernels): its weights
 * in the slot `next`, where the certificates it wrote are anchored, and the next slot the
 * oldest. After one that settled nothing from the certificates, every image is anchored there
 * and the other slots are let go.
 */
export function keepAnchor(carry: ScoreCarry, tried: boolean, weights: readonly Float32Array[], length: number): void {
  if (!tried) carry.anchors = carry.anchors.map((w, slot) => (slot === carry.next ? w : null));
  const kept = (carry.anchors[carry.next] ??= new Float32Array(length));
  let at = 0;
  for (const w of weights) {
    kept.set(w, at);
    at += w.length;
  }
  carry.next = (carry.next + 1) % CARRY_ANCHORS;
}

/** After an evaluation that did not keep the certificates: none stands. */
export function dropAnchors(carry: ScoreCarry): void {
  carry.anchors.fill(null);
}

/** Whether `carry` belongs to a slice of `size` images and weights of `weights` values (one sent by another thread may not). */
export function carryFits(carry: ScoreCarry | undefined, size: number, weights: number): carry is ScoreCarry {
  return carry !== undefined && carry.classes.length === size && carry.anchor.length === size && carry.margin.length === size
    && carry.reach.length === size && Array.isArray(carry.anchors) && carry.anchors.length === CARRY_ANCHORS
    && carry.anchors.every((w) => w === null || w.length === weights) && Number.isInteger(carry.next) && carry.next >= 0
    && carry.next < CARRY_ANCHORS && Number.isInteger(carry.wait) && carry.wait >= 0 && Number.isInteger(carry.backoff) && carry.backoff >= 1;
}

/** The buffers a carry holds, to hand to another thread without copying them. */
export function carryBuffers(carries: Record<string, ScoreCarry>): ArrayBuffer[] {
  return Object.values(carries).flatMap((c) => [...c.anchors, c.classes, c.anchor, c.margin, c.reach])
    .filter((a): a is Float32Array | Uint8Array => a !== null)
    .map((a) => a.buffer as ArrayBuffer);
}

/** The norm of each image's raw pixel values in each region (rounded up), and each feature's region. */
interface Regions {
  norms: Float32Array;
  regionOf: Uint8Array;
  count: number;
}

/** Regions per side of an image: 16 in all. */
const SIDE = 4;

const regionsOf = new WeakMap<SparseImages, Regions>();

/**
 * The regions of a set's images, computed once per thread: a 4 x 4 grid over images whose
 * width and height are known, else 16 bands of consecutive features.
 */
export function imageRegions(images: SparseImages & { width?: number; height?: number }): Regions {
  let regions = regionsOf.get(images);
  if (regions) return regions;
  const { features, rowStart, index, value } = images;
  const regionOf = new Uint8Array(features);
  const { width, height } = images;
  const grid = width !== undefined && height !== undefined && width * height === features;
  for (let p = 0; p < features; p++) {
    regionOf[p] = grid
      ? Math.floor((Math.floor(p / width) * SIDE) / height) * SIDE + Math.floor(((p % width) * SIDE) / width)
      : Math.floor((p * SIDE * SIDE) / features);
  }
  const count = SIDE * SIDE;
  const imageCount = rowStart.length - 1;
  const norms = new Float32Array(imageCount * count);
  const squares = new Float64Array(count);
  for (let i = 0; i < imageCount; i++) {
    squares.fill(0);
    // whole numbers: every sum of squares is exact
    for (let e = rowStart[i]; e < rowStart[i + 1]; e++) squares[regionOf[index[e]]] += value[e] * value[e];
    // enlarged by 2^-22, more than the square root's rounding and float32's
    for (let q = 0; q < count; q++) norms[i * count + q] = Math.sqrt(squares[q]) * (1 + 2 ** -22);
  }
  regions = { norms, regionOf, count };
  regionsOf.set(images, regions);
  return regions;
}

/** The kernel's view of images [from, from + n) of a slice's carry; `tries` false: its certificates are only written. */
export function callCarry(carry: ScoreCarry, tries: boolean, images: SparseImages, from: number, n: number): CallCarry {
  const { norms, regionOf, count } = tries ? imageRegions(images) : NO_REGIONS;
  return {
    anchors: tries ? carry.anchors : [],
    next: carry.next,
    classes: carry.classes.subarray(from, from + n),
    anchor: carry.anchor.subarray(from, from + n),
    margin: carry.margin.subarray(from, from + n),
    reach: carry.reach.subarray(from, from + n),
    regions: norms,
    regionOf,
    regionCount: count,
    images: images.rowStart.length - 1,
    kept: false,
    carried: 0,
  };
}

/** What a call that only writes certificates is given: no regions (the kernel reads them only to settle images). */
const NO_REGIONS: Regions = { norms: new Float32Array(0), regionOf: new Uint8Array(0), count: 0 };
