/**
 * `npm run bench`: the seed's protocol on our core (one thread, then all cores as
 * run-experiments runs one run) and, where NumPy is present, on the seed's NumPy script,
 * alternating, with the ratios of their times. Measures training and evaluation (loading
 * the data is reported apart), the same on both sides.
 */
import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { availableParallelism, cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { numpyVersion, timeNumpy, type NumpyRun } from './numpy.js';
import { UserError } from '../../src/errors.js';
import { writeFileAtomic } from '../../src/results/atomic.js';
import { writing } from '../../src/results/fs-errors.js';
import { BenchError } from './bench-error.js';
import { BENCH_HELP, BENCH_HELP_HINT, parseBenchOptions, type BenchOptions } from './options.js';
import { timeOursOnCores } from './all-cores.js';
import { kernelSetsHere, kernelsInUse, timeOurs, type KernelSet, type Timing } from './ours.js';
import { benchQueue } from './queue.js';
import { benchReport } from './report-overhead.js';
import { benchConvnet } from './convnet.js';
import { benchKernels } from './kernels.js';
import { benchSummary, formatRow, setsSummary, torchLine } from './report.js';
import { findTorch, timeTorch } from './torch.js';

const defaultReference = fileURLToPath(new URL('../../../../shared/seed/reference_numpy.py', import.meta.url));

let options;
try {
  options = parseBenchOptions(process.argv.slice(2), defaultReference);
} catch (error) {
  process.stderr.write(`bench: ${(error as Error).message}\n${BENCH_HELP_HINT}\n`);
  process.exit(2);
}
try {
  await bench(options);
} catch (error) {
  if (!(error instanceof BenchError || error instanceof UserError)) throw error;
  process.stderr.write(`bench: ${error.message}\n`);
  process.exit(2);
}

async function bench(options: BenchOptions): Promise<void> {
  if (options.help) {
    process.stdout.write(BENCH_HELP);
    return;
  }
  // what would fail after minutes of timing fails first
  if (options.out !== null) checkWritable(options.out);
  if (options.report) {
    await benchReport((line) => process.stdout.write(`${line}\n`), options.runs, cpuModel());
    return;
  }

  if (options.queue) {
    await benchQueue((line) => process.stdout.write(`${line}\n`), { runs: options.quick ? 100 : 500, cpu: cpuModel() });
    return;
  }

  if (options.kernels) {
    const say = (line: string): void => void (options.json ? undefined : process.stdout.write(`${line}\n`));
    say(`machine: ${cpuModel()}; node ${process.version}; CPU time, the least of ${5 * options.rounds} repetitions`);
    const figures = benchKernels(5 * options.rounds, say);
    if (options.json) process.stdout.write(`${JSON.stringify({ cpu: cpuModel(), kernels: figures })}\n`);
    return;
  }

  if (options.model === 'convnet') {
    benchConvnet({ quick: options.quick, rounds: options.rounds, torch: options.reference ? findTorch() : null, cpu: cpuModel() }, (line) => process.stdout.write(`${line}\n`));
    return;
  }

  // NumPy is timed where its script is; PyTorch's scripts are the repository's own (--no-reference skips both)
  let numpyScript = options.reference;
  if (numpyScript !== null && !existsSync(numpyScript)) {
    if (numpyScript !== defaultReference) throw new BenchError(`--reference: no file at ${numpyScript}`);
    process.stderr.write(`bench: the seed's NumPy script is not at ${numpyScript}: NumPy is not timed (--reference PATH names it)\n`);
    numpyScript = null;
  }
  const iterations = options.quick ? 1000 : 10000;
  const cores = availableParallelism();
  const numpy = numpyScript ? numpyVersion() : null;
  const say = (line: string): void => {
    if (!options.json) process.stdout.write(`${line}\n`);
  };

  say(`machine: ${cpuModel()}, ${cores} cores; node ${process.version}; numpy ${numpy ?? (numpyScript ? 'not found' : 'not timed')}`);
  say(`protocol: 784-50-10 ReLU, SGD lr 0.5, ${iterations} iterations of 100, accuracy on 70,000 images every 100`);
  if (numpyScript && numpy) {
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
    if (numpyScript && numpy) {
      for (const threads of ['default', '1'] as const) {
        reference.push(timeNumpy(numpyScript, iterations, threads, options.keepOpenblasEnv));
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
  if (options.out) writeFileAtomic(options.out, json);
  if (options.json) process.stdout.write(json);
  else {
    say('');
    say(summary.line);
    say(sets.line);
    if (torchRuns.length) say(torchLine(summary.oursSeconds, torchRuns));
  }
}

/** Refuses an --out the bench could not write at its end: a folder, or a file in a folder that is missing or read-only. */
function checkWritable(path: string): void {
  if (existsSync(path) && statSync(path).isDirectory()) throw new BenchError(`--out: ${path} is a folder`);
  writing(path, () => accessSync(dirname(resolve(path)), constants.W_OK));
}

function cpuModel(): string {
  try {
    return /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpus()[0].model;
  } catch {
    return cpus()[0]?.model ?? 'unknown';
  }
}

