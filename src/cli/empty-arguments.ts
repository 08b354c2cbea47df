/**
 * An empty argument ('' from an unset shell variable, or `--out=`) is never what the user meant:
 * as a path it resolves to the current folder, and the command would then read or refuse the
 * wrong thing ("cannot read : it is a folder"). The command line refuses it where arguments
 * enter, before any command runs, and says which one was empty.
 */
import { cliMessages as m } from './messages.js';

type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** The message for the first empty option value or positional argument, or null when none is empty. */
export function emptyArgument(names: readonly string[], positionals: readonly string[], values: Values): string | null {
  const option = Object.entries(values).find(([, value]) => value === '' || (Array.isArray(value) && value.includes('')));
  if (option) return m.emptyOption(option[0]);
  const index = positionals.indexOf('');
  return index < 0 ? null : m.emptyArgument(index + 1, nameAt(names, index));
}

/** The name of positional `index`: its own, the repeated last one's, or null past the declared ones. */
function nameAt(names: readonly string[], index: number): string | null {
  const last = names.at(-1);
  const name = index < names.length ? names[index] : last?.endsWith('...') ? last : undefined;
  return name === undefined ? null : name.replace(/\.\.\.$/, '');
}
