/** The cache key of a run: a short hash of its resolved config. */
import { createHash } from 'node:crypto';
import type { RunConfig } from '../spec/types.js';

/**
 * JSON with every object's keys sorted, so equal values give equal text; keys whose value is
 * undefined are left out, as JSON.stringify leaves them. Built with one string, not arrays
 * joined: a plan hashes every run's config, a thousand of them for a thousand-run grid.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  let text: string;
  if (Array.isArray(value)) {
    text = '[';
    for (let i = 0; i < value.length; i++) text += (i > 0 ? ',' : '') + (canonicalJson(value[i]) ?? '');
    return `${text}]`;
  }
  text = '{';
  for (const key of Object.keys(value).sort()) {
    const item = (value as Record<string, unknown>)[key];
    if (item === undefined) continue;
    text += `${text.length > 1 ? ',' : ''}${JSON.stringify(key)}:${canonicalJson(item)}`;
  }
  return `${text}}`;
}

/** The first 12 hex digits of the SHA-256 of the canonical JSON. */
export function configHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, 12);
}

/**
 * A run's hash: configHash of its config, where a dataset folder is named by its files'
 * sha256 alone (a folder of the same files elsewhere, in another clone, is the same data;
 * files changed in place are not).
 */
export function runHash(config: RunConfig): string {
  const source = config.data.source;
  if (source.kind !== 'path') return configHash(config);
  const { path: _path, ...data } = source;
  return configHash({ ...config, data: { ...config.data, source: data } });
}
