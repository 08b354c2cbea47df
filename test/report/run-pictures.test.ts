/** A run's pictures, and those drawn early, while the last run of a small plan still trains. */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { analysisMessages } from '../../src/analysis/messages.js';
import { specText, SVG, VEGA_LITE } from '../../src/report/chart-file.js';
import { BEST_FEW } from '../../src/report/drawn-runs.js';
import { readmeText } from '../../src/report/readme-text.js';
import { renderRunEarly, runChartsFolder, runHeading, runPictures, RUN_CHARTS } from '../../src/report/run-pictures.js';
import { SplitImages } from '../../src/report/split-images.js';
import { runFolderPath } from '../../src/results/run-folder.js';
import { keyValueText } from '../../src/report/words.js';
import { scratchDir } from '../helpers/folders.js';
import { makePlan, makeResult } from './fixtures.js';

// every PNG the pictures encode, counted: encoding the mistakes' images is most of a run's pictures' cost
const encoded = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../src/analysis/digit-png.js', async (original) => {
  const real = await original<typeof import('../../src/analysis/digit-png.js')>();
  return { ...real, digitPngUrl: (...args: Parameters<typeof real.digitPngUrl>) => (encoded.count++, real.digitPngUrl(...args)) };
});

// the specs handed to the renderer early, not rendered: what is rendered is render-svg.ts' concern
const early = vi.hoisted(() => ({ specs: [] as unknown[] }));
vi.mock('../../src/report/render-svg.js', async (original) => {
  const real = await original<typeof import('../../src/report/render-svg.js')>();
  return { ...real, renderEarly: (spec: unknown) => void early.specs.push(spec) };
});
beforeEach(() => {
  early.specs.length = 0;
});

const COMMITTED = join(import.meta.dirname, '../../results/lr-comparison/runs/lr-0.5');

/** A results folder whose run lr-0.5 has the flagship's confusion matrix and mistakes (16 images of the test split). */
function folderWithRun() {
  const plan = makePlan([0.5, 1.2]);
  const result = makeResult(plan.runs[0], 'completed');
  const dir = scratchDir('run-pictures');
  const folder = runFolderPath(dir, result.run.id);
  mkdirSync(folder, { recursive: true });
  for (const file of ['confusion-test.csv', 'mistakes-test.csv']) copyFileSync(join(COMMITTED, file), join(folder, file));
  return { dir, plan, result, input: { spec: plan.spec, varying: plan.varying, results: [result] } };
}

describe("a run's pictures", () => {
  it('are its chart, a confusion matrix and the mistakes of each slice that has them, in charts/runs/<run>/', () => {
    const { dir, result, input } = folderWithRun();
    const charts = runPictures(dir, input, result, new SplitImages(input.spec.data.source));
    expect(charts.map((c) => c.path)).toEqual(['charts/runs/lr-0.5/chart', 'charts/runs/lr-0.5/confusion-test', 'charts/runs/lr-0.5/mistakes-test']);
    const images = charts[2].withImages!()! as unknown as { data: { values: { image: string }[] } };
    expect(images.data.values).toHaveLength(16);
    for (const value of images.data.values) expect(value.image).toMatch(/^data:image\/png;base64,/);
  });

  it("drawn early, leave the report only the spec: the mistakes' images are encoded once, and the report's spec is the same bytes", () => {
    const { dir, plan, result, input } = folderWithRun();
    const fresh = runPictures(dir, input, result, new SplitImages(input.spec.data.source))[2].withImages!()!;

    encoded.count = 0;
    renderRunEarly(dir, plan, result);
    expect(encoded.count).toBe(16);
    const report = runPictures(dir, input, result, new SplitImages(input.spec.data.source))[2];
    expect(specText(report.withImages!()!)).toBe(specText(fresh));
    expect(encoded.count, 'the report encoded the images again').toBe(16);

    // the early spec is taken once: a later report (of another process, say) encodes them itself
    const again = runPictures(dir, input, result, new SplitImages(input.spec.data.source))[2];
    expect(specText(again.withImages!()!)).toBe(specText(fresh));
    expect(encoded.count).toBe(32);
  });

  it("drawn early for one results folder, are not another's: a report of another folder with the same run and mistakes encodes its own", () => {
    const one = folderWithRun();
    const other = folderWithRun();
    encoded.count = 0;
    renderRunEarly(one.dir, one.plan, one.result);
    expect(encoded.count).toBe(16);
    runPictures(other.dir, other.input, other.result, new SplitImages(other.input.spec.data.source))[2].withImages!();
    expect(encoded.count, "the other folder's report took the first folder's images").toBe(32);
    runPictures(one.dir, one.input, one.result, new SplitImages(one.input.spec.data.source))[2].withImages!();
    expect(encoded.count, "the first folder's report encoded its images again").toBe(32);
  });

  it('are not drawn early for a run that did not complete, nor for a plan with more runs than the report draws up close', () => {
    const { dir, plan, result } = folderWithRun();
    encoded.count = 0;
    renderRunEarly(dir, plan, { ...result, status: 'diverged', divergedAt: 3 });
    renderRunEarly(dir, makePlan(Array.from({ length: 40 }, (_, k) => k / 100)), result);
    expect(encoded.count).toBe(0);
  });
});

