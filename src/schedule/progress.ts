/**
 * Progress while runs train. On a terminal: one live line per active run (id,
 * iteration / total, loss, last accuracy, rate, ETA) and an overall line, redrawn in
 * place. Elsewhere (CI, pipes): plain timestamped lines, at most one per run every
 * few seconds, plus each start and end.
 */
import type { Evaluation, RunStatus } from '../results/types.js';
import { runMessages as m } from './messages.js';

interface Active {
  id: string;
  total: number;
  iteration: number;
  loss: number;
  accuracy: string;
  started: number;
  lastLine: number;
}

type Stream = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

const REDRAW_MS = 100;
const PLAIN_EVERY_MS = 5000;

export class Progress {
  private readonly active = new Map<string, Active>();
  private readonly started = Date.now();
  private done = 0;
  private drawn = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly live: boolean;

  constructor(private readonly out: Stream, private readonly total: number, private readonly now = () => Date.now()) {
    this.live = Boolean(out.isTTY) && process.env.TERM !== 'dumb';
  }

  skipped(id: string, status: RunStatus): void {
    this.done++;
    this.line(m.skipped(id, status));
  }

  start(id: string, total: number): void {
    const t = this.now();
    this.active.set(id, { id, total, iteration: 0, loss: Number.NaN, accuracy: '', started: t, lastLine: t });
    if (!this.live) this.line(m.started(id, total));
    this.schedule();
  }

  update(id: string, iteration: number, loss: number): void {
    const run = this.active.get(id);
    if (!run) return;
    run.iteration = iteration + 1;
    run.loss = loss;
    if (!this.live && this.now() - run.lastLine >= PLAIN_EVERY_MS) {
      run.lastLine = this.now();
      this.line(this.describe(run));
    }
  }

  evaluation(id: string, evaluation: Evaluation): void {
    const run = this.active.get(id);
    if (run) run.accuracy = Object.entries(evaluation.accuracy).map(([slice, a]) => `${slice} ${a.toFixed(3)}`).join(' ');
  }

  finish(id: string, status: RunStatus, detail: string): void {
    this.active.delete(id);
    this.done++;
    this.line(m.finished(id, status, detail));
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.clear();
  }

  /** A line that stays: printed above the live block. */
  private line(text: string): void {
    this.clear();
    this.out.write(this.live ? `${text}\n` : `[${timestamp(this.now() - this.started)}] ${text}\n`);
    this.draw();
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
    const seconds = (this.now() - run.started) / 1000;
    const rate = seconds > 0 ? run.iteration / seconds : 0;
    const eta = rate > 0 ? (run.total - run.iteration) / rate : Number.NaN;
    return m.progress(run.id, run.iteration, run.total, run.loss, run.accuracy, rate, eta);
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
