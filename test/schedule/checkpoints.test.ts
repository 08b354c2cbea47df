import { describe, expect, it } from 'vitest';
import type { TrainCheckpoint } from '../../src/core/train.js';
import { checkpointMessages as m } from '../../src/schedule/checkpoint-messages.js';
import { decodeCheckpoint, encodeCheckpoint } from '../../src/schedule/checkpoints.js';
import type { PlannedRun } from '../../src/spec/types.js';

const run = { id: 't000', hash: 'abc123', values: {}, config: { training: { iterations: 100 } } } as unknown as PlannedRun;

const checkpoint: TrainCheckpoint = {
  iteration: 3,
  tensors: [Float32Array.of(1.5, -2, Math.fround(0.1)), Float64Array.of(Math.PI, -0)],
  optimizer: { step: 3, slots: [[Float32Array.of(0.25, 0.5, 1)], [Float64Array.of(1e-300, 2)]] },
  random: [1, 4294967295, 0.123456789012345],
  sampler: { order: [2, 0, 1], next: 1 },
  losses: Float64Array.of(2.3, 2.1, 1.9),
  evaluations: [{ iteration: 0, epoch: 0, accuracy: { validation: 0.1 } }],
  divergence: { limit: 4.6, above: 0 },
};

describe('a checkpoint file', () => {
  it('reads back exactly what was saved: every array bit for bit, its kind kept', () => {
    const back = decodeCheckpoint(encodeCheckpoint(run.hash, checkpoint), run);
    expect(back).toEqual(checkpoint);
    expect((back as TrainCheckpoint).tensors[0]).toBeInstanceOf(Float32Array);
    expect(Object.is((back as TrainCheckpoint).tensors[1][1], -0)).toBe(true);
  });

  it('keeps a divergence limit that is still infinite', () => {
    const early = { ...checkpoint, divergence: { limit: Number.POSITIVE_INFINITY, above: 0 } };
    expect((decodeCheckpoint(encodeCheckpoint(run.hash, early), run) as TrainCheckpoint).divergence.limit).toBe(Number.POSITIVE_INFINITY);
  });

  it('is not used for a run of another config', () => {
    expect(decodeCheckpoint(encodeCheckpoint('other', checkpoint), run)).toEqual({ problem: m.otherConfig });
  });

  it('is not used when a byte changed, or it was cut short, or it is not a checkpoint at all', () => {
    const bytes = encodeCheckpoint(run.hash, checkpoint);
    const flipped = Buffer.from(bytes);
    flipped[flipped.length - 3] ^= 1;
    expect(decodeCheckpoint(flipped, run)).toEqual({ problem: m.damaged });
    expect(decodeCheckpoint(bytes.subarray(0, bytes.length - 8), run)).toEqual({ problem: m.damaged });
    expect(decodeCheckpoint(Buffer.from('hello'), run)).toEqual({ problem: m.notACheckpoint });
  });
});

describe('a checkpoint header of another shape', () => {
  it('is not a checkpoint, rather than an error', () => {
    expect(decodeCheckpoint(Buffer.from(`{"format":1,"hash":"abc123","sha256":"${EMPTY_SHA256}","arrays":7}\n`), run)).toEqual({ problem: m.notACheckpoint });
  });
});

/** SHA-256 of no bytes: the body of a checkpoint with a header alone. */
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
