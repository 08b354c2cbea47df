/**
 * The results folder under stress, through the built CLI: two processes on one folder (the
 * rename window widened by an injected hook, never by sleeping), a stale lock, leftovers of
 * killed processes, and folders the operating system will not write.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resultsMessages as rm } from '../../src/results/messages.js';
import { runMessages } from '../../src/schedule/messages.js';
import { scratchDir, tree } from '../helpers/folders.js';
import { root, run, small, start } from '../helpers/command-line.js';

const scratch = scratchDir('results-folder');
const out = (name: string): string => join(scratch, name);
const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const noStack = (stderr: string): void => expect(stderr).not.toMatch(/^\s+at /m);
/** Temporaries, locks and anything else a writer may leave behind. */
const leftovers = (dir: string): string[] => [...tree(dir).keys()].filter((f) => /\.(tmp|old)-\d+|\.lock/.test(f));

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  return child.pid!;
}

const mounts: string[] = [];
afterAll(() => {
  for (const dir of mounts.reverse()) spawnSync('umount', [dir]);
});
/** A tmpfs of `size` (e.g. 64k) at a new folder, or null where this user may not mount. */
function tmpfs(name: string, options: string): string | null {
  const dir = out(name);
  mkdirSync(dir, { recursive: true });
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir]).status === 0;
  if (mounted) mounts.push(dir);
  return mounted ? dir : null;
}
const canMount = (() => {
  const dir = tmpfs('probe', 'size=16k');
  return dir !== null;
})();

