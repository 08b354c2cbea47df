// `serve` in this process, on a free port of 127.0.0.1, over a results folder made for the test.
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHash } from '../../src/plan/hash.js';
import { reportMessages } from '../../src/report/messages.js';
import { parseCsv } from '../../src/results/csv.js';
import { writeRunFolder } from '../../src/results/run-folder.js';
import { serveMessages as m } from '../../src/serve/messages.js';
import { startServer, type RunningServer } from '../../src/serve/server.js';
import type { ExperimentDetail } from '../../src/serve/api.js';
import type { ExperimentSummary } from '../../src/serve/summaries.js';
import { root as packageRoot } from '../helpers/command-line.js';
import { scratchDir } from '../helpers/folders.js';
import { events, get } from './http.js';
import { copyFlagship, gridPlan, madeUpResults, writeExperiment } from './results.js';

const TOLERANCE = 1e-12;
// made here, not in beforeAll: the table of refused paths below names a file in it
const outside = scratchDir('serve-outside');
writeFileSync(join(outside, 'secret.txt'), 'secret\n');
const grid = gridPlan('three-keys', { 'training.learning_rate': '[0.1, 0.5]', 'model.hidden': '[[8], [16]]', 'training.batch_size': '[50, 100]' });
let root: string;
let server: RunningServer;

beforeAll(async () => {
  root = join(scratchDir('serve-http'), 'results');
  mkdirSync(root);
  copyFlagship(root);
  writeExperiment(root, grid, madeUpResults(grid));
  symlinkSync(join(outside, 'secret.txt'), join(root, 'lr-comparison', 'secret-link.txt'));
  server = await startServer(root, 0);
});

afterAll(async () => {
  await server.close();
});

const json = async <T>(path: string): Promise<T> => {
  const answer = await get(server.port, path);
  expect(answer.status).toBe(200);
  return JSON.parse(answer.body) as T;
};

describe('serve: the index and an experiment, as JSON', () => {
  it('listens on 127.0.0.1 only, on the port it was given or a free one', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
    expect(server.port).toBeGreaterThan(0);
  });

  it('lists each experiment with its runs, status and best run', async () => {
    const list = await json<ExperimentSummary[]>('/api/experiments');
    expect(list.map((e) => e.id)).toEqual(['lr-comparison', 'three-keys']);
    const flagship = list[0];
    expect(flagship).toMatchObject({ name: 'lr-comparison', finished: 3, planned: 3, status: m.statusComplete, running: false });
    expect(flagship.best).toMatchObject({ run: 'lr-0.5', metric: 'test_accuracy', mode: 'max', slice: 'test' });
    expect(flagship.best!.value).toBeCloseTo(0.951, 12);
    expect(flagship.best!.accuracy).toBeCloseTo(0.951, 12);
    expect(list[1]).toMatchObject({ finished: 8, planned: 8 });
  });

  it("gives each run the figures of the experiment's runs.csv", async () => {
    const detail = await json<ExperimentDetail>('/api/experiments/lr-comparison');
    const { rows } = parseCsv(readFileSync(join(root, 'lr-comparison', 'runs.csv'), 'utf8'));
    expect(detail.runs.map((r) => r.run)).toEqual(rows.map((r) => r[0]));
    detail.runs.forEach((run, i) => {
      const [, rate, status, loss, train, test] = rows[i];
      expect(run.values['training.learning_rate']).toBe(rate);
      expect(run.status).toBe(status);
      expect(Math.abs(run.finalLoss! - Number(loss))).toBeLessThanOrEqual(TOLERANCE);
      expect(Math.abs(run.accuracy.train! - Number(train))).toBeLessThanOrEqual(TOLERANCE);
      expect(Math.abs(run.accuracy.test! - Number(test))).toBeLessThanOrEqual(TOLERANCE);
      expect(run.hasModel).toBe(true);
    });
  });

  it('draws parallel coordinates only where more than two keys vary', async () => {
    expect((await json<ExperimentDetail>('/api/experiments/lr-comparison')).charts.parallel).toBeNull();
    expect((await json<ExperimentDetail>('/api/experiments/three-keys')).charts.parallel).not.toBeNull();
  });

  it('compares runs picked from different experiments, leaving out names it does not know', async () => {
    const picked = ['lr-comparison/lr-0.5', `three-keys/${grid.runs[0].id}`, 'nope/x', 'lr-comparison/nope'];
    const runs = (await json<{ runs: { experiment: string; run: string }[] }>(`/api/compare?${picked.map((p) => `run=${encodeURIComponent(p)}`).join('&')}`)).runs;
    expect(runs.map((r) => `${r.experiment}/${r.run}`)).toEqual(picked.slice(0, 2));
  });

  it('says an experiment it does not have is not found', async () => {
    const answer = await get(server.port, '/api/experiments/nope');
    expect(answer.status).toBe(404);
    expect(JSON.parse(answer.body)).toEqual({ error: m.noSuchExperiment('nope') });
    expect((await get(server.port, '/experiments/nope')).status).toBe(404);
  });
});

