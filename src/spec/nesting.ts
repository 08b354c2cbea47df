/**
 * How deeply a YAML text nests its collections, measured on yaml's concrete syntax tree
 * (which yaml builds without recursion) before the document is composed (which recurses,
 * and overflows the stack somewhere past 700 levels). A spec needs fewer than ten.
 */
import {
  Composer, isAlias, isCollection, LineCounter, Parser, visit, YAMLParseError, type CST, type Document, type DocumentOptions, type ParseOptions, type SchemaOptions,
} from 'yaml';
import { specMessages } from './messages.js';

/** The deepest nesting of mappings and lists a spec may have. */
export const MAX_NESTING = 64;

/**
 * yaml's parseDocument, split in two so the nesting is checked between parsing and composing:
 * the document, or the offset of the first collection nested deeper than `max` levels.
 */
export function parseYaml(
  text: string,
  lines: LineCounter,
  options: DocumentOptions & ParseOptions & SchemaOptions,
  max = MAX_NESTING,
): { doc: Document.Parsed; tooDeepAt: null } | { doc: null; tooDeepAt: number } {
  const tokens = [...new Parser(lines.addNewLine).parse(text)];
  const deep = tooDeepAt(tokens, max);
  if (deep !== null) return { doc: null, tooDeepAt: deep };
  let doc: Document.Parsed | null = null;
  for (const next of new Composer(options).compose(tokens, true, text.length)) {
    if (!doc) doc = next;
    else {
      doc.errors.push(new YAMLParseError([next.range[0], next.range[1]], 'MULTIPLE_DOCS', 'Source contains multiple documents'));
      break;
    }
  }
  return { doc: doc!, tooDeepAt: null };
}

/** The offset of the first collection nested deeper than `max` levels, or null. */
export function tooDeepAt(tokens: CST.Token[], max = MAX_NESTING): number | null {
  const stack = tokens.map((token) => ({ token, depth: 0 }));
  while (stack.length > 0) {
    const { token, depth } = stack.pop()!;
    const children = childrenOf(token);
    if (children === null) continue;
    const inner = token.type === 'document' ? depth : depth + 1;
    if (inner > max) return token.offset;
    for (const child of children) stack.push({ token: child, depth: inner });
  }
  return null;
}

/** The tokens directly inside a document or collection, null for anything else. */
function childrenOf(token: CST.Token): CST.Token[] | null {
  switch (token.type) {
    case 'document':
      return token.value ? [token.value] : [];
    case 'block-map':
    case 'block-seq':
    case 'flow-collection':
      return token.items.flatMap((item) => [item.key, item.value].filter((t): t is CST.Token => t !== undefined && t !== null));
    default:
      return null;
  }
}

/**
 * The first place where a document's value could not be a spec's, and why, or null:
 * - an alias inside the very node its anchor names (`&a [1, *a]`): the value would contain
 *   itself, and every later walk of it (the schema's checks, the messages) would follow it
 *   until the stack overflowed;
 * - a key that is a list or a mapping (`? [a, b]: 1`): no spec key is one, and yaml would turn
 *   it into text with a warning printed past our messages.
 */
export function unusableValueAt(doc: Document.Parsed): { at: number; message: string } | null {
  let found: { at: number; message: string } | null = null;
  visit(doc, {
    Alias(_, node, path) {
      const target = isAlias(node) ? node.resolve(doc) : undefined;
      if (target === undefined || !path.includes(target)) return undefined;
      found = { at: node.range?.[0] ?? 0, message: specMessages.aliasCycle() };
      return visit.BREAK;
    },
    Pair(_, pair) {
      if (!isCollection(pair.key)) return undefined;
      found = { at: pair.key.range?.[0] ?? 0, message: specMessages.collectionKey() };
      return visit.BREAK;
    },
  });
  return found;
}
