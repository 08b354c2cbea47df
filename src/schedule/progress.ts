/**
 * Progress while runs train. On a terminal: one live line per active run (id, what it
 * is doing, iteration / total, loss, last accuracies with the iteration they are from,
 * rate, ETA) and an overall line, redrawn in place. Elsewhere (CI, pipes): plain
 * timestamped lines, at most one per run every few seconds, plus each start, each
 * change of phase and each end.
 *
 * A run's phases: training, then evaluating (the snapshots still waiting for a free
 * worker), analysing (confusion matrices, mistakes), writing (its folder); after the
 * last run, the report is drawn.
 */
import type { Evaluation, RunStatus } from '../results/types.js';
import { runMessages as m, type RunPhase } from './messages.js';

export type { RunPhase } from './messages.js';

interface Active {
  id: string;
  phase: RunPhase;
  total: number;
  iteration: number;
  loss: number;
  /** The latest evaluation's accuracies, and the iteration they are from. */
  accuracy: { text: string; iteration: number } | null;
  /** Snapshots handed over for evaluation, and how many have been evaluated. */
  snapshots: number;
  evaluated: number;
  started: number;
  lastLine: number;
}

type Stream = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

const REDRAW_MS = 100;
const PLAIN_EVERY_MS = 5000;

export class Progress {
  private readonly active = new Map<string, Active>();
  private readonly started: number;
  private done = 0;
  /** Runs counted done when found on disk. */
  private readonly skippedIds = new Set<string>();
  private drawn = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly live: boolean;
  /** Lines of skipped runs not yet written. */
  private waiting: string[] = [];

  constructor(private readonly out: Stream, private readonly total: number, private readonly now = () => Date.now()) {
    this.live = Boolean(out.isTTY) && process.env.TERM !== 'dumb';
    this.started = now();
  }

  /**
   * A run found on disk. Its line waits for the next line that stays (or flush, or close), so
   * a cached rerun of a thousand runs writes their lines at once, not in a thousand writes.
   */
  skipped(id: string, status: RunStatus): void {
    this.done++;
    this.skippedIds.add(id);
    this.waiting.push(this.stamped(m.skipped(id, status)));
  }

  /** A trial pruned before with the same config, which the search ranks again (it may train on). */
  rankedAgain(id: string, prunedAt: number): void {
    this.done++;
    this.skippedIds.add(id);
    this.waiting.push(this.stamped(m.rankedAgain(id, prunedAt)));
  }

  /** Writes the lines of skipped runs still waiting. */
  flush(): void {
    if (this.waiting.length === 0) return;
    this.clear();
    this.out.write(this.waiting.join(''));
    this.waiting = [];
    this.draw();
  }

  start(id: string, total: number): void {
    // a run found on disk that trains after all (a search's trial promoted now) is counted when it ends
    if (this.skippedIds.delete(id)) this.done--;
    const t = this.now();
    this.active.set(id, {
      id, phase: 'training', total, iteration: 0, loss: Number.NaN, accuracy: null, snapshots: 0, evaluated: 0, started: t, lastLine: t,
    });
    if (!this.live) this.line(m.started(id, total));
    this.schedule();
  }

  update(id: string, iteration: number, loss: number): void {
    const run = this.active.get(id);
    if (!run) return;
    run.iteration = iteration + 1;
    run.loss = loss;
    this.plainNowAndThen(run);
  }

  /** A snapshot of the run was handed over to be evaluated. */
  snapshot(id: string): void {
    const run = this.active.get(id);
    if (run) run.snapshots++;
  }

  /** Evaluations may finish out of order: the accuracies shown are the latest iteration's. */
  evaluation(id: string, evaluation: Evaluation): void {
    const run = this.active.get(id);
    if (!run) return;
    run.evaluated++;
    if (run.accuracy === null || evaluation.iteration >= run.accuracy.iteration) {
      const text = Object.entries(evaluation.accuracy).map(([slice, a]) => `${slice} ${a.toFixed(3)}`).join(' ');
      run.accuracy = { text, iteration: evaluation.iteration };
    }
    this.plainNowAndThen(run);
  }

  /** The run moves on to another phase: said at once in plain lines, shown on its live line. */
  phase(id: string, phase: RunPhase): void {
    const run = this.active.get(id);
    if (!run || run.phase === phase) return;
    run.phase = phase;
    if (!this.live) {
      run.lastLine = this.now();
      this.line(this.describe(run));
    }
  }

  /** The run paused at a rung of successive halving: not done, not active either. */
  paused(id: string, iteration: number): void {
    this.active.delete(id);
    this.line(m.atRung(id, iteration));
  }

  finish(id: string, status: RunStatus, detail: string): void {
    this.active.delete(id);
    this.done++;
    this.line(m.finished(id, status, detail));
  }

  /** Every run has ended; the report is being drawn (a line that stays). */
  drawingReport(): void {
    this.line(m.drawingReport);
  }

  close(): void {
    this.flush();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.clear();
  }

  private plainNowAndThen(run: Active): void {
    if (!this.live && this.now() - run.lastLine >= PLAIN_EVERY_MS) {
      run.lastLine = this.now();
      this.line(this.describe(run));
    }
  }

  /** A line that stays: printed above the live block (also a line of the experiment's own, e.g. a run going on from its checkpoint). */
  line(text: string): void {
    this.clear();
    this.out.write(`${this.waiting.join('')}${this.stamped(text)}`);
    this.waiting = [];
    this.draw();
  }

  private stamped(text: string): string {
    return this.live ? `${text}\n` : `[${timestamp(this.now() - this.started)}] ${text}\n`;
  }

  private schedule(): void {
    if (!this.live || this.timer) return;
    this.timer = setInterval(() => {
      this.clear();
      this.draw();
    }, REDRAW_MS);
    this.timer.unref();
  }

  private describe(run: Active): string {
    const accuracy = run.accuracy ? m.accuracyAt(run.accuracy.text, run.accuracy.iteration) : '';
    if (run.phase !== 'training') {
      return m.phase(run.id, run.phase, accuracy, run.evaluated, run.snapshots);
    }
    const seconds = (this.now() - run.started) / 1000;
    const rate = seconds > 0 ? run.iteration / seconds : 0;
    const eta = rate > 0 ? (run.total - run.iteration) / rate : Number.NaN;
    return m.progress(run.id, run.iteration, run.total, run.loss, accuracy, rate, eta);
  }

  private draw(): void {
    if (!this.live) return;
    const width = Math.max(40, (this.out.columns ?? 100) - 1);
    const lines = [...this.active.values()].map((run) => this.describe(run));
    lines.push(m.overall(this.done, this.active.size, this.total, (this.now() - this.started) / 1000));
    this.out.write(lines.map((l) => `${l.slice(0, width)}\n`).join(''));
    this.drawn = lines.length;
  }

  private clear(): void {
    if (!this.live || this.drawn === 0) return;
    this.out.write(`\x1b[${this.drawn}A\x1b[0J`);
    this.drawn = 0;
  }
}

function timestamp(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}
