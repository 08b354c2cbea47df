/**
 * While a command claims the signals and gives them back (signals.ts), SIGINT and SIGTERM
 * never go without a listener: Node gives a signal with none its default action, which
 * kills the process instead of exiting 130.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { claimSignals, exitOnSignal, stopOnSignal } from '../../src/cli/signals.js';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** The least number of listeners each signal had after any listener came off while `act` ran. */
function leastListeners(act: () => void): Record<string, number> {
  const least: Record<string, number> = { SIGINT: Infinity, SIGTERM: Infinity };
  const off = process.removeListener.bind(process);
  const spy = vi.spyOn(process, 'removeListener').mockImplementation((event, listener) => {
    off(event, listener);
    if (event in least) least[event as string] = Math.min(least[event as string], process.listenerCount(event));
    return process;
  });
  vi.spyOn(process, 'off').mockImplementation((event, listener) => spy(event, listener));
  try {
    act();
  } finally {
    vi.restoreAllMocks();
  }
  return least;
}

describe('handing the signals over', () => {
  const before = Object.fromEntries(SIGNALS.map((s) => [s, process.listeners(s)]));
  afterEach(() => {
    for (const s of SIGNALS) {
      process.removeAllListeners(s);
      for (const listener of before[s]) process.on(s, listener);
    }
  });

  it('leaves each signal a listener at every moment, claimed and given back', () => {
    exitOnSignal();
    let giveBack = (): void => {};
    const claimed = leastListeners(() => (giveBack = claimSignals(() => {})));
    const givenBack = leastListeners(() => giveBack());
    for (const s of SIGNALS) {
      expect(claimed[s], `${s} while claimed`).toBeGreaterThanOrEqual(1);
      expect(givenBack[s], `${s} while given back`).toBeGreaterThanOrEqual(1);
      expect(process.listenerCount(s)).toBe(before[s].length + 1);
    }
  });

  it('the graceful stop hears the first signal, and hands back the same way', () => {
    exitOnSignal();
    const stop = vi.fn();
    let giveBack = (): void => {};
    const claimed = leastListeners(() => (giveBack = stopOnSignal(stop)));
    process.emit('SIGTERM', 'SIGTERM');
    expect(stop).toHaveBeenCalledTimes(1);
    const givenBack = leastListeners(() => giveBack());
    for (const s of SIGNALS) expect(Math.min(claimed[s], givenBack[s]), s).toBeGreaterThanOrEqual(1);
  });
});