/** A results folder whose run lr-0.5 (of a plan evaluating train then test) holds `files`. */
function runWith(files: Record<string, string>, result = makeResult(makePlan([0.5, 1.2]).runs[0], 'completed')) {
  const plan = makePlan([0.5, 1.2]);
  const dir = scratchDir('run-pictures');
  const folder = runFolderPath(dir, result.run.id);
  mkdirSync(folder, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text);
  const input = { spec: plan.spec, varying: plan.varying, results: [result] };
  return { dir, plan, result, input, pictures: () => runPictures(dir, input, result, new SplitImages(input.spec.data.source)) };
}

const committed = (name: string) => readFileSync(join(COMMITTED, name), 'utf8');
const MISTAKES_HEADER = 'index,true,predicted,probability,doubt';
/** A mistakes file of one row. */
const mistake = (index: number, actual: number, predicted: number) => `${MISTAKES_HEADER}\n${index},${actual},${predicted},0.9,0.05\n`;
/** A confusion matrix of three classes. */
const THREE_CLASSES = 'true\\predicted,0,1,2\n0,5,1,0\n1,0,6,1\n2,2,0,7\n';
const names = (charts: { path: string }[]) => charts.map((c) => c.path.slice(`${runChartsFolder('lr-0.5')}/`.length));
type Values = { data: { values: Record<string, unknown>[] }; title: { text: string } };

