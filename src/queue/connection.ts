/**
 * Connections to Redis. At start, one probe that gives up within seconds (a clear
 * UserError naming the URL without its password); after that, clients that reconnect
 * for as long as it takes (a Redis restart mid-experiment), each loss said once.
 */
import { Redis } from 'ioredis';
import { UserError } from '../errors.js';
import { queueMessages as m } from './messages.js';
import { redactText, type QueueUrl } from './url.js';

/** The BullMQ queue every coordinator and worker of this tool shares. */
export const QUEUE_NAME = 'run-experiments';

const PROBE_TIMEOUT_MS = 3000;
const RECONNECT_MAX_MS = 2000;
const DISCONNECT_MS = 200;
/** A lost connection is said at most this often. */
const SAY_EVERY_MS = 10_000;

/** Resolves when Redis answers PING; a UserError otherwise, within a few seconds. */
export async function probe(url: QueueUrl): Promise<void> {
  const client = new Redis(url.href, {
    lazyConnect: true,
    connectTimeout: PROBE_TIMEOUT_MS,
    commandTimeout: PROBE_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  let cause: unknown = null;
  client.on('error', (error) => (cause ??= error));
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    throw new UserError(m.unreachable(url.shown, redactText(reason(cause ?? error), url)));
  } finally {
    client.disconnect();
  }
  // the client says a refused SELECT (a database the server does not have) only as an
  // error event, and goes on in database 0: where the other processes may not be
  if (cause !== null) throw new UserError(m.unusable(url.shown, redactText(reason(cause), url)));
}

/** A client for BullMQ: commands wait through reconnections instead of failing. */
export function client(url: QueueUrl): Redis {
  const redis = new Redis(url.href, {
    maxRetriesPerRequest: null,
    retryStrategy: (times) => Math.min(100 * times, RECONNECT_MAX_MS),
    // how long a closing connection's socket may hold the process; one Redis has dropped holds it all that time
    disconnectTimeout: DISCONNECT_MS,
  });
  // the BullMQ objects on it report errors (connectionErrors); the client itself stays quiet
  redis.on('error', () => {});
  return redis;
}

/** An 'error' listener that says a lost connection once in a while, password blanked out. */
export function connectionErrors(url: QueueUrl, say: (line: string) => void): (error: Error) => void {
  let last = -Infinity;
  return (error) => {
    const now = Date.now();
    if (now - last < SAY_EVERY_MS) return;
    last = now;
    say(m.connectionLost(url.shown, redactText(reason(error), url)));
  };
}

function reason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0] || 'no answer';
}
