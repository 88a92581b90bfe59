/**
 * The Job step's dependencies made real: its AWS calls through the lazily
 * loaded AWS layer, and its state in JupyterLab's state database.
 */
import type { IStateDB } from '@jupyterlab/statedb';
import type { ReadonlyPartialJSONValue } from '@lumino/coreutils';

import type { IAwsClientOptions } from '../aws/clients';
import { loadAws } from '../aws/lazy';
import type { IJobApi, IJobStateStore, IPersistedJob } from './jobStep';

/**
 * `IJobApi` over `src/aws/autopilot.ts`. `clientOptions` is asked on every
 * call, so a changed region or connection takes effect at once (clients are
 * memoised per service and region in the AWS layer).
 */
export function awsJobApi(clientOptions: () => IAwsClientOptions): IJobApi {
  return {
    createJob: async request =>
      (await loadAws()).createPilotJob(clientOptions(), request),
    describeJob: async name =>
      (await loadAws()).describeJob(clientOptions(), name),
    findJob: async name => (await loadAws()).findJob(clientOptions(), name),
    listRecentJobs: async () =>
      (await loadAws()).listRecentJobs(clientOptions(), { maxJobs: 20 }),
    stopJob: async name => (await loadAws()).stopJob(clientOptions(), name)
  };
}

/**
 * `IJobStateStore` as one entry of the state database (e.g.
 * `autopilot:workflow:<id>:job`).
 */
export function stateDbJobStore(state: IStateDB, key: string): IJobStateStore {
  return {
    load: async () =>
      ((await state.fetch(key)) as IPersistedJob | undefined) ?? null,
    save: async value => {
      if (value === null) {
        await state.remove(key);
      } else {
        // JSON.parse(JSON.stringify()) drops the undefined members IStateDB refuses.
        await state.save(
          key,
          JSON.parse(JSON.stringify(value)) as ReadonlyPartialJSONValue
        );
      }
    }
  };
}
