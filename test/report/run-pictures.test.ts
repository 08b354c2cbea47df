/** A run's pictures, and those drawn early, while the last run of a small plan still trains. */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { specText } from '../../src/report/chart-file.js';
import { renderRunEarly, runPictures } from '../../src/report/run-pictures.js';
import { SplitImages } from '../../src/report/split-images.js';
import { runFolderPath } from '../../src/results/run-folder.js';
import { scratchDir } from '../helpers/folders.js';
import { makePlan, makeResult } from './fixtures.js';

// every PNG the pictures encode, counted: encoding the mistakes' images is most of a run's pictures' cost
const encoded = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../src/analysis/digit-png.js', async (original) => {
  const real = await original<typeof import('../../src/analysis/digit-png.js')>();
  return { ...real, digitPngUrl: (...args: Parameters<typeof real.digitPngUrl>) => (encoded.count++, real.digitPngUrl(...args)) };
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

  it('are not drawn early for a run that did not complete, nor for a plan with more runs than the report draws up close', () => {
    const { dir, plan, result } = folderWithRun();
    encoded.count = 0;
    renderRunEarly(dir, plan, { ...result, status: 'diverged', divergedAt: 3 });
    renderRunEarly(dir, makePlan(Array.from({ length: 40 }, (_, k) => k / 100)), result);
    expect(encoded.count).toBe(0);
  });
});
