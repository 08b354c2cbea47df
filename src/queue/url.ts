/**
 * The queue's address: a redis:// or rediss:// (TLS) URL, possibly with a password. The
 * password is in no message: every URL shown goes through `redactUrl`, and every error text
 * through `redactText`.
 */
import { UserError } from '../errors.js';
import { queueMessages as m } from './messages.js';

export const QUEUE_ENV = 'RUN_EXPERIMENTS_QUEUE';

export interface QueueUrl {
  /** As given, password included: for the Redis client only. */
  href: string;
  /** As shown: the password replaced by `***`. */
  shown: string;
  /** Strings to blank out of any text shown (the password, raw and decoded). */
  secrets: string[];
}

/**
 * The URL of --queue, else of $RUN_EXPERIMENTS_QUEUE; null when neither names one. An empty
 * --queue is a mistake (an unset variable in a script), not a request to train locally.
 */
export function queueUrlOf(option: unknown, env: NodeJS.ProcessEnv): QueueUrl | null {
  if (typeof option === 'string') return parseQueueUrl(option);
  const text = env[QUEUE_ENV];
  if (!text) return null;
  try {
    return parseQueueUrl(text);
  } catch (error) {
    // the value came from the environment: name it, not the option
    if (error instanceof UserError) throw new UserError(error.message.replace(/^--queue: /, `${QUEUE_ENV}: `));
    throw error;
  }
}

export function parseQueueUrl(text: string): QueueUrl {
  if (text.trim() === '') throw new UserError(m.emptyQueue);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UserError(m.urlInvalid(redactRaw(text)));
  }
  if ((url.protocol !== 'redis:' && url.protocol !== 'rediss:') || !url.hostname) {
    throw new UserError(m.urlInvalid(redactUrl(url)));
  }
  // the Redis client decodes these itself, and throws past every handler on a bad one
  const password = safeDecode(url.password);
  if (password === null || safeDecode(url.username) === null) throw new UserError(m.urlPassword(redactRaw(text)));
  const db = url.pathname.replace(/^\//, '');
  if (!/^\d*$/.test(db)) throw new UserError(m.urlDatabase(redactUrl(url), db));
  const secrets = [url.password, password].filter((s) => s.length > 0);
  return { href: text, shown: redactUrl(url), secrets: [...new Set(secrets)] };
}

/** The text with every secret of the URL replaced by `***`. */
export function redactText(text: string, url: QueueUrl): string {
  return url.secrets.reduce((t, secret) => t.split(secret).join('***'), text.split(url.href).join(url.shown));
}

function redactUrl(url: URL): string {
  const copy = new URL(url.href);
  if (copy.password) copy.password = '***';
  return copy.href.replace(/\/$/, '');
}

/** A string that is not a URL: anything between `//` and `@` is taken for credentials. */
function redactRaw(text: string): string {
  return text.replace(/\/\/[^@/]*@/, '//***@');
}

/** The %-decoded text, or null when it is not valid %-encoding. */
function safeDecode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}
