// Runs the command line in this process and prints its peak resident memory, worker
// threads included (they share the process): `node max-rss.mjs ARGS...`.
import { runCli } from '../../dist/cli/cli.js';

const code = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() });
console.log(`max-rss-kib ${process.resourceUsage().maxRSS}`);
process.exitCode = code;
