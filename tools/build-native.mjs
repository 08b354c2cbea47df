// Compiles the native kernels (src/core/kernels/native: kernels.c and its Node-API bindings, napi.c)
// to dist/kernels-native.node (run by `npm run build`).
// They are optional: where there is no C compiler, no Node.js headers, or the machine is not
// x86-64, this says why in one line and the WebAssembly kernels do the work, with the same
// results. RUN_EXPERIMENTS_KERNELS=native makes a failed build an error instead.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const sources = ['kernels.c', 'napi.c'].map((file) => join(root, 'src/core/kernels/native', file));
const output = join(root, 'dist/kernels-native.node');
const required = process.env.RUN_EXPERIMENTS_KERNELS === 'native';

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

if (process.arch !== 'x64') skip(`they are for x86-64, and this is ${process.arch}`);
const headers = nodeHeaders();
if (!headers) skip('Node.js headers (node_api.h) not found');
const compiler = process.env.CC || 'cc';
const flags = [
  '-O3', '-fPIC', '-shared', '-std=c11', '-Wall', '-Wextra', '-Wno-unused-parameter',
  // one rounding per multiply and per add, as the reference kernels: never fuse them
  '-ffp-contract=off', '-fno-fast-math',
  '-I', headers, ...sources, '-o', output,
  // Node provides the Node-API functions when it loads the addon; macOS's linker must be told to wait for them
  ...(process.platform === 'darwin' ? ['-undefined', 'dynamic_lookup'] : []),
];
const build = spawnSync(compiler, flags, { encoding: 'utf8' });
if (build.error) skip(`no C compiler ('${compiler}': ${build.error.code ?? build.error.message})`);
if (build.status !== 0) {
  process.stderr.write(build.stderr);
  skip(`'${compiler}' failed (exit ${build.status})`);
}
if (build.stderr.trim()) process.stderr.write(build.stderr);
