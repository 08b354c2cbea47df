// The folder layering of ../shared/STYLE.md, checked by `npm test` (npm run lint:deps).
// Each rule's comment is what dependency-cruiser prints when the rule is broken.

/** Modules run without being imported: the command line, and the worker threads' module (loaded by URL). */
const ENTRY_POINTS = ['^src/cli/main\\.ts$', '^src/schedule/worker\\.ts$'];
/**
 * Not TypeScript modules of the tool: ambient declarations, the AssemblyScript kernels (compiled by
 * tools/build-wasm.mjs), and the scripts `serve` sends to the browser (src/serve/assets.ts lists them).
 */
const NOT_MODULES = ['\\.d\\.ts$', '^src/core/kernels/assembly/', '^src/serve/static/'];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'core-stands-alone',
      comment: 'src/core/ is the network core and imports nothing else from src/ (it could be published alone); move what it needs into src/core/.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '^src/', pathNot: '^src/core/' },
    },
    {
      name: 'only-the-cli-imports-the-cli',
      comment: 'Nothing outside src/cli/ imports src/cli/ (the entry point is src/cli/main.ts); move what both need below the CLI, e.g. user-facing errors into src/errors.ts.',
      severity: 'error',
      from: { pathNot: '^src/cli/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'no-cycles',
      comment: 'Modules import one another in a cycle; data flows one way (cli -> spec -> plan -> schedule -> report, core below): cut the cycle.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-orphans',
      comment: 'Nothing imports this module and it imports nothing: delete it, or move it to test/ or tools/ if only they use it.',
      severity: 'error',
      from: { orphan: true, pathNot: [...ENTRY_POINTS, ...NOT_MODULES] },
      to: {},
    },
    {
      name: 'reachable-from-an-entry-point',
      comment: 'No module of the tool imports this one (only tests or tools may): delete it, or move it to test/ or tools/.',
      severity: 'error',
      from: { path: ENTRY_POINTS },
      to: { path: '^src/', pathNot: [...ENTRY_POINTS, ...NOT_MODULES], reachable: false },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: NOT_MODULES.filter((p) => p.startsWith('^src/')) },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
