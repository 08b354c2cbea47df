/**
 * The options of a command line that Node's parser would take badly: an unknown one (its
 * message is long and has no suggestion: `--froce`) and a single-valued one given twice
 * (it keeps the last silently: `--out a --out b` writes to b), and in our words a missing
 * value, a value given to a flag and an option where a value should be (Node's words for
 * them run to three lines). One line each; the strict parse after this is a backstop.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { cliMessages as m } from './messages.js';
import { closest } from '../spec/did-you-mean.js';

type Options = NonNullable<ParseArgsConfig['options']>;

export function optionProblem(args: string[], options: Options): string | null {
  const { tokens } = parseArgs({ args, options, strict: false, allowPositionals: true, tokens: true });
  const names = Object.keys(options).map((name) => `--${name}`);
  const given = new Map<string, string>();
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const declared = options[token.name];
    if (!declared) return m.unknownOption(token.rawName, closest(token.rawName, names));
    const option = `--${token.name}`;
    if (declared.type === 'boolean') {
      if (token.value !== undefined) return m.flagTakesNoValue(option, token.value);
      continue;
    }
    if (token.value === undefined) return m.optionNeedsValue(option);
    if (!token.inlineValue && token.value.startsWith('-')) return m.optionValueLooksLikeOption(option, token.value);
    if (declared.multiple) continue;
    const before = given.get(token.name);
    if (before !== undefined) return m.optionTwice(option, before, token.value);
    given.set(token.name, token.value);
  }
  return null;
}
