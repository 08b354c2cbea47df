// Compiles the native kernel sets of this machine's architecture into one addon,
// dist/kernels-native.node (run by `npm run build`): on x86-64 the AVX-512 set (kernels.c)
// and the AVX2 set (vector.c, -mavx2 without FMA); on arm64 the NEON set (vector.c); on both,
// what every set shares: evaluation's carried and screened classes (classify.c, carry.c,
// screen.c), the rearrangements and the softmax (layout.c, softmax.c). Each
// set's source is compiled with its own instruction-set flags, the Node-API bindings
// (napi.c) with none, so the addon loads on any processor of the architecture and checks
// at run time which sets the processor has.
// They are optional: where there is no C compiler, no Node.js headers, or no set for the
// architecture, this says why in one line and the WebAssembly kernels do the work, with the
// same results. RUN_EXPERIMENTS_KERNELS=native (or a native set's name) makes a failed
// build an error instead.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const here = join(root, 'src/core/kernels/native');
const output = join(root, 'dist/kernels-native.node');

/** Each architecture's kernel sources and the flags each is compiled with. */
const SOURCES = {
  x64: [
    { source: 'kernels.c', flags: ['-mavx512f'] },
    // AVX2 and no FMA: one rounding per multiply and per add, as the WebAssembly kernels
    { source: 'vector.c', flags: ['-mavx2', '-mno-fma'] },
    // evaluation's screening (called by every set, through classify.c, where the processor
    // has FMA and F16C): fused and half precision are allowed there, as it only settles
    // classes it can prove
    { source: 'screen.c', flags: ['-mavx2', '-mfma', '-mf16c'] },
    // classes carried from the previous evaluation, checked with the screen's vector operations
    { source: 'carry.c', flags: ['-mavx2', '-mfma', '-mf16c'] },
    // which images evaluation carries, screens or sums: no processor-specific instructions
    { source: 'classify.c', flags: [] },
    { source: 'layout.c', flags: [] },
    // called only through a native set, AVX2 or AVX-512, and every processor with AVX-512 has AVX2
    { source: 'softmax.c', flags: ['-mavx2', '-mno-fma'] },
  ],
  arm64: [
    { source: 'vector.c', flags: [] },
    { source: 'screen.c', flags: [] },
    { source: 'carry.c', flags: [] },
    { source: 'classify.c', flags: [] },
    { source: 'layout.c', flags: [] },
    { source: 'softmax.c', flags: [] },
  ],
};
const NAMES = ['native', 'avx512', 'avx2', 'neon', 'native-avx512', 'native-avx2', 'native-neon'];
const required = NAMES.includes(process.env.RUN_EXPERIMENTS_KERNELS ?? '');

mkdirSync(dirname(output), { recursive: true });
rmSync(output, { force: true });

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

function skip(reason) {
  const line = `native kernels not built: ${reason}; the WebAssembly kernels will be used (same results, slower)`;
  if (required) {
    process.stderr.write(`build: ${line}\n`);
    process.exit(1);
  }
  process.stdout.write(`${line}\n`);
  process.exit(0);
}

const sources = SOURCES[process.arch];
if (!sources) skip(`there are none for ${process.arch}`);
const headers = nodeHeaders();
if (!headers) skip('Node.js headers (node_api.h) not found');
const compiler = process.env.CC || 'cc';
const common = [
  '-O3', '-fPIC', '-std=c11', '-Wall', '-Wextra', '-Wno-unused-parameter',
  // one rounding per multiply and per add, as the reference kernels: never fuse them
  '-ffp-contract=off', '-fno-fast-math',
];

function run(flags) {
  const build = spawnSync(compiler, flags, { encoding: 'utf8' });
  if (build.error) skip(`no C compiler ('${compiler}': ${build.error.code ?? build.error.message})`);
  if (build.status !== 0) {
    process.stderr.write(build.stderr);
    skip(`'${compiler}' failed (exit ${build.status})`);
  }
  if (build.stderr.trim()) process.stderr.write(build.stderr);
}

const objects = mkdtempSync(join(tmpdir(), 'kernels-'));
try {
  const compiled = sources.map(({ source, flags }, i) => {
    const object = join(objects, `${i}-${source.replace(/\.c$/, '.o')}`);
    run([...common, ...flags, '-c', join(here, source), '-o', object]);
    return object;
  });
  run([
    ...common, '-shared', '-I', headers, join(here, 'napi.c'), ...compiled, '-lm', '-o', output,
    // Node provides the Node-API functions when it loads the addon; macOS's linker must be told to wait for them
    ...(process.platform === 'darwin' ? ['-undefined', 'dynamic_lookup'] : []),
  ]);
} finally {
  rmSync(objects, { recursive: true, force: true });
}
