// Polling until a long-running process (a bulk booking's saga, an approval chain) gets somewhere.
import { WaitTimeoutError } from "./errors.js";

export interface WaitOptions {
  /** Give up after this long (default 120 s): WaitTimeoutError, with the last state seen. */
  timeoutMs?: number;
  /** Between two reads (default 1 s). */
  intervalMs?: number;
  signal?: AbortSignal;
}

export async function pollUntil<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  what: string,
  options: WaitOptions = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() >= deadline) throw new WaitTimeoutError(`${what} did not finish in time`, value);
    options.signal?.throwIfAborted();
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 1000));
  }
}