describe("a run's pictures, slice by slice", () => {
  it("go in charts/runs/<run>/: the run's chart, then a confusion matrix of each slice with one, then the mistakes of each slice with them, titled as the README describes them", () => {
    expect(RUN_CHARTS).toBe('charts/runs');
    expect(runChartsFolder('lr-0.5')).toBe('charts/runs/lr-0.5');
    const { pictures } = runWith({
      'confusion-test.csv': committed('confusion-test.csv'),
      'confusion-train.csv': committed('confusion-train.csv'),
      'mistakes-test.csv': committed('mistakes-test.csv'),
      'mistakes-train.csv': mistake(59999, 3, 5),
    });
    const charts = pictures();
    expect(names(charts)).toEqual(['chart', 'confusion-train', 'confusion-test', 'mistakes-train', 'mistakes-test']);
    expect(charts.map((c) => c.title)).toEqual([
      'lr-0.5',
      readmeText.confusionAlt('lr-0.5', 'train'), readmeText.confusionAlt('lr-0.5', 'test'),
      readmeText.mistakesAlt('lr-0.5', 'train'), readmeText.mistakesAlt('lr-0.5', 'test'),
    ]);
    expect(charts.map((c) => c.withImages !== undefined)).toEqual([false, false, false, true, true]);
  });

  it('draw each confusion matrix from its own file, and each mistakes picture from its own, without images until asked', () => {
    const { pictures } = runWith({
      'confusion-test.csv': committed('confusion-test.csv'),
      'confusion-train.csv': committed('confusion-train.csv'),
      'mistakes-test.csv': committed('mistakes-test.csv'),
    });
    const [, train, test, mistakes] = pictures().map((c) => c.spec as unknown as Values);
    expect(train.title.text).toBe(analysisMessages.confusionTitle('lr-0.5', 'train'));
    expect(test.title.text).toBe(analysisMessages.confusionTitle('lr-0.5', 'test'));
    expect(train.data.values.slice(0, 2).map((v) => v.count)).toEqual([5774, 1]);
    expect(test.data.values.slice(0, 2).map((v) => v.count)).toEqual([960, 0]);
    expect(test.data.values).toHaveLength(100);
    expect(mistakes.title.text).toBe(analysisMessages.mistakesTitle('lr-0.5', 'test', 16, 'digit'));
    expect(mistakes.data.values.map((v) => v.label).slice(0, 3)).toEqual(['image #9015', 'image #9019', 'image #8522']);
    expect(mistakes.data.values.every((v) => v.image === undefined)).toBe(true);
  });

  it('leave out a slice without files, and a confusion matrix that is not square', () => {
    expect(names(runWith({}).pictures())).toEqual(['chart']);
    const cut = committed('confusion-test.csv').split('\n').slice(0, -3).join('\n');
    expect(names(runWith({ 'confusion-test.csv': cut }).pictures())).toEqual(['chart']);
  });

  it('leave out a damaged mistakes file: not CSV, another header, an image past its slice, a class past the confusion matrix', () => {
    const damaged: Record<string, Record<string, string>> = {
      'not CSV': { 'mistakes-test.csv': `${MISTAKES_HEADER}\n"9015,7,2,0.9,0.05\n` },
      'another header': { 'mistakes-test.csv': 'index,actual,predicted,probability,doubt\n9015,7,2,0.9,0.05\n' },
      'an image past the test slice (10000 images)': { 'mistakes-test.csv': mistake(10000, 7, 2) },
      'a class past three': { 'confusion-test.csv': THREE_CLASSES, 'mistakes-test.csv': mistake(9015, 3, 2) },
      'a class past 256, with no confusion matrix': { 'mistakes-test.csv': mistake(9015, 256, 2) },
    };
    for (const [what, files] of Object.entries(damaged)) {
      expect(names(runWith(files).pictures()).filter((n) => n.startsWith('mistakes')), what).toEqual([]);
    }
    const whole: Record<string, Record<string, string>> = {
      'the last image of the test slice': { 'mistakes-test.csv': mistake(9999, 7, 2) },
      'the last of three classes': { 'confusion-test.csv': THREE_CLASSES, 'mistakes-test.csv': mistake(9015, 2, 1) },
      'class 255, with no confusion matrix': { 'mistakes-test.csv': mistake(9015, 255, 2) },
    };
    for (const [what, files] of Object.entries(whole)) {
      expect(names(runWith(files).pictures()).filter((n) => n.startsWith('mistakes')), what).toEqual(['mistakes-test']);
    }
  });

  it('name the mistakes digits when there are ten classes or no confusion matrix says how many, images otherwise', () => {
    const title = (files: Record<string, string>) => (runWith(files).pictures().at(-1)!.spec as unknown as Values).title.text;
    expect(title({ 'mistakes-test.csv': mistake(9015, 7, 2) })).toBe(analysisMessages.mistakesTitle('lr-0.5', 'test', 1, 'digit'));
    expect(title({ 'confusion-test.csv': committed('confusion-test.csv'), 'mistakes-test.csv': mistake(9015, 7, 2) }))
      .toBe(analysisMessages.mistakesTitle('lr-0.5', 'test', 1, 'digit'));
    expect(title({ 'confusion-test.csv': THREE_CLASSES, 'mistakes-test.csv': mistake(9015, 2, 1) }))
      .toBe(analysisMessages.mistakesTitle('lr-0.5', 'test', 1, 'class'));
  });

  it("leave out the mistakes of a slice the run's own config does not evaluate", () => {
    const plan = makePlan([0.5]);
    const run = plan.runs[0];
    const { test: _test, ...evaluate } = run.config.data.evaluate;
    const result = makeResult({ ...run, config: { ...run.config, data: { ...run.config.data, evaluate } } }, 'completed');
    const { pictures } = runWith({ 'mistakes-test.csv': mistake(9015, 7, 2), 'mistakes-train.csv': mistake(5, 7, 2) }, result);
    expect(names(pictures())).toEqual(['chart', 'mistakes-train']);
  });
});

