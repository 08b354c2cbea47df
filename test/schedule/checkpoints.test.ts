import { createHash } from 'node:crypto';
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
    // its SHA-256 right (of the other fields, and no arrays), its arrays not a list
    const sha256 = createHash('sha256').update('{"format":2,"hash":"abc123","arrays":7}\n').digest('hex');
    expect(decodeCheckpoint(Buffer.from(`{"format":2,"hash":"abc123","sha256":"${sha256}","arrays":7}\n`), run)).toEqual({ problem: m.notACheckpoint });
  });
});

describe('a checkpoint whose header was edited', () => {
  it('is not used: the SHA-256 covers the generator state, the sampler, the step and the accuracies as well as the arrays', () => {
    const bytes = encodeCheckpoint(run.hash, checkpoint);
    const newline = bytes.indexOf(0x0a);
    const header = JSON.parse(bytes.subarray(0, newline).toString('utf8')) as Record<string, any>;
    const edits: ((h: Record<string, any>) => void)[] = [
      (h) => (h.evaluations[0].accuracy.validation = 0.9),
      (h) => (h.random = 'x'),
      (h) => (h.sampler.next = 2),
      (h) => (h.step = 4),
      (h) => (h.divergence.above = 1),
    ];
    for (const edit of edits) {
      const edited = structuredClone(header);
      edit(edited);
      expect(decodeCheckpoint(Buffer.concat([Buffer.from(`${JSON.stringify(edited)}\n`), bytes.subarray(newline + 1)]), run), edit.toString()).toEqual({ problem: m.damaged });
    }
  });

  it('of the format before (the arrays alone covered) is not used, saying so', () => {
    const bytes = encodeCheckpoint(run.hash, checkpoint);
    const text = bytes.toString('latin1').replace('{"format":2,', '{"format":1,');
    expect(decodeCheckpoint(Buffer.from(text, 'latin1'), run)).toEqual({ problem: m.otherFormat(1) });
  });
});
