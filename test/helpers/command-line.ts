/** Runs the built command line (dist/, which `npm test` builds first) as a user would. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const root = new URL('../..', import.meta.url).pathname;
const main = join(root, 'dist/cli/main.js');

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface Running {
  child: ChildProcess;
  /** Resolves when a line of stderr matches, with that line. */
  waitFor(pattern: RegExp): Promise<string>;
  done: Promise<Finished>;
}

export function start(args: string[], env: Record<string, string> = {}): Running {
  const child = spawn(process.execPath, [main, ...args], { cwd: root, env: { ...process.env, ...env }, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  child.stdout!.on('data', (d: Buffer) => (stdout += d));
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d;
    for (const w of [...waiters]) {
      const line = stderr.split('\n').find((l) => w.pattern.test(l));
      if (line !== undefined) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  });
  const done = new Promise<Finished>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return {
    child,
    done,
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        const line = stderr.split('\n').find((l) => pattern.test(l));
        if (line !== undefined) return resolve(line);
        waiters.push({ pattern, resolve });
        void done.then(() => reject(new Error(`exited before a line matched ${pattern}:\n${stderr}`)));
      }),
  };
}

/** CLI processes started by one group of tests (as `start` starts them), ended together: each still running is killed, and all are awaited. */
export function processGroup(): { start: typeof start; end(): Promise<void> } {
  const started: Running[] = [];
  return {
    start(args, env) {
      const running = start(args, env);
      started.push(running);
      return running;
    },
    async end() {
      for (const p of started) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
      await Promise.all(started.map((p) => p.done));
    },
  };
}

export const run = (args: string[], env?: Record<string, string>): Promise<Finished> => start(args, env).done;

/** The flagship experiment, cut down to seconds: fewer iterations, small evaluation slices. */
export function small(iterations = 300): string[] {
  return [
    'experiments/lr-comparison.yaml',
    '--set', `training.iterations=${iterations}`,
    '--set', 'data.evaluate.train.end=2000',
    '--set', 'data.evaluate.test.end=1000',
  ];
}