describe("a run's heading", () => {
  it('names the experiment and the run, and the values that vary from run to run, which its chart shows', () => {
    const { input, result, pictures } = runWith({});
    expect(runHeading(input, result)).toBe('lr-comparison / lr-0.5: learning rate 0.5');
    expect(JSON.stringify(pictures()[0].spec)).toContain('lr-comparison / lr-0.5: learning rate 0.5');
    expect(runHeading({ ...input, varying: [] }, result)).toBe('lr-comparison / lr-0.5');
    const repeated = makePlan([0.5], 2);
    const seed = makeResult(repeated.runs[1], 'completed');
    expect(runHeading({ spec: repeated.spec, varying: repeated.varying, results: [seed] }, seed))
      .toBe(`lr-comparison / lr-0.5-seed-2: learning rate 0.5, ${keyValueText('repeat', 1)}`);
  });
});

describe("a run's pictures drawn early", () => {
  it('hand the renderer each picture not drawn yet, the mistakes with their images', () => {
    const { dir, plan, result, pictures } = runWith({ 'confusion-test.csv': committed('confusion-test.csv'), 'mistakes-test.csv': mistake(9015, 7, 2) });
    renderRunEarly(dir, plan, result);
    const [chart, confusion, mistakes] = pictures();
    expect(early.specs).toHaveLength(3);
    expect(early.specs.slice(0, 2)).toEqual([chart.spec, confusion.spec]);
    const images = (early.specs[2] as Values).data.values;
    expect(images.map((v) => v.label)).toEqual(['image #9015']);
    expect(images[0].image).toMatch(/^data:image\/png;base64,/);
    expect(mistakes.withImages!()).toEqual(early.specs[2]);
  });

  it('skip the pictures drawn already, and draw every picture of a plan of exactly as many runs as the report draws up close', () => {
    const { dir, result, pictures } = runWith({ 'confusion-test.csv': committed('confusion-test.csv') });
    const [chart] = pictures();
    mkdirSync(join(dir, runChartsFolder('lr-0.5')), { recursive: true });
    writeFileSync(join(dir, chart.path + VEGA_LITE), specText(chart.spec));
    writeFileSync(join(dir, chart.path + SVG), '<svg></svg>\n');
    const few = makePlan(Array.from({ length: BEST_FEW }, (_, k) => [0.5, 1.2, 1.5, 2][k]));
    renderRunEarly(dir, few, result);
    expect(early.specs).toEqual([pictures()[1].spec as TopLevelSpec]);
  });

  it("leave the report each mistakes picture's own images: one per slice, none from a mistakes file since changed", () => {
    const { dir, plan, result, pictures } = runWith({ 'mistakes-train.csv': mistake(5, 7, 2), 'mistakes-test.csv': mistake(9015, 7, 2) });
    renderRunEarly(dir, plan, result);
    const labels = (spec: TopLevelSpec | null) => (spec as unknown as Values).data.values.map((v) => v.label);
    const [, train, test] = pictures();
    expect(labels(train.withImages!())).toEqual(['image #5']);
    expect(labels(test.withImages!())).toEqual(['image #9015']);

    renderRunEarly(dir, plan, result);
    writeFileSync(join(runFolderPath(dir, 'lr-0.5'), 'mistakes-test.csv'), mistake(9019, 7, 2));
    expect(labels(pictures()[2].withImages!())).toEqual(['image #9019']);
  });

  it('hand the renderer no mistakes picture whose images cannot be read', () => {
    // an image no other test draws early: what is completed early is kept, in this process, by folder, dataset and spec
    const { dir, plan, result } = runWith({ 'mistakes-test.csv': mistake(9020, 7, 2) });
    const elsewhere = { ...plan, spec: { ...plan.spec, data: { ...plan.spec.data, source: { kind: 'path' as const, path: join(dir, 'no-dataset'), sha256: '0'.repeat(64) } } } };
    renderRunEarly(dir, elsewhere, result);
    expect(early.specs).toHaveLength(1);
    expect(early.specs[0]).not.toBeNull();
  });
});
