/** Every message the kernel sets can show, written once (tests assert through these). */
export const kernelMessages = {
  choiceInvalid: (choices: readonly string[], value: string) =>
    `RUN_EXPERIMENTS_KERNELS: expected ${choices.slice(0, -1).join(', ')} or ${choices.at(-1)}, got '${value}'`,
  noneRuns: (choice: string, reasons: readonly string[]) =>
    `RUN_EXPERIMENTS_KERNELS=${choice}: no such kernels run here (${reasons.join('; ')})`,
  fallbackUnavailable: (fallback: string, why: string) => `its fallback ${fallback} cannot run: ${why}`,
  notChosen: (choice: string) => `not chosen (RUN_EXPERIMENTS_KERNELS=${choice})`,
  notInMemory: 'kernels: array is not in the kernels\' memory',
};
