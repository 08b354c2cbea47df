/** The fixed text of results/<name>/README.md, written once here. */
import type { ClassWord } from '../analysis/class-word.js';

/** MNIST's images are digits; other datasets' are images. */
const images = (word: ClassWord): string => (word === 'digit' ? 'digits' : 'images');

export const readmeText = {
  compareTitle: (runs: number): string => `Comparison of ${runs} ${runs === 1 ? 'run' : 'runs'}`,
  compareIntro: 'Written by `run-experiments compare` from the results of the runs below; draw it again with:',
  intro: 'Written by `run-experiments`. Re-draw the charts and this page from the saved results with `run-experiments report <this folder>`.',
  runCount: (n: number): string => `${n} ${n === 1 ? 'run' : 'runs'}.`,
  variedHeading: 'What varied:',
  repeats: (repeat: number, seed: number): string =>
    `seed (\`repeat\`): ${repeat} seeds per setting (training.seed ${Array.from({ length: repeat }, (_, k) => seed + k).join(', ')})`,
  searched: (range: string, trials: number, seed: number): string => `${range}, drawn for each of ${trials} trials (search seed ${seed})`,
  fixedHeading: 'Fixed settings:',
  overlap: (slice: string, split: string, start: number, end: number, size: number): string =>
    `Note: the \`${slice}\` evaluation slice shares ${end - start} of its ${size} images (${split} ${start} to ${end}) with the training slice, so its accuracy is partly measured on images the network trained on.`,
  bestMark: '★',
  /** A pruned run's status cell. */
  prunedAt: (iteration: number) => `pruned at ${iteration}`,
  bestNote: (slice: string): string => `★ marks the best run: the highest ${slice} accuracy at the last evaluation.`,
  selectNote: (metric: string, mode: 'max' | 'min'): string =>
    `★ marks the best run by \`${metric}\` (report.select): the ${mode === 'max' ? 'highest' : 'lowest'} at the last evaluation.`,
  bestOfSeedsNote: (metric: string, mode: 'max' | 'min', select: boolean): string =>
    `★ marks the best run: the best seed of the setting whose mean \`${metric}\`${select ? ' (report.select)' : ''} over its seeds is the ${mode === 'max' ? 'highest' : 'lowest'} at the last evaluation.`,
  rankedHeading: (noun: 'trials' | 'settings', metric: string, seeds: number | null): string =>
    seeds === null ? `### The ${noun} ranked by \`${metric}\`` : `### The ${noun} ranked by their mean \`${metric}\` over ${seeds} seeds`,
  rankedRest: (rest: number, noun: 'trials' | 'settings'): string =>
    `${rest === 1 ? `The other ${noun.slice(0, -1)} is` : `The other ${rest} ${noun} are`} in \`runs.csv\`, one row per run.`,
  rankedNote: (metric: string, mode: 'max' | 'min', repeats: boolean): string =>
    `Best first: the ${mode === 'max' ? 'highest' : 'lowest'} \`${metric}\` at the last evaluation${repeats ? ', the mean over the seeds' : ''}; equals keep the plan's order, and a run that diverged or failed ranks below every run that completed${repeats ? ' (a setting ranks by its worst seed)' : ''}.${
      repeats ? ' Each figure is the mean ± the sample standard deviation (n − 1) over the seeds; empty where a seed has no finite value.' : ''}`,
  meanStd: (mean: string, std: string): string => `${mean} ± ${std}`,
  eachRunHeading: '### Each run',
  modelsKept: (ids: string[]): string =>
    `The models committed here are those of ${ids.length === 0 ? 'no run' : ids.map((id) => `\`${id}\``).join(', ')}; the other runs' stay on the machine that trained them (this folder's \`.gitignore\`), and to get one, delete its folder under \`runs/\` and run the spec again.`,
  drawnRuns: (drawn: number, runs: number): string =>
    `Pictures of ${drawn} of the ${runs} runs: the best few and any asked for; \`run-experiments report <this folder> --run ID\` draws another. Every run's data is in \`runs/\`.`,
  bestRunHeading: (run: string): string => `## The best run, \`${run}\`, up close`,
  confusionSummary: (slice: string, correct: number, total: number, word: ClassWord = 'digit', others = false): string =>
    `On the \`${slice}\` slice it reads ${correct} of ${total} images correctly; per ${word}${others ? ', beside every other run' : ''}:`,
  confusionIntro: (word: ClassWord = 'digit'): string => `Its confusion matrix (rows: the true ${word}; columns: the ${word} it read):`,
  mostConfused: (actual: number, predicted: number, count: number): string =>
    `Most often confused: a ${actual} read as ${predicted}, ${count} ${count === 1 ? 'time' : 'times'}.`,
  accuracyRow: 'accuracy',
  confusionAlt: (run: string, slice: string): string => `Confusion matrix of ${run} on ${slice}`,
  mistakesIntro: (slice: string, word: ClassWord = 'digit'): string => `The \`${slice}\` ${images(word)} it gets most confidently wrong:`,
  mistakesAlt: (run: string, slice: string, word: ClassWord = 'digit'): string => `The ${slice} ${images(word)} ${run} gets most confidently wrong`,
  useModel: (folder: string, word: ClassWord = 'digit'): string =>
    `Its trained model is saved in \`${folder}/model.safetensors\`. To read ${word === 'digit' ? 'a digit you wrote' : 'an image of your own'} (PNG or JPEG, any size), from this folder:`,
  filesHeading: '## Files',
  files: (word: ClassWord = 'digit'): string => [
    '- `runs.csv`: one row per run: its varying values, status, final loss, the last accuracy on each slice, the iteration it diverged at.',
    '- `runs/<run>/metrics.csv`: `iteration,loss`, the loss of every iteration\'s batch, recorded after the update.',
    '- `runs/<run>/evaluations.csv`: `iteration,epoch,<slice>_accuracy...`, one row per evaluation.',
    '- `runs/<run>/config.json`: the run\'s resolved configuration, its hash and how it ended.',
    '- `runs/<run>/model.safetensors`: the trained model (completed runs), in the safetensors format Python\'s `safetensors`, PyTorch and numpy read: its architecture, run hash and every tensor (`layers.<i>.W`, `b`, ...); `run-experiments export` turns it into ONNX. Folders saved by older versions hold `model.json` and `model.bin` instead.',
    `- \`runs/<run>/confusion-<slice>.csv\`: counts of each true ${word} (rows) read as each ${word} (columns), at the last evaluation.`,
    `- \`runs/<run>/mistakes-<slice>.csv\`: the 16 images the model gets most confidently wrong: \`index\` (in the split), \`true\`, \`predicted\`, \`probability\` (of the ${word} read) and \`doubt\` (the other ${word === 'digit' ? 'digits\'' : 'classes\''} probabilities summed).`,
    '- `charts/`: every picture, drawn from the data above by `run-experiments report`: each `.svg` with its Vega-Lite spec beside it (`.vl.json`, data inline: it opens in the Vega editor); `charts/runs/<run>/` holds the chart, confusion matrices and mistakes of the runs drawn up close.',
    '- `timings.csv`: wall-clock seconds per run; the only file that differs between identical runs.',
    '- `experiment.json`: the spec and the varying keys, for `run-experiments report`.',
    '',
    'Numbers are written in JavaScript\'s shortest round-trip form (reading one back gives the identical double); `NaN` is a loss that was not a number, `Infinity` and `-Infinity` are infinities.',
  ].join('\n'),
};
