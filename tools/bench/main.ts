/**
 * `npm run bench`: the seed's protocol on our core (one thread, then all cores as
 * run-experiments runs one run) and, where NumPy is present, on the seed's NumPy script,
 * alternating, with the ratios of their times. Measures training and evaluation (loading
 * the data is reported apart), the same on both sides.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { numpyVersion, timeNumpy, type NumpyRun } from './numpy.js';
import { BENCH_HELP, parseBenchOptions } from './options.js';
import { timeOursOnCores } from './all-cores.js';
import { kernelSetsHere, kernelsInUse, timeOurs, type KernelSet, type Timing } from './ours.js';
import { benchQueue } from './queue.js';
import { benchReport } from './report-overhead.js';
import { benchConvnet } from './convnet.js';
import { benchKernels } from './kernels.js';
import { benchSummary, formatRow, setsSummary, torchLine } from './report.js';
import { findTorch, timeTorch } from './torch.js';

const defaultReference = fileURLToPath(new URL('../../../../shared/seed/reference_numpy.py', import.meta.url));

if (process.argv.includes('--report')) {
  const at = process.argv.indexOf('--runs');
  await benchReport((line) => process.stdout.write(`${line}\n`), at === -1 ? 1000 : Number(process.argv[at + 1]), cpuModel());
  process.exit(0);
}

let options;
try {
  options = parseBenchOptions(process.argv.slice(2), defaultReference);
} catch (error) {
  process.stderr.write(`bench: ${(error as Error).message}\n\n${BENCH_HELP}`);
  process.exit(2);
}
if (options.help) {
  process.stdout.write(BENCH_HELP);
  process.exit(0);
}
if (options.queue) {
  await benchQueue((line) => process.stdout.write(`${line}\n`), { runs: options.quick ? 100 : 500, cpu: cpuModel() });
  process.exit(0);
}

if (options.kernels) {
  const say = (line: string): void => void (options.json ? undefined : process.stdout.write(`${line}\n`));
  say(`machine: ${cpuModel()}; node ${process.version}; CPU time, the least of ${5 * options.rounds} repetitions`);
  const figures = benchKernels(5 * options.rounds, say);
  if (options.json) process.stdout.write(`${JSON.stringify({ cpu: cpuModel(), kernels: figures })}\n`);
  process.exit(0);
}

if (options.model === 'convnet') {
  benchConvnet({ quick: options.quick, rounds: options.rounds, torch: options.reference ? findTorch() : null, cpu: cpuModel() }, (line) => process.stdout.write(`${line}\n`));
  process.exit(0);
}

const iterations = options.quick ? 1000 : 10000;
const cores = availableParallelism();
const numpy = options.reference ? numpyVersion() : null;
const say = (line: string): void => {
  if (!options.json) process.stdout.write(`${line}\n`);
};

say(`machine: ${cpuModel()}, ${cores} cores; node ${process.version}; numpy ${numpy ?? 'not found'}`);
say(`protocol: 784-50-10 ReLU, SGD lr 0.5, ${iterations} iterations of 100, accuracy on 70,000 images every 100`);
if (options.reference && numpy) {
  say(`NumPy's environment: OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE ${options.keepOpenblasEnv ? 'kept as set' : 'unset'}`);
}
const torch = options.reference ? findTorch() : null;
say(`PyTorch: ${torch ? `${torch.version} (${torch.python}), one thread` : 'not installed (or --no-reference), skipped'}`);
say(`our kernels: ${kernelsInUse()}`);
// every other kernel set this machine has gets one-thread runs of its own, for comparison
const otherSets = kernelSetsHere().filter((set) => kernelsInUse().split(' + ')[0] !== set);
say(`other kernel sets here, one thread each: ${otherSets.join(', ') || 'none'}`);
say('');

const ours: Timing[] = [];
const perSet = new Map<KernelSet, Timing[]>(otherSets.map((set) => [set, []]));
const oursAllCores: Timing[] = [];
const reference: NumpyRun[] = [];
const torchRuns: Timing[] = [];
for (let round = 0; round < options.rounds; round++) {
  ours.push(timeOurs(iterations));
  say(formatRow('ours (one thread)', ours.at(-1)!));
  for (const [set, timings] of perSet) {
    timings.push(timeOurs(iterations, set));
    say(formatRow(`ours (one thread, ${set})`, timings.at(-1)!));
  }
  if (cores > 1) {
    oursAllCores.push(await timeOursOnCores(iterations, cores));
    say(formatRow(`ours (${cores} cores)`, oursAllCores.at(-1)!));
  }
  if (options.reference && numpy) {
    for (const threads of ['default', '1'] as const) {
      reference.push(timeNumpy(options.reference, iterations, threads, options.keepOpenblasEnv));
      say(formatRow(`numpy (${threads === '1' ? 'one BLAS thread' : 'default BLAS threads'})`, reference.at(-1)!));
    }
  }
  if (torch) {
    torchRuns.push(timeTorch(torch.python, iterations));
    say(formatRow('pytorch (one thread)', torchRuns.at(-1)!));
  }
}

const summary = benchSummary(ours, reference, oursAllCores);
const sets = setsSummary(kernelsInUse(), ours, perSet, summary.numpySeconds);
const json = `${JSON.stringify({ iterations, cores, cpu: cpuModel(), numpy, kernels: kernelsInUse(), ours, oursAllCores, perSet: Object.fromEntries(perSet), reference, torch: torchRuns, ...summary, sets: sets.sets }, null, 2)}\n`;
if (options.out) {
  writeFileSync(`${options.out}.tmp`, json);
  renameSync(`${options.out}.tmp`, options.out);
}
if (options.json) process.stdout.write(json);
else {
  say('');
  say(summary.line);
  say(sets.line);
  if (torchRuns.length) say(torchLine(summary.oursSeconds, torchRuns));
}

function cpuModel(): string {
  try {
    return /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpus()[0].model;
  } catch {
    return cpus()[0]?.model ?? 'unknown';
  }
}

