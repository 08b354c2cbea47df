/** A folder's entry names, sorted (by code unit, so the same on every machine); none when it cannot be listed (absent, a file, unreadable). */
import { readdirSync } from 'node:fs';

export function sortedEntries(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}
