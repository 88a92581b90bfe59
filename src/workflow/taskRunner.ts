import type { IAutopilotServerApi, ITask, ITaskProgress } from './serverApi';

/** How often a running task is polled. */
export const POLL_INTERVAL_MS = 500;

export interface IFollowOptions {
  /** Called with each progress report while the task runs. */
  onProgress?: (progress: ITaskProgress, task: ITask) => void;
  /** Aborting it asks the server to cancel; the task then ends `cancelled`. */
  signal?: AbortSignal;
  pollIntervalMs?: number;
}

/**
 * Follows a server task until it ends, and resolves with its last state
 * (succeeded, failed or cancelled). Rejects only when the server cannot be
 * asked (e.g. the network is gone, or the task was forgotten).
 */
export async function followTask(
  api: IAutopilotServerApi,
  task: ITask,
  options: IFollowOptions = {}
): Promise<ITask> {
  const interval = options.pollIntervalMs ?? POLL_INTERVAL_MS;
  const signal = options.signal;
  let cancelRequested = false;
  let current = task;
  while (current.state === 'running') {
    options.onProgress?.(current.progress, current);
    if (signal?.aborted && !cancelRequested) {
      // The server undoes the partial work; the task then ends `cancelled`.
      cancelRequested = true;
      current = await api.cancelTask(current.id);
      continue;
    }
    await sleep(interval, cancelRequested ? undefined : signal);
    if (signal?.aborted && !cancelRequested) {
      continue;
    }
    current = await api.getTask(current.id);
  }
  return current;
}

/** Waits `ms`, or less when `signal` aborts meanwhile. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise(resolve => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done);
  });
}
