/**
 * The record of the last report drawn (report/report-record.ts): which changes to its inputs or
 * to its files make the record differ, so that a cached rerun draws the report again, and which
 * do not, so that it is skipped.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { reportInputs, reportOutputs } from '../../src/report/report-record.js';
import { folderWith, scratchDir } from '../helpers/folders.js';
import { makePlan } from './fixtures.js';

// every digest of a set of files, with the names it was given: the report's code is one of them
const digested = vi.hoisted(() => ({ maps: [] as Map<string, Buffer>[] }));
vi.mock('../../src/results/verified-runs.js', async (original) => {
  const real = await original<typeof import('../../src/results/verified-runs.js')>();
  return {
    ...real,
    folderDigest: (files: Map<string, Buffer>) => (digested.maps.push(new Map(files)), real.folderDigest(files)),
  };
});

const HEX = /^[0-9a-f]{64}$/;
const DIGESTS = ['a'.repeat(64), 'b'.repeat(64)];

describe("the digest of a report's inputs", () => {
  it("covers the report's code: every module under src/report, subfolders included, by its path and bytes, read once", () => {
    digested.maps.length = 0;
    reportInputs(makePlan([0.5, 1.2]), DIGESTS);
    reportInputs(makePlan([0.5, 1.2]), DIGESTS);
    expect(digested.maps, 'the code is read once per process').toHaveLength(1);
    const code = digested.maps[0];
    const folder = fileURLToPath(new URL('../../src/report/', import.meta.url));
    for (const module of ['report-record.ts', 'chart-file.ts', 'charts/run-chart.ts', 'compare/sources.ts']) {
      expect(code.get(module)?.equals(readFileSync(join(folder, module))), module).toBe(true);
    }
  });

  it('is a SHA-256 in hex, the same for the same plan and run digests', () => {
    const inputs = reportInputs(makePlan([0.5, 1.2]), DIGESTS);
    expect(inputs).toMatch(HEX);
    expect(reportInputs(makePlan([0.5, 1.2]), [...DIGESTS])).toBe(inputs);
  });

  it("is unknown (null) when any run's folder digest is unknown: the report is then drawn", () => {
    const plan = makePlan([0.5, 1.2]);
    expect(reportInputs(plan, [DIGESTS[0], undefined])).toBeNull();
    expect(reportInputs(plan, [undefined, DIGESTS[1]])).toBeNull();
    expect(reportInputs(plan, [undefined, undefined])).toBeNull();
  });

  it("changes with a run folder's bytes, a run's id or config hash, the runs' order, the spec and the varying keys", () => {
    const plan = makePlan([0.5, 1.2]);
    const inputs = reportInputs(plan, DIGESTS);
    const [first, second] = plan.runs;
    const changed = [
      reportInputs(plan, [DIGESTS[0], 'c'.repeat(64)]),
      reportInputs({ ...plan, runs: [{ ...first, id: 'lr-0.50' }, second] }, DIGESTS),
      reportInputs({ ...plan, runs: [first, { ...second, hash: 'other' }] }, DIGESTS),
      reportInputs({ ...plan, runs: [second, first] }, [DIGESTS[1], DIGESTS[0]]),
      reportInputs({ ...plan, spec: { ...plan.spec, description: 'Another description.' } }, DIGESTS),
      reportInputs({ ...plan, varying: [...plan.varying, 'repeat'] }, DIGESTS),
    ];
    for (const [k, other] of changed.entries()) {
      expect(other, `change ${k}`).toMatch(HEX);
      expect(other, `change ${k}`).not.toBe(inputs);
    }
    expect(new Set(changed).size).toBe(changed.length);
  });

  it("does not change with the order of the spec's keys (the spec is read as data, not text)", () => {
    const plan = makePlan([0.5, 1.2]);
    const { name, ...rest } = plan.spec;
    expect(reportInputs({ ...plan, spec: { ...rest, name } }, DIGESTS)).toBe(reportInputs(plan, DIGESTS));
  });
});

/** A results folder with every file of a report, and a run folder beside them. */
function drawnReport(): string {
  return folderWith({
    'experiment.json': '{"format":1}\n',
    'runs.csv': 'run,status\nlr-0.5,completed\n',
    'README.md': '# lr-comparison\n',
    '.gitignore': '*.safetensors\n',
    'timings.csv': 'run,seconds\nlr-0.5,1.25\n',
    'charts/loss.svg': '<svg></svg>\n',
    'charts/loss.vl.json': '{}\n',
    'charts/runs/lr-0.5/chart.svg': '<svg>run</svg>\n',
    'runs/lr-0.5/metrics.csv': 'iteration,loss\n0,2.3\n',
  }, 'report-record');
}

