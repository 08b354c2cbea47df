/** `npm run bench` options: parsed and checked where they enter. */
import { parseArgs } from 'node:util';

export interface BenchOptions {
  /** 1,000 iterations instead of the seed's 10,000 (a smoke run). */
  quick: boolean;
  /** Alternations of ours and NumPy's. */
  rounds: number;
  /** The seed's NumPy script, or null to skip it. */
  reference: string | null;
  /** Keep OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE for NumPy (they slow a current NumPy). */
  keepOpenblasEnv: boolean;
  json: boolean;
  /** Write the JSON summary to this file (nothing is written otherwise). */
  out: string | null;
  /** Time the Redis queue instead (tools/bench/queue.ts). */
  queue: boolean;
  /** Time the first layer's kernels alone instead, per kernel set, in CPU time per nonzero pixel (tools/bench/kernels.ts). */
  kernels: boolean;
  /** Time the command line's overhead per run instead, on a grid of `runs` tiny runs (tools/bench/report-overhead.ts). */
  report: boolean;
  runs: number;
  help: boolean;
  /** `mlp`: the seed's protocol; `convnet`: one epoch of the book's SimpleConvNet (convnet.ts). */
  model: 'mlp' | 'convnet';
}

export const BENCH_HELP = `Usage: npm run bench -- [options]

Trains the seed's protocol (784-50-10 ReLU, SGD at lr 0.5, 10,000 iterations of batch
100 from train[0, 10000), accuracy on all 70,000 images every 100 iterations) once on
one thread, then once on all cores as run-experiments runs a single run, and prints
seconds, iterations and images evaluated per second, and which kernels ran; every other
kernel set this machine has (native AVX-512, AVX2 or NEON, and WebAssembly) is timed
once more on one thread, each with its ratio to NumPy. Where
python3 with NumPy is present, runs the seed's reference_numpy.py on the same data in
the same invocation, alternating with ours, once on NumPy's default BLAS threads and
once on one thread, and prints how many times faster ours is: one thread against one
thread, all cores against NumPy's default threads, and one thread against NumPy's
default. Where a python3 (the user's, or /usr/bin/python3) imports torch, the same
protocol on PyTorch, one thread, float32 (tools/bench/torch_protocol.py), is timed too.

With --queue, times the Redis queue instead, on loopback with a redis-server of its own
(apt-get install redis-server): 500 tiny runs local on 2 threads, then through 2 worker
processes, and prints each side's time per run, the time a run spends outside its
training on each side, and their difference: the queue's overhead per run; then
Redis's memory per queued run and the size of one run's result on its way back.

With --model convnet: one epoch of the book's SimpleConvNet (conv 30@5x5, relu, 2x2 max
pool, affine 100, relu, affine 10; 60,000 images, batches of 100, Adam 0.001) on one
thread, and the same network on PyTorch on one thread where python3 imports torch
(tools/bench/torch_convnet.py), with the ratio of their times.

With --kernels: the first layer's kernels alone on each kernel set here, in CPU time
(the least of 5 x --rounds repetitions, so a shared machine's other load changes it
little): one evaluation (all 70,000 images), the sparse forward pass and the weight
gradient (batches of 100), each in nanoseconds per nonzero pixel.

With --report: the command line's overhead per run (the CPU it spends beyond the runs'
own work, timed apart on a sample of the same runs) and a fully cached rerun's wall and
CPU time, on a generated grid of tiny runs (--runs N, default 1,000).

Options:
  --queue               time the Redis queue (500 tiny runs; 100 with --quick)
  --model mlp|convnet   the seed's protocol (default) or one epoch of SimpleConvNet
  --kernels             time the first layer's kernels alone, per kernel set, in CPU time
  --report              time the report on a grid of tiny runs
  --runs N              with --report: how many (default 1000)
  --quick               1,000 iterations instead of 10,000 (convnet: a tenth of an epoch)
  --rounds N            alternate ours and NumPy's N times (default 1)
  --reference PATH      the seed's script (default: ../shared/seed/reference_numpy.py)
  --no-reference        time ours only (neither NumPy nor PyTorch)
  --keep-openblas-env   keep OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE for NumPy
  --json                print the figures as JSON
  --out FILE            also write the figures as JSON to FILE
  -h, --help            show this help
`;

/** What follows an option's mistake: where to find the options, not all of them again. */
export const BENCH_HELP_HINT = 'Run `npm run bench -- --help` for the options.';

export function parseBenchOptions(argv: string[], defaultReference: string): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean' },
      rounds: { type: 'string' },
      reference: { type: 'string' },
      'no-reference': { type: 'boolean' },
      'keep-openblas-env': { type: 'boolean' },
      json: { type: 'boolean' },
      out: { type: 'string' },
      queue: { type: 'boolean' },
      kernels: { type: 'boolean' },
      report: { type: 'boolean' },
      runs: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      model: { type: 'string' },
    },
    strict: true,
  });
  const rounds = positiveInteger('--rounds', values.rounds, 1);
  const runs = positiveInteger('--runs', values.runs, 1000);
  if (values.runs !== undefined && values.report !== true) throw new RangeError('--runs: goes with --report');
  const model = values.model ?? 'mlp';
  if (model !== 'mlp' && model !== 'convnet') throw new RangeError(`--model: expected mlp or convnet, got '${model}'`);
  const modes = [values.queue && '--queue', values.kernels && '--kernels', values.report && '--report', model === 'convnet' && '--model convnet'].filter(Boolean);
  if (modes.length > 1) throw new RangeError(`${modes.join(' and ')} are separate benchmarks: give one of them`);
  return {
    model,
    quick: values.quick === true,
    rounds,
    reference: values['no-reference'] ? null : (values.reference ?? defaultReference),
    keepOpenblasEnv: values['keep-openblas-env'] === true,
    json: values.json === true,
    out: values.out ?? null,
    queue: values.queue === true,
    kernels: values.kernels === true,
    report: values.report === true,
    runs,
    help: values.help === true,
  };
}

/** An option's value as an integer >= 1, or `fallback` when it is absent. */
function positiveInteger(option: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1) throw new RangeError(`${option}: expected an integer >= 1, got '${value}'`);
  return n;
}
