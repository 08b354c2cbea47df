/** The fault-injection hooks the CLI tests rely on: inert unless set, precise when set. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { beforeFileWrite, beforeFolderRename } from '../../src/results/test-hooks.js';
import { folderWith } from '../helpers/folders.js';
import { join } from 'node:path';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('the injected write error', () => {
  it('does nothing unless RUN_EXPERIMENTS_TEST_FS_ERROR is set', () => {
    vi.stubEnv('RUN_EXPERIMENTS_TEST_FS_ERROR', '');
    expect(() => beforeFileWrite('/r/model.bin')).not.toThrow();
  });

  it('fails the write of the named file only, as the OS would: code, negative errno and path', () => {
    vi.stubEnv('RUN_EXPERIMENTS_TEST_FS_ERROR', 'ENOSPC:model.bin');
    expect(() => beforeFileWrite('/r/runs/a/model.json')).not.toThrow();
    expect(() => beforeFileWrite('/r/model.bin.json')).not.toThrow();
    let thrown: unknown;
    try {
      beforeFileWrite('/r/runs/a/model.bin');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: 'ENOSPC', errno: -28, path: '/r/runs/a/model.bin', message: "ENOSPC: injected, write '/r/runs/a/model.bin'" });
  });

  it('leaves errno out for a code the OS does not know', () => {
    vi.stubEnv('RUN_EXPERIMENTS_TEST_FS_ERROR', 'EMADEUP:x.csv');
    expect(() => beforeFileWrite('/r/x.csv')).toThrow(expect.objectContaining({ code: 'EMADEUP', errno: undefined }));
  });
});

describe('the hold before a folder is renamed into place', () => {
  it('does nothing unless RUN_EXPERIMENTS_TEST_HOLD_RENAME is set', () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    vi.stubEnv('RUN_EXPERIMENTS_TEST_HOLD_RENAME', '');
    beforeFolderRename('/r/runs/a');
    expect(write).not.toHaveBeenCalled();
  });

  it('says it holds every folder, or only the named one, until the file exists', () => {
    const release = join(folderWith({ release: '' }), 'release');
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    vi.stubEnv('RUN_EXPERIMENTS_TEST_HOLD_RENAME', release);
    beforeFolderRename('/r/runs/a');
    vi.stubEnv('RUN_EXPERIMENTS_TEST_HOLD_RENAME', `${release}:b`);
    beforeFolderRename('/r/runs/a');
    beforeFolderRename('/r/runs/b');
    expect(write.mock.calls.map(([line]) => line)).toEqual([
      `test hook: holding before renaming /r/runs/a into place until ${release} exists\n`,
      `test hook: holding before renaming /r/runs/b into place until ${release} exists\n`,
    ]);
  });
});
