/** Spec keys and values in words, for legends, tables and sentences: `training.learning_rate` -> "learning rate". */
import { formatNumber } from '../results/numbers.js';

const KEY_WORDS: Record<string, string> = {
  'training.learning_rate': 'learning rate',
  'training.optimizer': 'optimizer',
  'training.batch_size': 'batch size',
  'training.iterations': 'iterations',
  'training.momentum': 'momentum',
  'training.beta1': 'Adam beta1',
  'training.beta2': 'Adam beta2',
  'training.sampling': 'sampling',
  'training.seed': 'seed',
  'training.precision': 'precision',
  'training.eval_every': 'evaluation interval',
  'training.rng': 'random generator',
  'model.hidden': 'hidden sizes',
  'model.activation': 'activation',
  'model.init': 'initialisation',
  repeat: 'repeat',
};

/** A dotted key in words: the common ones by name, others by their last segment. */
export function keyWords(key: string): string {
  return KEY_WORDS[key] ?? (key.split('.').pop() ?? key).replaceAll('_', ' ');
}

/**
 * A number for a reader: as written, but below 0.001 in exponent form (`1.292e-6`, not
 * `0.000001292` beside a `6.029e-7`), so a column of log-uniform draws reads alike.
 */
function numberText(x: number): string {
  return x !== 0 && Math.abs(x) < 1e-3 ? x.toExponential() : formatNumber(x);
}

/** A grid value as short text: numbers as written, lists as `[100, 50]`, objects as `std 0.01`. */
export function valueText(value: unknown): string {
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return `[${value.map(valueText).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).map(([k, v]) => `${k} ${valueText(v)}`).join(', ');
  }
  return String(value);
}

/** "learning rate 0.5". */
export function keyValueText(key: string, value: unknown): string {
  return `${keyWords(key)} ${valueText(value)}`;
}
