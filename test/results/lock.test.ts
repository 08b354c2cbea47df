import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFileMessages } from '../../src/core/read-file.js';
import { FileSystemError } from '../../src/errors.js';
import { LOCK_FILE, lockFolder } from '../../src/results/lock.js';
import { resultsMessages as m } from '../../src/results/messages.js';
import { scratchDir } from '../helpers/folders.js';

const holder = (pid: number, host = hostname()) => ({ pid, host, started: '2026-01-01T00:00:00.000Z' });

describe('the lock of a results folder', () => {
  it('holds this process\'s pid, host and start time until released', async () => {
    const dir = scratchDir('lock');
    const lock = await lockFolder(dir);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });
    lock!.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  it('is refused while a running process holds it, naming that process', async () => {
    const dir = scratchDir('lock');
    const other = holder(process.ppid);
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify(other));
    await expect(lockFolder(dir)).rejects.toThrow(m.locked(dir, m.holder(other.pid, other.host, other.started)));
    await expect(lockFolder(dir, { wait: true, stopped: () => true })).resolves.toBeNull();
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify(holder(process.ppid, 'another-host')));
    await expect(lockFolder(dir)).rejects.toThrow(/in use by process \d+ on another-host/);
    writeFileSync(join(dir, LOCK_FILE), '');
    await expect(lockFolder(dir)).rejects.toThrow(m.lockUnreadable(join(dir, LOCK_FILE)));
  });

  it('is refused at once, naming it, when it is a symbolic link to nothing (the create finds it, the read does not: it used to spin for good)', async () => {
    const dir = scratchDir('lock');
    symlinkSync(join(dir, 'nowhere', 'x'), join(dir, LOCK_FILE));
    await expect(lockFolder(dir)).rejects.toThrow(new FileSystemError(m.cannotRead(join(dir, LOCK_FILE), m.lockLink)));
    await expect(lockFolder(dir, { wait: true })).rejects.toThrow(m.lockLink);
  });

  it('is refused at once, naming it, when it is a FIFO (read, it would block forever)', async () => {
    const dir = scratchDir('lock');
    execFileSync('mkfifo', [join(dir, LOCK_FILE)]);
    await expect(lockFolder(dir)).rejects.toThrow(new FileSystemError(m.cannotRead(join(dir, LOCK_FILE), readFileMessages.notRegular('a FIFO'))));
  });

  it('is taken over from a pid that is now this process (the holder died and the pid came back)', async () => {
    const dir = scratchDir('lock');
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify(holder(process.pid)));
    const said: string[] = [];
    const lock = await lockFolder(dir, { say: (line) => said.push(line) });
    expect(said).toEqual([m.staleLock(m.holder(process.pid, hostname(), '2026-01-01T00:00:00.000Z'))]);
    lock!.release();
  });
});
