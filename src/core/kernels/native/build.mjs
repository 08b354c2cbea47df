// Compiles the native kernel sets for this machine's architecture (run by `npm run build`):
// on x86-64 the AVX-512 set (kernels.c, dist/kernels-native.node) and the AVX2 set (vector.c
// compiled with -mavx2, dist/kernels-avx2.node); on arm64 the NEON set (vector.c,
// dist/kernels-neon.node). Each is linked with bindings.c, which checks at run time that the
// processor has the set's instructions. They are optional: where there is no C compiler, no
// Node.js headers, or no set for the architecture, this says why in one line and the
// WebAssembly kernels do the work, with the same results. RUN_EXPERIMENTS_KERNELS=native
// (or a set's name) makes a failed build an error instead.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const here = join(root, 'src/core/kernels/native');
const dist = join(root, 'dist');

/** The sets for each architecture: the kernels' source, its flags, and the feature `attach` checks. */
const SETS = {
  x64: [
    { name: 'avx512', source: 'kernels.c', flags: [], requires: 'avx512f', output: 'kernels-native.node' },
    // AVX2 and no FMA: one rounding per multiply and per add, as the WebAssembly kernels
    { name: 'avx2', source: 'vector.c', flags: ['-mavx2', '-mno-fma'], requires: 'avx2', output: 'kernels-avx2.node' },
  ],
  arm64: [{ name: 'neon', source: 'vector.c', flags: [], requires: null, output: 'kernels-neon.node' }],
};

mkdirSync(dist, { recursive: true });
for (const all of Object.values(SETS)) for (const set of all) rmSync(join(dist, set.output), { force: true });

/** Where node_api.h is: npm's nodedir setting, beside this Node.js, or the system's. */
function nodeHeaders() {
  const candidates = [
    process.env.npm_config_nodedir && join(process.env.npm_config_nodedir, 'include/node'),
    join(dirname(process.execPath), '../include/node'),
    '/usr/include/node',
    '/usr/local/include/node',
  ];
  return candidates.find((dir) => dir && existsSync(join(dir, 'node_api.h'))) ?? null;
}

/** Says why `sets` were not built, in one line; an error if one of them was asked for. */
function skip(sets, reason) {
  const names = sets.map((set) => set.name).join(', ') || 'native';
  const line = `native kernels (${names}) not built: ${reason}; the WebAssembly kernels will be used (same results, slower)`;
  const choice = process.env.RUN_EXPERIMENTS_KERNELS;
  if (choice === 'native' || sets.some((set) => set.name === choice)) {
    process.stderr.write(`build: ${line}\n`);
    process.exit(1);
  }
  process.stdout.write(`${line}\n`);
}

// one rounding per multiply and per add, as the reference kernels: never fuse them
const COMMON = ['-O3', '-fPIC', '-std=c11', '-Wall', '-Wextra', '-Wno-unused-parameter', '-ffp-contract=off', '-fno-fast-math'];
const compiler = process.env.CC || 'cc';

/** Compiles one set: its kernels with the set's flags, then the bindings (no flags) into the addon; null or why not. */
function build(set, headers) {
  const object = join(mkdtempSync(join(tmpdir(), 'kernels-')), `${set.name}.o`);
  const steps = [
    [...COMMON, ...set.flags, '-c', join(here, set.source), '-o', object],
    [...COMMON, '-shared', '-I', headers, ...(set.requires ? [`-DREQUIRES="${set.requires}"`] : []), join(here, 'bindings.c'), object,
      '-o', join(dist, set.output),
      // Node provides the Node-API functions when it loads the addon; macOS's linker must be told to wait for them
      ...(process.platform === 'darwin' ? ['-undefined', 'dynamic_lookup'] : [])],
  ];
  try {
    for (const flags of steps) {
      const run = spawnSync(compiler, flags, { encoding: 'utf8' });
      if (run.error) return `no C compiler ('${compiler}': ${run.error.code ?? run.error.message})`;
      if (run.stderr.trim()) process.stderr.write(run.stderr);
      if (run.status !== 0) return `'${compiler}' failed (exit ${run.status})`;
    }
    return null;
  } finally {
    rmSync(dirname(object), { recursive: true, force: true });
  }
}

const sets = SETS[process.arch] ?? [];
const headers = nodeHeaders();
if (sets.length === 0) skip(sets, `there are none for ${process.arch}`);
else if (!headers) skip(sets, 'Node.js headers (node_api.h) not found');
else {
  for (const set of sets) {
    const failed = build(set, headers);
    if (failed) skip([set], failed);
  }
}
