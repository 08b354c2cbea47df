// Which kernel sets the tests exercised, and whether that is every set this processor
// can run: `node .ci/kernel-sets.mjs VITEST_JSON_REPORT`. Prints one line per set and
// exits 1 when a set the processor supports was not tested (its tests skipped or absent).
//
// Adding a kernel set is one line below: its name, the processor feature it needs (as
// /proc/cpuinfo spells it in `flags` on x86 or `Features` on arm; null for none), and
// what the titles of its tests contain (a test counts when it passed and its describe
// blocks or its own title match).
import { existsSync, readFileSync } from 'node:fs';

const KERNEL_SETS = [
  { name: 'wasm-simd', cpu: null, tests: /WebAssembly SIMD kernels/ },
  { name: 'native-avx512', cpu: 'avx512f', tests: /native AVX-512 kernels|a run on the native-avx512 kernels/ },
  { name: 'native-avx2', cpu: 'avx2', tests: /native AVX2 kernels|a run on the native-avx2 kernels/ },
  { name: 'native-neon', cpu: 'asimd', tests: /native NEON kernels|a run on the native-neon kernels|the arm64 NEON kernels under qemu/ },
];

/** The processor's features, from /proc/cpuinfo; null where there is none to read. */
function cpuFeatures() {
  if (!existsSync('/proc/cpuinfo')) return null;
  const features = new Set();
  for (const line of readFileSync('/proc/cpuinfo', 'utf8').split('\n')) {
    const match = /^(flags|Features)\s*:(.*)$/.exec(line);
    if (match) for (const flag of match[2].trim().split(/\s+/)) features.add(flag);
  }
  return features;
}

const report = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const tests = report.testResults.flatMap((file) => file.assertionResults);
const features = cpuFeatures();
const tested = [];
const missed = [];
for (const set of KERNEL_SETS) {
  const mine = tests.filter((t) => set.tests.test([...t.ancestorTitles, t.title].join(' > ')));
  const passed = mine.filter((t) => t.status === 'passed').length;
  const supported = set.cpu === null || (features === null ? null : features.has(set.cpu));
  if (passed > 0) tested.push(`${set.name} (${passed} tests)`);
  else if (supported === false) console.log(`kernel set ${set.name}: not testable here, this processor lacks ${set.cpu}`);
  else if (supported === null) console.log(`kernel set ${set.name}: not tested, and this machine has no /proc/cpuinfo to say whether it could be`);
  else {
    const skipped = mine.filter((t) => t.status !== 'passed').map((t) => t.title);
    const why = skipped.length ? ` (skipped: ${[...new Set(skipped)].join('; ')})` : ' (no test of it ran)';
    missed.push(set.name);
    console.log(`kernel set ${set.name}: NOT TESTED although this processor has ${set.cpu ?? 'what it needs'}${why}`);
  }
}
console.log(`kernel sets tested: ${tested.join(', ') || 'none'}`);
if (missed.length) {
  console.log(`CI fails: the kernel sets ${missed.join(', ')} run on this processor but were not tested`);
  process.exitCode = 1;
}
