/** What progress says while runs train and after: the phase, and the iteration each accuracy is from. */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runMessages as m } from '../../src/schedule/messages.js';
import { Progress } from '../../src/schedule/progress.js';

class Capture extends Writable {
  text = '';
  constructor(readonly isTTY: boolean, readonly columns = 200) {
    super();
  }
  override _write(chunk: Buffer, _: string, done: () => void): void {
    this.text += String(chunk);
    done();
  }
}

const evaluation = (iteration: number, test: number) => ({ iteration, epoch: iteration / 100, accuracy: { test } });

describe('plain progress lines (CI, pipes)', () => {
  it('says at once when a run moves on to evaluating, analysing and writing, and when the report is drawn', () => {
    const out = new Capture(false);
    const progress = new Progress(out, 1, () => 0);
    progress.start('lr-0.5', 100);
    for (const phase of ['evaluating', 'analysing', 'writing'] as const) progress.phase('lr-0.5', phase);
    progress.finish('lr-0.5', 'completed', '');
    progress.drawingReport();
    progress.close();
    const lines = out.text.trim().split('\n');
    expect(lines.map((l) => l.replace(/^\[\d\d:\d\d\] /, ''))).toEqual([
      m.started('lr-0.5', 100),
      m.phase('lr-0.5', 'evaluating', '', 0, 0),
      m.phase('lr-0.5', 'analysing', '', 0, 0),
      m.phase('lr-0.5', 'writing', '', 0, 0),
      m.finished('lr-0.5', 'completed', ''),
      m.drawingReport,
    ]);
  });

  it('counts the evaluations done of the snapshots handed over, and shows the latest accuracy with its iteration', () => {
    let now = 0;
    const out = new Capture(false);
    const progress = new Progress(out, 1, () => now);
    progress.start('lr-0.5', 10000);
    for (let s = 0; s < 3; s++) progress.snapshot('lr-0.5');
    progress.phase('lr-0.5', 'evaluating');
    progress.evaluation('lr-0.5', evaluation(9900, 0.951));
    now = 6000;
    progress.evaluation('lr-0.5', evaluation(0, 0.1)); // finished late: an older iteration
    expect(out.text).toContain(m.phase('lr-0.5', 'evaluating', '', 0, 3));
    expect(out.text).toContain(m.phase('lr-0.5', 'evaluating', m.accuracyAt('test 0.951', 9900), 2, 3));
    expect(out.text).toContain('test 0.951 @9900');
    expect(out.text).not.toContain('test 0.100');
  });

  it('shows the iteration of the accuracies beside the loss while training', () => {
    let now = 0;
    const out = new Capture(false);
    const progress = new Progress(out, 1, () => now);
    progress.start('lr-0.5', 10000);
    progress.evaluation('lr-0.5', evaluation(200, 0.9));
    now = 5000;
    progress.update('lr-0.5', 4999, 0.25);
    expect(out.text).toMatch(/lr-0\.5 {2}5000\/10000 {2}loss 0\.2500 {2}test 0\.900 @200 /);
  });
});

describe('the lines of skipped runs', () => {
  it('are written in one write, in plan order, before the next line that stays', () => {
    const out = new Capture(false);
    let writes = 0;
    const write = out.write.bind(out);
    out.write = ((chunk: string) => (writes++, write(chunk))) as typeof out.write;
    const progress = new Progress(out, 1001, () => 0);
    const ids = Array.from({ length: 1000 }, (_, k) => `lr-${k}`);
    for (const id of ids) progress.skipped(id, 'completed');
    expect(out.text).toBe('');
    progress.start('new', 10);
    expect(writes).toBe(1);
    const lines = out.text.trim().split('\n').map((l) => l.replace(/^\[\d\d:\d\d\] /, ''));
    expect(lines).toEqual([...ids.map((id) => m.skipped(id, 'completed')), m.started('new', 10)]);
  });

  it('are written by close when nothing follows them', () => {
    const out = new Capture(false);
    const progress = new Progress(out, 2, () => 0);
    progress.skipped('lr-1', 'completed');
    progress.skipped('lr-2', 'diverged');
    progress.close();
    expect(out.text).toBe(`[00:00] ${m.skipped('lr-1', 'completed')}\n[00:00] ${m.skipped('lr-2', 'diverged')}\n`);
  });
});

describe('the live block on a terminal', () => {
  it("shows the phase on the run's own line", () => {
    const out = new Capture(true);
    const progress = new Progress(out, 2, () => 0);
    progress.start('lr-0.5', 100);
    progress.start('lr-1.2', 100);
    progress.phase('lr-0.5', 'analysing');
    progress.skipped('lr-9', 'completed'); // any line that stays redraws the live block
    progress.close();
    const lastBlock = out.text.slice(out.text.lastIndexOf(m.skipped('lr-9', 'completed')));
    expect(lastBlock).toContain(`${m.phase('lr-0.5', 'analysing', '', 0, 0)}\n`);
    expect(lastBlock).toMatch(/lr-1\.2 {2}0\/100 {2}loss NaN/);
  });
});
