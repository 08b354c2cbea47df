/** Ctrl-C and SIGTERM exit 130 from the first moment, while the command line is still loading, through the built CLI. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scratchDir } from '../helpers/folders.js';
import { small, start } from '../helpers/command-line.js';

describe('a signal while the command line loads', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`${signal} as soon as the handlers are in (before the modules load) exits 130 and writes nothing`, async () => {
      const dir = join(scratchDir('signals'), 'out');
      const running = start([...small(), '--out', dir], { RUN_EXPERIMENTS_TEST_SIGNALS: '1' });
      await running.waitFor(/signal handlers installed/);
      running.child.kill(signal);
      const done = await running.done;
      expect(done.signal).toBeNull();
      expect(done.code).toBe(130);
      expect(existsSync(dir)).toBe(false);
    });
  }
});
