/**
 * An argument as a POSIX shell reads it back: as it is when it holds only characters no shell
 * treats specially, else in single quotes (a ' inside as '\''). The commands a README gives
 * to draw it again must run as written, whatever the folders are called (`my results`, `a|b`).
 */
const PLAIN = /^[A-Za-z0-9_\-./:=@%+,]+$/;

export function shellWord(arg: string): string {
  return PLAIN.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`;
}
