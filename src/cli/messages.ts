import { show } from '../spec/messages.js';
const didYouMean = (suggestion: string | null): string => (suggestion ? ` (did you mean '${suggestion}'?)` : '');

/** The command line's own messages (each command's are beside what it checks), written once. */
export const cliMessages = {
  unknownOption: (option: string, suggestion: string | null) => `unknown option '${option}'${didYouMean(suggestion)}`,
  flagTakesNoValue: (option: string, got: string) => `${option} takes no value, got ${show(got)}`,
  optionNeedsValue: (option: string) => `${option}: expected a value after it`,
  optionValueLooksLikeOption: (option: string, got: string) =>
    `${option}: expected a value, got the option ${show(got)} (if that is the value, write ${option}=${got})`,
  optionTwice: (option: string, first: string, second: string) => `${option} given twice (${show(first)}, then ${show(second)}): give it once`,
  unknownCommand: (word: string, commands: string[], suggestion: string | null) =>
    `unknown command '${word}'${didYouMean(suggestion)}, and no file of that name; the commands are ${commands.join(', ')}, ` +
    `or give a spec file: run-experiments SPEC.yaml`,
  helpUnknown: (word: string, commands: string[], suggestion: string | null) =>
    `no command '${word}'${didYouMean(suggestion)}; the commands are ${commands.join(', ')}`,
  helpTakesOne: (got: number) => `expected one command, e.g. run-experiments help run, got ${got} arguments`,
  emptyArgument: (position: number, name: string | null) => `${name === null ? `argument ${position}` : `${name} (argument ${position})`} is empty: expected a path, got ''`,
  emptyOption: (option: string) => `--${option} is empty: expected a value, got ''`,
  /** A signal before a command claims it (run, serve and worker say more): the process exits 130 after this line. */
  interrupted: 'interrupted',
  osRefused: (syscall: string, path: string, reason: string) => `cannot ${syscall} ${path}: ${reason}`,
  // Commands' arguments and what they print when done.
  maxRunsInvalid: (got: string) => `--max-runs: expected a whole number >= 1, got ${show(got)}`,
  /** Under `plan`'s table, for a spec with search.schedule. */
  halvingBudget: (rungs: number[], iterations: number, spent: number, full: number) =>
    `successive halving: trials ranked at iterations ${rungs.join(', ')} of ${iterations}; trains ${spent.toLocaleString('en-US')} of the full search's ${full.toLocaleString('en-US')} iterations (${Math.round((100 * spent) / full)}%)`,
  specMissing: (command: string) => `expected a spec file, e.g. run-experiments ${command} experiments/lr-comparison.yaml`,
  tooManySpecs: (command: string, got: number) => `${command} takes one spec file, got ${got}`,
  validOk: (file: string, runs: number) => `${file}: ok (${runs} run${runs === 1 ? '' : 's'})`,
  problemsIn: (file: string, count: number) => `${file}: ${count} problem${count === 1 ? '' : 's'}`,
  reportNeedsOneDir: (got: number): string =>
    `expected one results folder (e.g. results/lr-comparison), got ${got === 0 ? 'none' : `${got} arguments`}`,
  compareNeedsOut: 'expected --out DIR, the folder to write the comparison into',
  compared: (dir: string, runs: number, charts: number): string => `${dir}: compared ${runs} runs in ${charts} charts, README.md and runs.csv\n`,
  reportRendered: (dir: string, drawn: number, kept: number): string =>
    `${dir}: drew ${drawn} ${drawn === 1 ? 'picture' : 'pictures'} (${kept} already up to date), README.md and runs.csv from the saved results\n`,
} as const;
