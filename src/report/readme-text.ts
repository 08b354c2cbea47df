/** The fixed text of results/<name>/README.md, written once here. */
export const readmeText = {
  intro: 'Written by `run-experiments`. Re-draw the charts and this page from the saved results with `run-experiments report <this folder>`.',
  runCount: (n: number): string => `${n} ${n === 1 ? 'run' : 'runs'}.`,
  variedHeading: 'What varied:',
  repeats: (repeat: number, seed: number): string =>
    `seed (\`repeat\`): ${repeat} seeds per setting (training.seed ${Array.from({ length: repeat }, (_, k) => seed + k).join(', ')})`,
  fixedHeading: 'Fixed settings:',
  bestMark: '★',
  bestNote: (slice: string): string => `★ marks the best run: the highest ${slice} accuracy at the last evaluation.`,
  eachRunHeading: '### Each run',
  filesHeading: '## Files',
  files: [
    '- `runs.csv`: one row per run: its varying values, status, final loss, the last accuracy on each slice, the iteration it diverged at.',
    '- `runs/<run>/metrics.csv`: `iteration,loss`, the loss of every iteration\'s batch, recorded after the update.',
    '- `runs/<run>/evaluations.csv`: `iteration,epoch,<slice>_accuracy...`, one row per evaluation.',
    '- `runs/<run>/config.json`: the run\'s resolved configuration, its hash and how it ended.',
    '- `timings.csv`: wall-clock seconds per run; the only file that differs between identical runs.',
    '- `experiment.json`: the spec and the varying keys, for `run-experiments report`.',
    '',
    'Numbers are written in JavaScript\'s shortest round-trip form (reading one back gives the identical double); `NaN` is a loss that was not a number, `Infinity` and `-Infinity` are infinities.',
  ].join('\n'),
};
