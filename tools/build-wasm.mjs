// Compiles the AssemblyScript SIMD kernels to dist/kernels.wasm (run by `npm run build`).
// The module imports a shared memory, so one copy of the dataset serves every worker thread.
// The generated blocks (generate-blocks.mjs) are written to build/assembly/, never into src/.
import { main } from 'assemblyscript/asc';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generateBlocks } from './generate-blocks.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
mkdirSync(`${root}dist`, { recursive: true });
mkdirSync(`${root}build/assembly`, { recursive: true });
writeFileSync(`${root}build/assembly/blocks.ts`, generateBlocks());
const { error, stderr } = await main([
  `${root}src/core/kernels/assembly/kernels.ts`,
  '--outFile', `${root}dist/kernels.wasm`,
  '--optimizeLevel', '3', '--shrinkLevel', '0', '--noAssert',
  '--runtime', 'stub',
  '--importMemory', '--sharedMemory', '--initialMemory', '1', '--maximumMemory', '65536',
  '--enable', 'simd', '--enable', 'threads',
]);
if (error) {
  process.stderr.write(stderr.toString());
  process.stderr.write(`build-wasm: ${error.message}\n`);
  process.exit(1);
}
