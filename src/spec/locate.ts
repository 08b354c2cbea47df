/**
 * Maps a path inside the spec (e.g. ['training', 'learning_rate']) to the place it was
 * written: a line and column of the YAML file, or of a `--set` argument that overrode it.
 */
import { Document, isAlias, isMap, isScalar, isSeq, LineCounter, visit, type Node } from 'yaml';
import { problemAt, problemOnLine, type Problem } from './problem.js';

export type PathSegment = string | number;
export type Path = PathSegment[];

/** Point at a key itself, or at its value (a missing key is reported at its parent's value). */
export type Target = 'key' | 'value';

/** A parsed `--set key.path=value` argument. */
export interface Override {
  arg: string;
  path: string[];
  /** 0-based offset in `arg` where each path segment starts. */
  segmentOffsets: number[];
  /** 0-based offset in `arg` where the value starts. */
  valueOffset: number;
  valueDoc: Document.Parsed;
  value: unknown;
}

export interface Source {
  file: string;
  text: string;
  doc: Document.Parsed;
  lineCounter: LineCounter;
  overrides: Override[];
}

export const SET_FILE = '--set';

function isPrefix(prefix: readonly PathSegment[], path: readonly PathSegment[]): boolean {
  return prefix.length <= path.length && prefix.every((segment, i) => String(segment) === String(path[i]));
}

/**
 * A map key as the parsed object names it: a scalar's value (a null key, `~:` or `? `, is
 * the key ''), an alias's target's, or a collection's flow form (`? [a, b]` is the key
 * '[ a, b ]'), so that a problem with any key is reported where the key is written.
 */
function keyName(key: unknown, doc: Document.Parsed | undefined): string | null {
  if (isScalar(key)) return key.value === null ? '' : String(key.value);
  if (isAlias(key)) {
    const target = doc ? key.resolve(doc) : undefined;
    return target === undefined ? null : keyName(target, doc);
  }
  if (isMap(key) || isSeq(key)) {
    // the parsed object's key is the collection in flow style, without its own tag
    const copy = key.clone() as typeof key;
    copy.tag = undefined;
    visit(copy, { Map: (_, node) => void (node.flow = true), Seq: (_, node) => void (node.flow = true) });
    return new Document(copy).toString().trim();
  }
  return null;
}

/** The 0-based offset of the node at `path` under `root` (of `doc`, which resolves aliased keys), or null if there is none. */
export function offsetIn(root: unknown, path: readonly PathSegment[], target: Target, doc?: Document.Parsed): number | null {
  let node: unknown = root;
  for (let i = 0; i < path.length; i++) {
    if (isAlias(node)) return null;
    const segment = path[i];
    if (isMap(node)) {
      const pair = [...node.items].reverse().find((p) => keyName(p.key, doc) === String(segment));
      if (!pair) return null;
      if (i === path.length - 1 && target === 'key') return rangeStart(pair.key);
      node = pair.value ?? pair.key;
    } else if (isSeq(node)) {
      node = node.items[Number(segment)];
      if (node === undefined) return null;
    } else {
      return null;
    }
  }
  return rangeStart(node);
}

function rangeStart(node: unknown): number | null {
  const range = (node as Node | null)?.range;
  return range ? range[0] : null;
}

/** A problem at `path`: in the --set that overrode it, else in the file, else at the closest parent written. */
export function problemAtPath(source: Source, path: Path, target: Target, message: string): Problem {
  const overrides = [...source.overrides].reverse();
  const under = overrides.find((o) => isPrefix(o.path, path));
  if (under) {
    const rest = path.slice(under.path.length);
    if (rest.length === 0 && target === 'key') return setProblem(under, under.segmentOffsets[under.path.length - 1], message);
    const inValue = offsetIn(under.valueDoc.contents, rest, target, under.valueDoc) ?? 0;
    return setProblem(under, under.valueOffset + inValue, message);
  }
  const offset = offsetIn(source.doc.contents, path, target, source.doc);
  if (offset !== null) return fileProblem(source, offset, message);
  const above = overrides.find((o) => isPrefix(path, o.path));
  if (above) return setProblem(above, above.segmentOffsets[Math.max(0, path.length - 1)] ?? 0, message);
  for (let length = path.length - 1; length >= 0; length--) {
    const parent = offsetIn(source.doc.contents, path.slice(0, length), 'key', source.doc);
    if (parent !== null) return fileProblem(source, parent, message);
  }
  return fileProblem(source, 0, message);
}

export function fileProblem(source: Pick<Source, 'file' | 'text' | 'lineCounter'>, offset: number, message: string): Problem {
  const { line, col } = source.lineCounter.linePos(offset);
  const starts = source.lineCounter.lineStarts;
  const lineText = source.text.slice(starts[line - 1] ?? 0, starts[line] ?? source.text.length);
  return problemOnLine(source.file, lineText, line, col, message);
}

export function setProblem(override: Pick<Override, 'arg'>, offset: number, message: string): Problem {
  return problemAt(SET_FILE, override.arg, 1, offset + 1, message);
}