describe('serve: only files under RESULTS_DIR', () => {
  it('serves a result file with its type', async () => {
    const answer = await get(server.port, '/files/lr-comparison/runs.csv');
    expect(answer.status).toBe(200);
    expect(answer.type).toMatch(/^text\/csv/);
    expect(answer.body).toBe(readFileSync(join(root, 'lr-comparison', 'runs.csv'), 'utf8'));
  });

  it.each([
    '/files/../../../../etc/passwd',
    '/files/lr-comparison/../../../../../etc/passwd',
    '/files/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
    '/files/%2E%2E%2F%2E%2E%2F%2E%2E%2F%2E%2E%2Fetc%2Fpasswd',
    '/files//etc/passwd',
    '/files/%2Fetc%2Fpasswd',
    `/files/${encodeURIComponent(join(outside, 'secret.txt'))}`,
    '/files/lr-comparison/secret-link.txt',
    '/files/lr-comparison/.lock',
    '/../../etc/passwd',
    '//etc/passwd',
    '/static/..%2f..%2fpackage.json',
    '/static/../../package.json',
  ])('answers %s with 404', async (path) => {
    const answer = await get(server.port, path);
    expect(answer.status).toBe(404);
    expect(answer.body).not.toMatch(/root:|secret/);
  });

  it('answers a request addressed to another host name with 404 (no DNS rebinding)', async () => {
    expect((await get(server.port, '/api/experiments', { host: 'evil.example:80' })).status).toBe(404);
    expect((await get(server.port, '/api/experiments', { host: `localhost:${server.port}` })).status).toBe(200);
  });

  it('serves vega, vega-lite and vega-embed from the installed packages', async () => {
    for (const name of ['vega', 'vega-lite', 'vega-embed']) {
      const answer = await get(server.port, `/static/${name}.js`);
      expect(answer.status).toBe(200);
      expect(answer.type).toMatch(/^text\/javascript/);
      expect(answer.body).toBe(readFileSync(join(packageRoot, 'node_modules', name, 'build', `${name}.min.js`), 'utf8'));
    }
  });
});

describe('serve: a running experiment', () => {
  it('is running while a live process holds its lock, with no plan size until experiment.json lands', async () => {
    const plan = gridPlan('under-way', { 'training.learning_rate': '[0.1, 0.2, 0.3]' });
    const dir = writeExperiment(root, plan, madeUpResults(plan).slice(0, 1), false);
    writeFileSync(join(dir, '.lock'), `${JSON.stringify({ pid: process.pid, host: hostname(), started: new Date().toISOString() })}\n`);
    const summary = (await json<ExperimentSummary[]>('/api/experiments')).find((e) => e.id === 'under-way')!;
    expect(summary).toMatchObject({ status: m.statusRunning, running: true, finished: 1, planned: null });
  });

  it("tells a listening page when a run's folder lands, and then shows the run", async () => {
    const plan = gridPlan('live', { 'training.learning_rate': '[0.1, 0.2]' });
    const results = madeUpResults(plan);
    writeExperiment(root, plan, results.slice(0, 1), false);
    const stream = events(server.port, '/api/experiments/live/events');
    try {
      await stream.next('ready');
      writeExperiment(root, plan, results.slice(1), false);
      await stream.next('change');
      const detail = await json<ExperimentDetail>('/api/experiments/live');
      expect(detail.runs.map((r) => r.run)).toEqual(plan.runs.map((r) => r.id));
      writeExperiment(root, plan, [], true);
      await stream.next('change');
      expect((await json<ExperimentDetail>('/api/experiments/live')).status).toBe(m.statusComplete);
    } finally {
      stream.close();
    }
  });
});

