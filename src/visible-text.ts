/**
 * Text from a user's files as a terminal shows it safely: control characters (an escape
 * sequence would recolour or clear the screen) and bidirectional overrides (which reorder
 * what is shown, so a message could say other than it does) written as `\uXXXX`. Line
 * breaks and tabs stay.
 */
const HIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function visible(text: string): string {
  return text.replace(HIDDEN, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
