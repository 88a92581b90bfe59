/**
 * Loads the AWS layer (and the AWS SDK) on first use. Webpack puts
 * `./index` and the SDK in a chunk of their own, fetched only when this is
 * first called, so JupyterLab's start-up never loads them.
 *
 * Only types may come from `./index` statically; `errors.ts` and
 * `context.ts` are SDK-free and may be imported directly.
 */
export type AwsModule = typeof import('./index');

let loading: Promise<AwsModule> | null = null;

/**
 * The AWS layer, loaded once. A failed load (e.g. a network error while
 * fetching the chunk) is forgotten, so the next call tries again.
 */
export function loadAws(): Promise<AwsModule> {
  if (!loading) {
    loading = import(/* webpackChunkName: "autopilot-aws" */ './index').catch(
      (e: unknown) => {
        loading = null;
        throw e;
      }
    );
  }
  return loading;
}
