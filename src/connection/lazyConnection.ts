/**
 * Loads `./index` on first use, in a chunk of its own. A failed load is
 * forgotten, so the next call tries again.
 */
export type ConnectionModule = typeof import('./index');

let loading: Promise<ConnectionModule> | null = null;

export function loadConnection(): Promise<ConnectionModule> {
  if (!loading) {
    loading = import(
      /* webpackChunkName: "autopilot-connection" */ './index'
    ).catch((e: unknown) => {
      loading = null;
      throw e;
    });
  }
  return loading;
}