describe('two runs on one results folder', () => {
  it('refuses the second while the first holds the lock (rename held open by a hook), exit 2, and the first finishes intact', async () => {
    const dir = out('two');
    const release = out('release-two');
    const first = start([...small(), '--out', dir], { RUN_EXPERIMENTS_TEST_HOLD_RENAME: release });
    await first.waitFor(/holding before renaming/);
    const second = await run([...small(), '--out', dir]);
    expect(second.code).toBe(2);
    expect(second.stderr).toContain(`is in use by process ${first.child.pid} on ${hostname()}`);
    noStack(second.stderr);
    writeFileSync(release, '');
    const done = await first.done;
    expect(done.code, done.stderr).toBe(0);
    expect(leftovers(dir)).toEqual([]);
    const third = await run([...small(), '--out', dir]);
    expect(third.stderr.match(/already completed/g)).toHaveLength(3);
  });

  it('with --wait, waits for the first to end, then finds every run cached', async () => {
    const dir = out('wait');
    const release = out('release-wait');
    const first = start([...small(), '--out', dir], { RUN_EXPERIMENTS_TEST_HOLD_RENAME: release });
    await first.waitFor(/holding before renaming/);
    const second = start([...small(), '--out', dir, '--wait']);
    await second.waitFor(/waiting for it to end/);
    writeFileSync(release, '');
    const [a, b] = await Promise.all([first.done, second.done]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(b.stderr).not.toMatch(/: started \(/);
    expect(b.stderr.match(/already completed/g)).toHaveLength(3);
    expect(leftovers(dir)).toEqual([]);
  });

  it('with --wait on a lock held from another host, interrupted, says it did nothing there rather than count no run done (exit 130)', async () => {
    const dir = out('wait-elsewhere');
    const two = [...small(100), '--set', 'grid.training.learning_rate=[0.5,1.2]', '--out', dir];
    expect((await run(two)).code).toBe(0);
    const holder = { pid: 4242, host: 'another-host', started: '2026-01-01T00:00:00.000Z' };
    writeFileSync(join(dir, '.lock'), JSON.stringify(holder));
    const before = tree(dir);
    const waiting = start([...two, '--wait']);
    await waiting.waitFor(new RegExp(escape(rm.waiting(dir, rm.holder(holder.pid, holder.host, holder.started)))));
    waiting.child.kill('SIGINT');
    const done = await waiting.done;
    expect(done.code, done.stderr).toBe(130);
    // both runs are complete on disk: "0 of 2 runs are complete" was untrue, and so was a table of interrupted runs
    expect(done.stdout.trim()).toBe(runMessages.interruptedWaiting(dir));
    noStack(done.stderr);
    expect(tree(dir)).toEqual(before);
  });

  it('takes over the lock of a process that is gone, and says so', async () => {
    const dir = out('stale');
    mkdirSync(dir);
    const holder = { pid: deadPid(), host: hostname(), started: '2026-01-01T00:00:00.000Z' };
    writeFileSync(join(dir, '.lock'), JSON.stringify(holder));
    const result = await run([...small(100), '--out', dir]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(rm.staleLock(rm.holder(holder.pid, holder.host, holder.started)));
    expect(existsSync(join(dir, '.lock'))).toBe(false);
  });
});

describe('leftovers of a killed process', () => {
  it('are removed at start, and a whole .old-PID run folder of a killed --force is recovered, not retrained', async () => {
    const dir = out('leftovers');
    expect((await run([...small(100), '--out', dir])).code).toBe(0);
    const before = tree(dir);
    const pid = deadPid();
    renameSync(join(dir, 'runs/lr-1.2'), join(dir, `runs/lr-1.2.old-${pid}`));
    mkdirSync(join(dir, `runs/lr-0.5.tmp-${pid}`));
    writeFileSync(join(dir, `runs/lr-0.5.tmp-${pid}/metrics.csv`), 'iteration,lo');
    writeFileSync(join(dir, `README.md.tmp-${pid}`), '# half');
    writeFileSync(join(dir, `runs/lr-1.5/chart.svg.tmp-${pid}`), '<svg');
    const again = await run([...small(100), '--out', dir]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain(rm.recoveredFolder(join(dir, `runs/lr-1.2.old-${pid}`), join(dir, 'runs/lr-1.2')));
    expect(again.stderr).toContain(rm.removedLeftover(join(dir, `runs/lr-0.5.tmp-${pid}`)));
    expect(again.stderr).not.toMatch(/: started \(/);
    expect(leftovers(dir)).toEqual([]);
    const after = tree(dir);
    for (const [path, bytes] of before) if (path !== 'timings.csv') expect(bytes.equals(after.get(path)!), path).toBe(true);
  });
});

describe('--out where nothing can be written', () => {
  it('exits 2 before training when --out is a file, /dev/null or a path under a file, naming it, and leaves the file alone', async () => {
    const file = out('a-file');
    writeFileSync(file, 'mine');
    for (const target of [file, '/dev/null']) {
      const result = await run([...small(), '--out', target]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(rm.notAFolder(target));
      expect(result.stderr).not.toMatch(/: started \(/);
      noStack(result.stderr);
    }
    const under = await run([...small(), '--out', join(file, 'results')]);
    expect(under.code).toBe(2);
    expect(under.stderr).toContain(rm.notWritable(join(file, 'results'), 'not a directory (ENOTDIR)'));
    noStack(under.stderr);
    expect(readFileSync(file, 'utf8')).toBe('mine');
  });

  it('exits 2 before training when --out is a folder of other files (the source tree, `--out .`), naming it, and leaves its README.md alone', async () => {
    const dir = out('someones-project');
    mkdirSync(join(dir, 'src'), { recursive: true });
    writeFileSync(join(dir, 'README.md'), '# my project');
    writeFileSync(join(dir, '.gitignore'), 'node_modules');
    const before = tree(dir);
    const result = await run([...small(), '--out', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(rm.notResultsFolder(dir, 'README.md'));
    expect(result.stderr).not.toMatch(/: started \(/);
    noStack(result.stderr);
    expect(tree(dir)).toEqual(before);
    const hidden = out('only-hidden');
    mkdirSync(hidden);
    writeFileSync(join(hidden, '.gitignore'), 'mine');
    expect((await run([...small(100), '--out', hidden])).code).toBe(0);
    expect(readFileSync(join(hidden, '.gitignore'), 'utf8')).toBe('mine');
  });

  it("exits 2 before training when --out holds another experiment's results, and leaves them as they were", async () => {
    const dir = out('other-experiment');
    expect((await run([...small(100), '--out', dir])).code).toBe(0);
    const before = tree(dir);
    const result = await run([...small(200), '--set', 'name=another', '--out', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(rm.otherExperiment(dir, 'another', 'lr-comparison'));
    expect(result.stderr).not.toMatch(/: started \(/);
    noStack(result.stderr);
    expect(tree(dir)).toEqual(before);
  });

  it('exits 2 before training when the folder holds the results of another spec file of the same name, and keeps the cache of a spec moved', async () => {
    const dir = out('same-name');
    const specs = out('same-name-specs');
    mkdirSync(specs);
    const [a, b, moved] = ['a.yaml', 'b.yaml', 'moved.yaml'].map((name) => join(specs, name));
    for (const spec of [a, b]) cpSync(join(root, 'experiments/lr-comparison.yaml'), spec);
    const args = (spec: string): string[] => [spec, ...small(100).slice(1), '--out', dir];
    expect((await run(args(a))).code).toBe(0);
    const before = tree(dir);
    const refused = await run(args(b));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(rm.otherSpecFile(dir, 'lr-comparison', relative(root, b), relative(root, a)));
    expect(refused.stderr).not.toMatch(/: started \(/);
    noStack(refused.stderr);
    expect(tree(dir)).toEqual(before);
    // a.yaml moved: the same experiment, its runs cached, and from now on the one the folder is of
    renameSync(a, moved);
    const again = await run(args(moved));
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).not.toMatch(/: started \(/);
    const other = await run(args(b));
    expect(other.code).toBe(2);
    expect(other.stderr).toContain(rm.otherSpecFile(dir, 'lr-comparison', relative(root, b), relative(root, moved)));
    // the same file by another path is the same spec
    expect((await run(args(join(specs, '..', 'same-name-specs', 'moved.yaml')))).code).toBe(0);
  });

  it('exits 2 before training when runs/, checkpoints/ or charts/ of the results folder is a file, naming it', async () => {
    const dir = out('file-for-folder');
    expect((await run([...small(100), '--out', dir])).code).toBe(0);
    for (const folder of ['runs', 'checkpoints', 'charts']) {
      const path = join(dir, folder);
      const moved = `${path}-aside`;
      if (existsSync(path)) renameSync(path, moved);
      writeFileSync(path, 'x');
      const result = await run([...small(100), '--out', dir, '--force']);
      expect(result.code, folder).toBe(2);
      expect(result.stderr).toContain(rm.notAFolder(path));
      expect(result.stderr).not.toMatch(/: started \(/);
      noStack(result.stderr);
      rmSync(path);
      if (existsSync(moved)) renameSync(moved, path);
    }
  });

  it('exits 2 before training on a read-only mount (a read-only tmpfs), naming the folder and EROFS', { skip: !canMount }, async () => {
    const mount = tmpfs('ro', 'size=64k,ro')!;
    const result = await run([...small(), '--out', join(mount, 'results')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(rm.notWritable(join(mount, 'results'), 'read-only file system (EROFS)'));
    expect(result.stderr).not.toMatch(/: started \(/);
    noStack(result.stderr);
  });

  it('exits 2 on a full disk (a 64 KiB tmpfs), naming the file and ENOSPC, and leaves no temporaries', { skip: !canMount }, async () => {
    const mount = tmpfs('full', 'size=64k')!;
    const result = await run([...small(), '--out', mount]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cannot write \S+: no space left on device \(ENOSPC\)/);
    noStack(result.stderr);
    expect(leftovers(mount)).toEqual([]);
  });

  it('exits 2 on a full disk (ENOSPC injected when model.safetensors is written), naming the file, and leaves no temporaries', async () => {
    const dir = out('enospc');
    const result = await run([...small(), '--out', dir, '--concurrency', '1'], { RUN_EXPERIMENTS_TEST_FS_ERROR: 'ENOSPC:model.safetensors' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(rm.cannotWrite(join(dir, 'runs/lr-0.5/model.safetensors'), 'no space left on device (ENOSPC)'));
    expect(result.stderr.trimEnd().split('\n').at(-1)).toMatch(/^run-experiments run: cannot write/);
    noStack(result.stderr);
    expect(leftovers(dir)).toEqual([]);
    expect(existsSync(join(dir, 'runs/lr-0.5'))).toBe(false);
  });
});

describe('report on a folder it cannot write', () => {
  it('exits 2 on a read-only bind mount of a results folder, naming it and EROFS', { skip: !canMount }, async () => {
    const dir = out('report-ro-source');
    expect((await run([...small(100), '--out', dir])).code).toBe(0);
    const mount = out('report-ro');
    mkdirSync(mount);
    execFileSync('mount', ['--bind', dir, mount]);
    mounts.push(mount);
    execFileSync('mount', ['-o', 'remount,bind,ro', mount]);
    const before = tree(dir);
    const result = await run(['report', mount]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(rm.notWritable(mount, 'read-only file system (EROFS)'));
    noStack(result.stderr);
    expect(tree(dir)).toEqual(before);
  });

  it('exits 2 when writing README.md fails (EROFS injected), naming the file, and leaves no temporaries', async () => {
    const dir = out('report-injected');
    expect((await run([...small(100), '--out', dir])).code).toBe(0);
    writeFileSync(join(dir, 'README.md'), 'old');
    const result = await run(['report', dir], { RUN_EXPERIMENTS_TEST_FS_ERROR: 'EROFS:README.md' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(rm.cannotWrite(join(dir, 'README.md'), 'read-only file system (EROFS)'));
    noStack(result.stderr);
    expect(leftovers(dir)).toEqual([]);
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toBe('old');
  });
});
