/** Runs a promise to its end on jest's fake clock, polling included. */
import { POLL_INTERVAL_MS } from '../taskRunner';

export async function settle<T>(promise: Promise<T>): Promise<T> {
  let done = false;
  const result = promise.finally(() => {
    done = true;
  });
  result.catch(() => undefined);
  for (let i = 0; i < 200 && !done; i++) {
    await jest.advanceTimersByTimeAsync(POLL_INTERVAL_MS);
  }
  return result;
}