describe('serve: other folders', () => {
  it("serves one experiment's own folder as the only experiment, its files under /files/ directly", async () => {
    const single = await startServer(join(root, 'lr-comparison'), 0);
    try {
      const list = JSON.parse((await get(single.port, '/api/experiments')).body) as ExperimentSummary[];
      expect(list.map((e) => e.id)).toEqual(['lr-comparison']);
      const detail = JSON.parse((await get(single.port, '/api/experiments/lr-comparison')).body) as ExperimentDetail;
      expect(detail.runs[0].files).toBe('runs/lr-0.5/');
      const metrics = await get(single.port, `/files/${detail.runs[0].files}metrics.csv`);
      expect(metrics.body).toBe(readFileSync(join(root, 'lr-comparison', 'runs', 'lr-0.5', 'metrics.csv'), 'utf8'));
    } finally {
      await single.close();
    }
  });

  it('shows an experiment whose experiment.json is damaged, saying what is wrong, with the runs it has', async () => {
    const plan = gridPlan('damaged', { 'training.learning_rate': '[0.1, 0.2]' });
    const dir = writeExperiment(root, plan, madeUpResults(plan));
    writeFileSync(join(dir, 'experiment.json'), '{ "format": 1,');
    const summary = (await json<ExperimentSummary[]>('/api/experiments')).find((e) => e.id === 'damaged')!;
    expect(summary.status).toMatch(/^damaged: .*experiment\.json is damaged: not JSON/);
    expect(summary.finished).toBe(2);
  });

  it('shows an experiment whose experiment.json does not hold what its spec plans as damaged, saying so as report does, with the runs it has', async () => {
    const plan = gridPlan('unplanned', { 'training.learning_rate': '[0.1, 0.2]' });
    const dir = writeExperiment(root, plan, madeUpResults(plan));
    const path = join(dir, 'experiment.json');
    const file = JSON.parse(readFileSync(path, 'utf8')) as { runs: unknown[]; varying: string[] };
    file.runs.reverse();
    writeFileSync(path, JSON.stringify(file));
    const summary = async () => (await json<ExperimentSummary[]>('/api/experiments')).find((e) => e.id === 'unplanned')!;
    expect(await summary()).toMatchObject({ status: m.damaged(reportMessages.experimentNotPlanned(path, reportMessages.planRunOrder)), finished: 2, planned: null });
    file.runs.reverse();
    file.varying = [];
    writeFileSync(path, JSON.stringify(file));
    expect((await summary()).status).toBe(m.damaged(reportMessages.experimentNotPlanned(path, reportMessages.planVarying([], ['training.learning_rate']))));
    file.varying = ['training.learning_rate'];
    writeFileSync(path, JSON.stringify(file));
    expect(await summary()).toMatchObject({ status: m.statusComplete, finished: 2, planned: 2 });
  });

  it("shows a finished experiment whose run folder's config.json records other settings than its spec plans as damaged, not while it runs", async () => {
    const plan = gridPlan('edited-run', { 'training.learning_rate': '[0.1, 0.2]' });
    const results = madeUpResults(plan);
    const dir = writeExperiment(root, plan, results);
    const good = results[1];
    const config = { ...good.run.config, training: { ...good.run.config.training, learning_rate: 0.7 } };
    writeRunFolder(dir, { ...good, run: { ...good.run, config } });
    const summary = async () => (await json<ExperimentSummary[]>('/api/experiments')).find((e) => e.id === 'edited-run')!;
    const problem = reportMessages.planRecord(good.run.id, runHash(config), good.run.hash);
    expect(await summary()).toMatchObject({ status: m.damaged(reportMessages.experimentNotPlanned(join(dir, 'experiment.json'), problem)), finished: 2 });
    writeFileSync(join(dir, '.lock'), `${JSON.stringify({ pid: process.pid, host: hostname(), started: new Date().toISOString() })}\n`);
    expect(await summary()).toMatchObject({ status: m.statusRunning, finished: 2, planned: 2 });
  });
});

describe('serve: starting', () => {
  it('refuses a port in use with one line naming it', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      await expect(startServer(root, port)).rejects.toThrow(m.portInUse(port));
    } finally {
      taken.close();
    }
  });
});
