import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Test files for `npm run mutate`, cheapest first. Stryker stops a mutant's run at its first
 * failing test (bail), so a mutant that a quick data test kills need not wait for the tests
 * that render SVG charts; vitest's own order runs the slowest file first. A file that failed
 * in the last run (it killed the mutant before, likely a neighbour of this one) still goes
 * first. The order changes only the time taken and which test is named as the killer, never
 * whether a mutant is killed: a survivor runs every test that covers it either way.
 */
export class FastestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const root = this.ctx.config.root;
    const last = (file: TestSpecification) => this.ctx.cache.getFileTestResults(`${file.project.name}:${relative(root, file.moduleId)}`);
    return [...files].sort((a, b) => {
      const [stateA, stateB] = [last(a), last(b)];
      if (!stateA || !stateB) return 0;
      if (stateA.failed !== stateB.failed) return stateA.failed ? -1 : 1;
      return stateA.duration - stateB.duration;
    });
  }
}
