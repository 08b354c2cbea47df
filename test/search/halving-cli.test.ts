/**
 * Successive halving and checkpoints through the built command line: the same trials pruned
 * at any concurrency and across Ctrl-C and resume, byte for byte; runs continued from a
 * checkpoint equal to runs trained straight through; the iterations spent as the formula says.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliMessages } from '../../src/cli/messages.js';
import { halve, iterationsSpent } from '../../src/plan/halving.js';
import { parseCsv } from '../../src/results/csv.js';
import { VERIFIED_FILE } from '../../src/results/verified-runs.js';
import { checkpointMessages } from '../../src/schedule/checkpoint-messages.js';
import { checkpointPath } from '../../src/schedule/checkpoints.js';
import { runMessages } from '../../src/schedule/messages.js';
import { specMessages } from '../../src/spec/messages.js';
import { run, start } from '../helpers/command-line.js';
import { differences, notTimings, scratchDir, tree } from '../helpers/folders.js';

const TRIALS = 9;
const ITERATIONS = 91;
const SCHEDULE = { min_iterations: 10, reduction: 3 };

/** 9 trials of a small network, ranked on a validation slice of their own; rungs at iterations 10 and 30. No trials: one run. */
function spec(name: string, schedule: boolean, trials = TRIALS): string {
  return [
    `name: ${name}`,
    'data:',
    '  train: { split: train, end: 500 }',
    '  evaluate:',
    '    validation: { split: train, start: 50000, end: 50100 }',
    '    test: { split: test, end: 200 }',
    'model: { hidden: [20], activation: relu, init: he }',
    `training: { learning_rate: 0.3, batch_size: 50, iterations: ${ITERATIONS}, eval_every: 10, sampling: shuffle }`,
    ...(trials > 0 ? [
      'search:',
      `  trials: ${trials}`,
      '  seed: 3',
      '  space:',
      '    training.learning_rate: { loguniform: [1.0e-4, 1.0] }',
      ...(schedule ? [`  schedule: { kind: successive_halving, min_iterations: ${SCHEDULE.min_iterations}, reduction: ${SCHEDULE.reduction} }`] : []),
    ] : []),
    'report:',
    '  select: { metric: validation_accuracy, mode: max }',
    '',
  ].join('\n');
}

const dir = scratchDir('halving');
const specFile = (name: string, text: string): string => {
  const path = join(dir, `${name}.yaml`);
  writeFileSync(path, text);
  return path;
};
const halving = specFile('halving', spec('halving', true));
const ids = Array.from({ length: TRIALS }, (_, t) => `t${String(t).padStart(3, '0')}`);

function rows(out: string): Record<string, string>[] {
  const { header, rows } = parseCsv(readFileSync(join(out, 'runs.csv'), 'utf8'));
  return rows.map((row) => Object.fromEntries(header.map((h, i) => [h, row[i]])));
}

/** Checkpoints at every evaluation point (not at most one a second), so that where a run goes on from is known. */
const EVERY_EVALUATION = { RUN_EXPERIMENTS_CHECKPOINT_MS: '0' };

/** Interrupts a run of `args` when `target` holds at `iteration`: Ctrl-C, then lets the held worker go on to see it. */
async function interruptAt(args: string[], target: string, iteration: number): Promise<void> {
  const release = join(dir, `release-${target}-${iteration}-${Math.random()}`);
  const running = start(args, { RUN_EXPERIMENTS_HOLD: `${target}@${iteration}`, RUN_EXPERIMENTS_HOLD_RELEASE: release, ...EVERY_EVALUATION });
  await running.waitFor(new RegExp(`hold: ${target} at iteration ${iteration}`));
  running.child.kill('SIGINT');
  await running.waitFor(new RegExp(runMessages.interrupted.slice(0, 20)));
  writeFileSync(release, '');
  const done = await running.done;
  expect(done.code).toBe(130);
}

let straight: string;
let once: string;
let survivor: string;

beforeAll(async () => {
  straight = join(dir, 'straight');
  once = join(dir, 'once');
  const [full, halved] = await Promise.all([
    run([specFile('full', spec('halving', false)), '--out', straight, '--concurrency', '1']),
    run([halving, '--out', once, '--concurrency', '1']),
  ]);
  expect(full.code).toBe(0);
  expect(halved.code).toBe(0);
  survivor = rows(once).find((r) => r.status === 'completed')!.run;
}, 120_000);

