/** An Io that collects what a command writes, and a temp folder for spec files. */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Io } from '../../src/cli/command.js';
import { runCli } from '../../src/cli/cli.js';

function collector(): Writable & { text: string } {
  const stream = new Writable({
    write(chunk, _encoding, done) {
      stream.text += String(chunk);
      done();
    },
  }) as Writable & { text: string };
  stream.text = '';
  return stream;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function cli(argv: string[], cwd: string): Promise<CliResult> {
  const stdout = collector();
  const stderr = collector();
  const io: Io = { stdout, stderr, cwd };
  const code = await runCli(argv, io);
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** A temp folder holding `files` (name -> text); `files()` lists what is in it afterwards. */
export function tempFolder(files: Record<string, string>): { dir: string; files(): string[]; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'spec-test-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return { dir, files: () => readdirSync(dir).sort(), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Joins lines with newlines, ending with one: specs in tests read as the file would. */
export const yaml = (...lines: string[]): string => `${lines.join('\n')}\n`;