describe("the digest of a report's files", () => {
  it('is a SHA-256 in hex, the same for the same files in another folder', () => {
    const outputs = reportOutputs(drawnReport());
    expect(outputs).toMatch(HEX);
    expect(reportOutputs(drawnReport())).toBe(outputs);
  });

  it('changes when any file of the report changes, is removed, or a chart is added, however deep under charts/', () => {
    const before = reportOutputs(drawnReport());
    const edits: [string, (dir: string) => void][] = [
      ['experiment.json changed', (dir) => writeFileSync(join(dir, 'experiment.json'), '{"format":2}\n')],
      ['runs.csv changed', (dir) => writeFileSync(join(dir, 'runs.csv'), 'run,status\nlr-0.5,failed\n')],
      ['README.md changed', (dir) => writeFileSync(join(dir, 'README.md'), '# edited\n')],
      ['.gitignore changed', (dir) => writeFileSync(join(dir, '.gitignore'), '')],
      ['experiment.json removed', (dir) => rmSync(join(dir, 'experiment.json'))],
      ['runs.csv removed', (dir) => rmSync(join(dir, 'runs.csv'))],
      ['README.md removed', (dir) => rmSync(join(dir, 'README.md'))],
      ['.gitignore removed', (dir) => rmSync(join(dir, '.gitignore'))],
      ['timings.csv removed', (dir) => rmSync(join(dir, 'timings.csv'))],
      ['a chart changed', (dir) => writeFileSync(join(dir, 'charts/loss.svg'), '<svg><g/></svg>\n')],
      ["a run's chart changed", (dir) => writeFileSync(join(dir, 'charts/runs/lr-0.5/chart.svg'), '<svg>edited</svg>\n')],
      ["a run's chart removed", (dir) => rmSync(join(dir, 'charts/runs/lr-0.5/chart.svg'))],
      ['a chart added', (dir) => writeFileSync(join(dir, 'charts/runs/lr-0.5/chart.vl.json'), '{}\n')],
      ['a chart renamed', (dir) => {
        rmSync(join(dir, 'charts/loss.vl.json'));
        writeFileSync(join(dir, 'charts/lost.vl.json'), '{}\n');
      }],
      ['README.md checked out with CRLF', (dir) => writeFileSync(join(dir, 'README.md'), '# lr-comparison\r\n')],
    ];
    const seen = new Set([before]);
    for (const [what, edit] of edits) {
      const dir = drawnReport();
      edit(dir);
      const after = reportOutputs(dir);
      expect(after, what).not.toBe(before);
      seen.add(after);
    }
    expect(seen.size, 'each change gives its own digest').toBe(edits.length + 1);
  });

  it("does not change with timings.csv's seconds (they differ between identical runs), nor with the run folders or other files", () => {
    const before = reportOutputs(drawnReport());
    const dir = drawnReport();
    writeFileSync(join(dir, 'timings.csv'), 'run,seconds\nlr-0.5,9.75\n');
    writeFileSync(join(dir, 'runs/lr-0.5/metrics.csv'), 'iteration,loss\n0,1.1\n');
    writeFileSync(join(dir, 'notes.txt'), 'mine\n');
    mkdirSync(join(dir, 'charts/empty'));
    expect(reportOutputs(dir)).toBe(before);
  });

  it('does not hang on a FIFO put under charts/, and counts it as a file there, not as an empty one', () => {
    const fifo = drawnReport();
    execFileSync('mkfifo', [join(fifo, 'charts/odd')]);
    const empty = drawnReport();
    writeFileSync(join(empty, 'charts/odd'), '');
    const outputs = reportOutputs(fifo);
    expect(outputs).toMatch(HEX);
    expect(outputs).not.toBe(reportOutputs(drawnReport()));
    expect(outputs).not.toBe(reportOutputs(empty));
  });

  it('is that of an empty report for a folder that does not exist, and differs from any drawn one', () => {
    const gone = join(scratchDir('report-record'), 'gone');
    expect(reportOutputs(gone)).toBe(reportOutputs(scratchDir('report-record')));
    expect(reportOutputs(gone)).not.toBe(reportOutputs(drawnReport()));
  });
});