describe('successive halving through the command line', () => {
  it('prunes by the rule of plan/halving.ts on the trials\' own curves, and spends the iterations the formula says', () => {
    const scores = ids.map((id) => parseCsv(readFileSync(join(straight, 'runs', id, 'evaluations.csv'), 'utf8')).rows);
    const scoreAt = (trial: number, iteration: number): number => Number(scores[trial].find((r) => Number(r[0]) === iteration)![2]);
    const expected = halve(TRIALS, SCHEDULE, ITERATIONS, 'max', scoreAt);
    const found = rows(once);
    expect(found.map((r) => r.status === 'pruned')).toEqual(expected.pruned);
    const trained = ids.map((id) => readFileSync(join(once, 'runs', id, 'metrics.csv'), 'utf8').trim().split('\n').length - 1);
    expect(trained).toEqual(expected.trained);
    expect(trained.reduce((a, b) => a + b, 0)).toBe(iterationsSpent(TRIALS, SCHEDULE, ITERATIONS));
    expect(found.filter((r) => r.status === 'pruned').map((r) => Number(r.pruned_at))).toEqual(expected.trained.filter((n) => n < ITERATIONS).map((n) => n - 1));
  });

  it('continues promoted trials from their checkpoints: the survivor and each pruned curve equal the straight-through run\'s, byte for byte', () => {
    expect(differences(tree(join(once, 'runs', survivor)), tree(join(straight, 'runs', survivor)))).toEqual([]);
    for (const id of ids) {
      const pruned = readFileSync(join(once, 'runs', id, 'metrics.csv'), 'utf8');
      expect(readFileSync(join(straight, 'runs', id, 'metrics.csv'), 'utf8').startsWith(pruned)).toBe(true);
    }
  });

  it('leaves no checkpoint behind once the search is done', () => {
    expect(existsSync(join(once, 'checkpoints'))).toBe(false);
  });

  it('prunes the same trials, with the same bytes, at concurrency 2', async () => {
    const twice = join(dir, 'twice');
    expect((await run([halving, '--out', twice, '--concurrency', '2'])).code).toBe(0);
    expect(differences(tree(once, notTimings), tree(twice, notTimings))).toEqual([]);
  }, 60_000);

  it('plan says where the rungs fall and how many iterations the search trains', async () => {
    const planned = await run(['plan', halving]);
    expect(planned.code).toBe(0);
    expect(planned.stdout).toContain(cliMessages.halvingBudget([10, 30], ITERATIONS, iterationsSpent(TRIALS, SCHEDULE, ITERATIONS), TRIALS * ITERATIONS));
  }, 30_000);

  it('skips every trial, pruned or completed, when run again', async () => {
    const again = await run([halving, '--out', once]);
    expect(again.code).toBe(0);
    for (const r of rows(once)) {
      expect(again.stderr).toContain(r.status === 'pruned' ? runMessages.rankedAgain(r.run, Number(r.pruned_at)) : runMessages.skipped(r.run, 'completed'));
    }
    expect(again.stderr).not.toMatch(/: started|prunes it/);
    expect(again.stderr).toMatch(/\b0 runs trained and 9 cached/);
  }, 60_000);

  it('ranks the trials again when the schedule changes: a trial the new rungs promote trains on, one that went past them is kept and named', async () => {
    // rungs at 20 and 60 where the folder's decisions were taken at 10 and 30
    const later = specFile('later', spec('halving', true).replace(`min_iterations: ${SCHEDULE.min_iterations}`, 'min_iterations: 20'));
    const fresh = join(dir, 'later-fresh');
    const rerun = join(dir, 'later-rerun');
    cpSync(once, rerun, { recursive: true });
    // later.yaml stands for halving.yaml edited in place: the copy drops the record of which spec file made it
    // (another one of the same name, still there, is refused), and with it the digests: every trial is checked in full
    rmSync(join(rerun, VERIFIED_FILE));
    const [fromScratch, again] = await Promise.all([run([later, '--out', fresh, '--concurrency', '1']), run([later, '--out', rerun, '--concurrency', '1'])]);
    expect(fromScratch.code).toBe(0);
    expect(again.code, again.stderr).toBe(0);
    // the trials pruned at 10 are not what this search decides: it trains them to its own rung
    const before = rows(once);
    const prunedAt10 = before.filter((r) => r.pruned_at === '10').map((r) => r.run);
    expect(prunedAt10.length).toBeGreaterThan(0);
    for (const id of prunedAt10) {
      expect(again.stderr).toContain(runMessages.rankedAgain(id, 10));
      expect(again.stderr).toContain(`${id}: started`);
    }
    expect(again.stderr).not.toMatch(/\b0 runs trained/);
    // each trial is the fresh search's, byte for byte, but one whose folder went past where this search prunes it
    const fresher = new Map(rows(fresh).map((r) => [r.run, r]));
    for (const r of before) {
      const freshRow = fresher.get(r.run)!;
      const wentPast = freshRow.status === 'pruned' && Number(r.pruned_at || ITERATIONS) > Number(freshRow.pruned_at);
      if (wentPast) {
        expect(again.stderr).toContain(runMessages.keptPastRung(r.run, Number(freshRow.pruned_at), r.status as 'pruned' | 'completed'));
        expect(differences(tree(join(rerun, 'runs', r.run)), tree(join(once, 'runs', r.run))), r.run).toEqual([]);
      } else {
        expect(again.stderr).not.toContain(`${r.run}: this search prunes it`);
        expect(differences(tree(join(rerun, 'runs', r.run), notTimings), tree(join(fresh, 'runs', r.run), notTimings)), r.run).toEqual([]);
      }
    }
    // ranked again, and nothing more to do: every trial skipped, nothing said of the kept ones twice over
    const third = await run([later, '--out', rerun]);
    expect(third.code).toBe(0);
    expect(third.stderr).toMatch(/\b0 runs trained/);
  }, 120_000);

  it('removes the checkpoints no run will go on from when nothing trains, and those of runs outside the plan only with --prune', async () => {
    const left = join(dir, 'left-checkpoints');
    cpSync(once, left, { recursive: true });
    // what an interrupted --force leaves beside folders that are whole: checkpoints of runs that were already done
    mkdirSync(join(left, 'checkpoints'));
    writeFileSync(checkpointPath(left, survivor), 'from a --force cut short');
    writeFileSync(checkpointPath(left, 't000'), 'from a --force cut short');
    writeFileSync(checkpointPath(left, 't999'), 'of a trial of a larger search');
    const again = await run([halving, '--out', left]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/\b0 runs trained/);
    expect(readdirSync(join(left, 'checkpoints'))).toEqual(['t999.checkpoint']);
    expect((await run([halving, '--out', left, '--prune'])).code).toBe(0);
    expect(existsSync(join(left, 'checkpoints'))).toBe(false);
  }, 60_000);

  it('after Ctrl-C between rungs, goes on from the checkpoint and ends with the same decisions and bytes', async () => {
    const out = join(dir, 'between-rungs');
    await interruptAt([halving, '--out', out, '--concurrency', '2'], survivor, 50);
    expect(existsSync(checkpointPath(out, survivor))).toBe(true);
    // in a folder git ignores, so interrupted results committed as they are carry no checkpoint
    expect(readFileSync(join(out, 'checkpoints', '.gitignore'), 'utf8')).toMatch(/^\*$/m);
    const resumed = await run([halving, '--out', out, '--concurrency', '2']);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toContain(checkpointMessages.resuming(survivor, 51));
    expect(differences(tree(once, notTimings), tree(out, notTimings))).toEqual([]);
  }, 60_000);

  it('after Ctrl-C in the first rung, with trials paused at it, ends with the same decisions and bytes', async () => {
    const out = join(dir, 'first-rung');
    await interruptAt([halving, '--out', out, '--concurrency', '2'], 't000', 5);
    const resumed = await run([halving, '--out', out, '--concurrency', '1']);
    expect(resumed.code).toBe(0);
    expect(differences(tree(once, notTimings), tree(out, notTimings))).toEqual([]);
  }, 60_000);

  it('trains a run from iteration 0, saying why, when its checkpoint is damaged, and still ends with the same bytes', async () => {
    const out = join(dir, 'damaged');
    await interruptAt([halving, '--out', out, '--concurrency', '2'], survivor, 50);
    const path = checkpointPath(out, survivor);
    const bytes = readFileSync(path);
    bytes[bytes.length - 1] ^= 0xff;
    writeFileSync(path, bytes);
    const resumed = await run([halving, '--out', out, '--concurrency', '2']);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toContain(checkpointMessages.notUsed(survivor, join('checkpoints', `${survivor}.checkpoint`), checkpointMessages.damaged));
    expect(differences(tree(once, notTimings), tree(out, notTimings))).toEqual([]);
  }, 60_000);
});

describe('successive halving and the queue', () => {
  it('is refused with --queue (its workers train runs through), exit 2, before anything is written', async () => {
    const out = join(dir, 'queued');
    const done = await run([halving, '--out', out, '--queue', 'redis://127.0.0.1:1']);
    expect(done.code).toBe(2);
    expect(done.stderr).toContain(specMessages.scheduleQueue());
    expect(done.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  }, 30_000);
});

describe('any run, interrupted', () => {
  it('goes on from its last checkpoint when the spec is run again, and equals the run trained straight through', async () => {
    const plain = specFile('plain', spec('plain', false, 0));
    const through = join(dir, 'plain-through');
    const resumedOut = join(dir, 'plain-resumed');
    expect((await run([plain, '--out', through])).code).toBe(0);
    await interruptAt([plain, '--out', resumedOut], 'run', 50);
    const resumed = await run([plain, '--out', resumedOut]);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toContain(checkpointMessages.resuming('run', 51));
    expect(differences(tree(through, notTimings), tree(resumedOut, notTimings))).toEqual([]);
    expect(existsSync(checkpointPath(resumedOut, 'run'))).toBe(false);
  }, 60_000);
});
