/**
 * The Tuning step's and data layer's dependencies made real: their AWS
 * calls through the lazily loaded AWS layer (`src/aws/tuning.ts`).
 */
import type { IAwsClientOptions } from '../aws/clients';
import { loadAws } from '../aws/lazy';
import type { ITuningDataApi } from './tuningData';
import type { ITuningStepApi } from './tuningStep';

/**
 * Both APIs over one AWS layer. `clientOptions` is asked on every call, so a
 * changed region or connection takes effect at once (clients are memoised
 * per service and region in the AWS layer).
 */
export function awsTuningApi(
  clientOptions: () => IAwsClientOptions
): ITuningStepApi & ITuningDataApi {
  return {
    listTuningJobs: async options =>
      (await loadAws()).listTuningJobs(clientOptions(), options),
    describeTuningJob: async name =>
      (await loadAws()).describeTuningJob(clientOptions(), name),
    stopTuningJob: async name =>
      (await loadAws()).stopTuningJob(clientOptions(), name),
    listTrainingJobsPage: async (name, token) =>
      (await loadAws()).listTrainingJobsPage(clientOptions(), name, token),
    searchTrialComponentsPage: async (arns, token) =>
      (await loadAws()).searchTrialComponentsPage(clientOptions(), arns, token),
    describeTrainingJob: async name =>
      (await loadAws()).describeTrainingJob(clientOptions(), name)
  };
}
