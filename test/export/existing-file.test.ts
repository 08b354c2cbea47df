/**
 * export onto a name that is taken: it replaces an earlier export (the same run, or another
 * one) and an empty file, and leaves any other file of the user's as it is, exit 2.
 */
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportMessages as m } from '../../src/export/messages.js';
import { scratchDir } from '../helpers/folders.js';
import { cli } from '../helpers/io.js';

const COMMITTED = new URL('../../results/lr-comparison/runs/lr-0.5', import.meta.url).pathname;
const CONVNET = new URL('../../results/convnet/runs/convnet', import.meta.url).pathname;

describe('run-experiments export onto an existing file', () => {
  it('replaces a file an export wrote, by the same run or another', async () => {
    const dir = scratchDir('onnx-existing');
    expect((await cli(['export', CONVNET, '--onnx', 'model.onnx'], dir)).code).toBe(0);
    const convnet = readFileSync(join(dir, 'model.onnx'));
    expect((await cli(['export', COMMITTED, '--onnx', 'model.onnx'], dir)).code).toBe(0);
    const mlp = readFileSync(join(dir, 'model.onnx'));
    expect(mlp.equals(convnet)).toBe(false);
    expect((await cli(['export', COMMITTED, '--onnx', 'model.onnx'], dir)).code).toBe(0);
    expect(readFileSync(join(dir, 'model.onnx')).equals(mlp)).toBe(true);
  });

  it('writes into an empty file', async () => {
    const dir = scratchDir('onnx-existing');
    writeFileSync(join(dir, 'touched.onnx'), '');
    expect((await cli(['export', COMMITTED, '--onnx', 'touched.onnx'], dir)).code).toBe(0);
    expect(readFileSync(join(dir, 'touched.onnx')).length).toBeGreaterThan(159_040);
  });

  for (const [what, bytes] of [
    ['a text file', Buffer.from('my notes\n')],
    ['an ONNX model another tool wrote', Buffer.from([0x08, 0x07, 0x12, 0x07, ...Buffer.from('pytorch'), 0x1a, 0x03, ...Buffer.from('2.1')])],
    ['a file of one byte', Buffer.from([0x08])],
  ] as const) {
    it(`leaves ${what} as it is, says so in one line and exits 2`, async () => {
      const dir = scratchDir('onnx-existing');
      writeFileSync(join(dir, 'mine.onnx'), bytes);
      const result = await cli(['export', COMMITTED, '--onnx', 'mine.onnx'], dir);
      expect(result).toEqual({ code: 2, stdout: '', stderr: `run-experiments export: ${m.notAnExport(join(dir, 'mine.onnx'))}\n` });
      expect(readFileSync(join(dir, 'mine.onnx')).equals(bytes)).toBe(true);
    });
  }

  it('leaves the file a symbolic link points to as it is, when it is not an export', async () => {
    const dir = scratchDir('onnx-existing');
    writeFileSync(join(dir, 'target.txt'), 'keep me\n');
    symlinkSync(join(dir, 'target.txt'), join(dir, 'link.onnx'));
    expect((await cli(['export', COMMITTED, '--onnx', 'link.onnx'], dir)).code).toBe(2);
    expect(readFileSync(join(dir, 'target.txt'), 'utf8')).toBe('keep me\n');
  });
});
