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

export function parseQueueUrl(text: string): QueueUrl {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UserError(m.urlInvalid(redactRaw(text)));
  }
  if ((url.protocol !== 'redis:' && url.protocol !== 'rediss:') || !url.hostname) {
    throw new UserError(m.urlInvalid(redactUrl(url)));
  }
  const secrets = [url.password, safeDecode(url.password)].filter((s) => s.length > 0);
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

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
