/**
 * A FIFO put in place of a results file is not waited on by the commands that read results
 * beside the runner: a blocking open() of one would hold the process for good, deaf to
 * Ctrl-C and SIGTERM, since no JavaScript runs while the main thread waits in open(). Each
 * command runs as its own process, killed (SIGKILL) if it has not answered in time.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root, start } from '../helpers/command-line.js';
import { scratchDir } from '../helpers/folders.js';
import { copyFlagship } from '../serve/results.js';

const MAIN = join(root, 'dist/cli/main.js');
/** Far longer than any of these commands takes; only a command stuck in open() reaches it. */
const GIVE_UP_MS = 60_000;

function flagshipWithFifo(file: string): string {
  const results = join(scratchDir('fifos'), 'results');
  mkdirSync(results);
  const dir = copyFlagship(results);
  rmSync(join(dir, file), { force: true });
  spawnSync('mkfifo', [join(dir, file)]);
  return dir;
}

const cli = (...args: string[]) => spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', timeout: GIVE_UP_MS, killSignal: 'SIGKILL' });

describe('a FIFO in a results folder', () => {
  it('as a run\'s confusion-test.csv: report refuses the run, naming the file, without waiting on it', () => {
    const dir = flagshipWithFifo('runs/lr-0.5/confusion-test.csv');
    const result = cli('report', dir);
    expect(result.signal, 'killed: report waited on the FIFO').toBeNull();
    expect(result.status, result.stderr).toBe(2);
    expect(result.stderr).toContain('confusion-test.csv cannot be read (not a regular file (it is a FIFO))');
  }, GIVE_UP_MS + 10_000);

  it('as a run\'s config.json: predict --test-index reads the MNIST test set without it', () => {
    const dir = flagshipWithFifo('runs/lr-0.5/config.json');
    const result = cli('predict', join(dir, 'runs/lr-0.5'), '--test-index', '0');
    expect(result.signal, 'killed: predict waited on the FIFO').toBeNull();
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('test #0');
  }, GIVE_UP_MS + 10_000);

  it('as .lock: serve lists the experiment without it', async () => {
    const dir = flagshipWithFifo('.lock');
    const server = start(['serve', join(dir, '..'), '--port', '0']);
    try {
      // the address is the first line on stdout
      const port = await new Promise<string>((resolve) => {
        let out = '';
        server.child.stdout!.on('data', (d: Buffer) => {
          out += d;
          const found = /127\.0\.0\.1:(\d+)/.exec(out);
          if (found) resolve(found[1]);
        });
      });
      const answer = await fetch(`http://127.0.0.1:${port}/api/experiments`, { signal: AbortSignal.timeout(GIVE_UP_MS) });
      expect(answer.status).toBe(200);
      expect(JSON.stringify(await answer.json())).toContain('lr-comparison');
    } finally {
      server.child.kill('SIGKILL');
      await server.done;
    }
  }, GIVE_UP_MS + 10_000);
});
