/** The lock of a results folder: waiting, stale holders, what a release removes, and the OS saying no. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileSystemError } from '../../src/errors.js';
import { LOCK_FILE, lockFolder } from '../../src/results/lock.js';
import { resultsMessages as m } from '../../src/results/messages.js';
import { scratchDir } from '../helpers/folders.js';

const STARTED = '2026-01-01T00:00:00.000Z';
const holderText = (pid: unknown, host: unknown = hostname(), started: unknown = STARTED) => JSON.stringify({ pid, host, started });
/** The pid of a process that has exited. */
const gone = spawnSync(process.execPath, ['-e', '']).pid!;
const running = process.ppid;

function lockedBy(text: string): string {
  const dir = scratchDir('lock');
  writeFileSync(join(dir, LOCK_FILE), text);
  return dir;
}

describe('waiting for the lock', () => {
  it('says once that it waits, for whom, and takes the lock when the holder lets go', async () => {
    const dir = lockedBy(holderText(running));
    const said: string[] = [];
    let looks = 0;
    const lock = await lockFolder(dir, {
      wait: true,
      say: (line) => said.push(line),
      // the holder lets go after the third look, so it has waited twice
      stopped: () => {
        if (++looks === 3) rmSync(join(dir, LOCK_FILE));
        return false;
      },
    });
    expect(said).toEqual([m.waiting(dir, m.holder(running, hostname(), STARTED))]);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid });
    lock!.release();
  });

  it('waits for "another process" when the lock says nothing about its holder', async () => {
    const dir = lockedBy('not json');
    const said: string[] = [];
    await expect(lockFolder(dir, { wait: true, say: (line) => said.push(line), stopped: () => said.length > 0 })).resolves.toBeNull();
    expect(said).toEqual([m.waiting(dir, 'another process')]);
  });
});

describe('a lock whose holder is gone', () => {
  it('is taken over on this host, saying whose it was', async () => {
    const dir = lockedBy(holderText(gone));
    const said: string[] = [];
    const lock = await lockFolder(dir, { say: (line) => said.push(line) });
    expect(said).toEqual([m.staleLock(m.holder(gone, hostname(), STARTED))]);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });
    expect(existsSync(join(dir, `${LOCK_FILE}.stale-${process.pid}`))).toBe(false);
    lock!.release();
  });

  it('is refused when it was taken on another host, where its pid means nothing here, saying how to free it if that host left it', async () => {
    const dir = lockedBy(holderText(gone, 'another-host'));
    await expect(lockFolder(dir)).rejects.toThrow(m.lockedElsewhere(dir, m.holder(gone, 'another-host', STARTED), join(dir, LOCK_FILE)));
  });

  it('is unreadable when its pid, host or start is missing or of the wrong kind', async () => {
    for (const text of [holderText(12.5), holderText('12'), holderText(gone, 7), holderText(gone, hostname(), null), '{}', '[]']) {
      const dir = lockedBy(text);
      await expect(lockFolder(dir), text).rejects.toThrow(m.lockUnreadable(join(dir, LOCK_FILE)));
    }
  });
});

describe('releasing the lock', () => {
  it('removes the lock and stops listening for exit', async () => {
    const dir = scratchDir('lock');
    const listeners = process.listenerCount('exit');
    const lock = await lockFolder(dir);
    expect(process.listenerCount('exit')).toBe(listeners + 1);
    lock!.release();
    expect(process.listenerCount('exit')).toBe(listeners);
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    expect(existsSync(dir)).toBe(true);
  });

  it('removes a folder the caller made just now, unless results were written into it', async () => {
    const empty = join(scratchDir('lock'), 'new');
    mkdirSync(empty);
    (await lockFolder(empty, { madeFolder: true }))!.release();
    expect(existsSync(empty)).toBe(false);
    const written = join(scratchDir('lock'), 'new');
    mkdirSync(written);
    const lock = await lockFolder(written, { madeFolder: true });
    writeFileSync(join(written, 'runs.csv'), 'x');
    lock!.release();
    expect(existsSync(join(written, 'runs.csv'))).toBe(true);
    expect(existsSync(join(written, LOCK_FILE))).toBe(false);
  });

  it('leaves alone a lock another process took over meanwhile', async () => {
    const dir = scratchDir('lock');
    const lock = await lockFolder(dir);
    writeFileSync(join(dir, LOCK_FILE), holderText(running));
    lock!.release();
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe(holderText(running));
  });
});

describe('a lock the operating system will not make or read', () => {
  it('names the folder it cannot write into', async () => {
    const dir = join(scratchDir('lock'), 'absent');
    await expect(lockFolder(dir)).rejects.toThrow(new FileSystemError(m.notWritable(dir, 'no such file or directory (ENOENT)')));
  });

  it('names the lock it cannot read', async () => {
    const dir = scratchDir('lock');
    mkdirSync(join(dir, LOCK_FILE));
    await expect(lockFolder(dir)).rejects.toThrow(new FileSystemError(m.cannotRead(join(dir, LOCK_FILE), 'illegal operation on a directory (EISDIR)')));
  });
});
