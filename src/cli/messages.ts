/** The command line's own messages (each command's are beside what it checks), written once. */
export const cliMessages = {
  unknownOption: (option: string) => `unknown option '${option}'`,
  unknownCommand: (word: string, commands: string[]) =>
    `unknown command '${word}' (and no file of that name); the commands are ${commands.join(', ')}, ` +
    `or give a spec file: run-experiments SPEC.yaml`,
} as const;
