/**
 * Preloaded by the report bench (`node --import`) into the command line it times: at exit,
 * writes the process's CPU time (every thread: the main one and the workers) to the file
 * BENCH_CPU_FILE names, as `{ user, system }` in microseconds.
 */
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_CPU_FILE;
if (file) process.on('exit', () => writeFileSync(file, JSON.stringify(process.cpuUsage())));
