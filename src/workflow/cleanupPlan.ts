/**
 * The clean-up plan: everything the workflow made that still exists, in
 * groups, each item with what it costs while it exists. Pure: it turns the
 * found resources into items; `cleanupStep.ts` finds and executes.
 */
import type { TranslationBundle } from '@jupyterlab/translation';

import type { IJobState, JobKind } from '../aws/deployment';
import {
  estimateHourlyUsd,
  estimateS3HourlyUsd,
  type HourlyEstimate
} from './prices';
import type { IWorkflowResources } from './workflowResources';

export type CleanupKind =
  | 'automl-job'
  | 'tuning-job'
  | 'training-job'
  | 'processing-job'
  | 'transform-job'
  | 'endpoint'
  | 'endpoint-config'
  | 'model'
  | 's3-prefix'
  | 'local-file';

/**
 * `stop` for running jobs (an AutoML job cannot be deleted: SageMaker has no
 * such call), `delete` for endpoints, configs, models and S3 objects, `keep`
 * for local files, which are listed and never deleted.
 */
export type CleanupAction = 'stop' | 'delete' | 'keep';

/** The plan's groups, in the order they are shown and executed. */
export type CleanupGroup =
  'jobs' | 'endpoints' | 'configs-and-models' | 's3' | 'local';

export interface ICleanupItem {
  kind: CleanupKind;
  name: string;
  action: CleanupAction;
  estimatedHourlyUsd: HourlyEstimate;
  group: CleanupGroup;
  /** Whether the dialog checks it at first: all but S3 and local files. */
  checkedByDefault: boolean;
  /**
   * The items that must go first (a config's endpoints, a model's configs):
   * should one fail, this one is kept for the next run, which otherwise could
   * no longer trace the endpoint to the workflow.
   */
  after?: string[];
  /** S3 only. */
  objectCount?: number;
  totalBytes?: number;
}

/** The S3 objects under the workflow's prefix. */
export interface IS3Summary {
  prefix: string;
  count: number;
  totalBytes: number;
}

const JOB_ITEM_KIND: Record<JobKind, CleanupKind> = {
  automl: 'automl-job',
  tuning: 'tuning-job',
  training: 'training-job',
  processing: 'processing-job',
  transform: 'transform-job'
};

export const JOB_KIND_OF_ITEM: Partial<Record<CleanupKind, JobKind>> =
  Object.fromEntries(
    Object.entries(JOB_ITEM_KIND).map(([job, item]) => [item, job as JobKind])
  );

/** A job still to stop: `InProgress` (one already `Stopping` is on its way). */
export function isRunning(job: IJobState): boolean {
  return job.status === 'InProgress';
}

/** An endpoint still to delete: any status but `Deleting`. */
function isStanding(status: string): boolean {
  return status !== 'Deleting';
}

export function cleanupPlan(
  resources: IWorkflowResources,
  region: string,
  s3: IS3Summary | null,
  localFiles: string[]
): ICleanupItem[] {
  const items: ICleanupItem[] = [];
  const jobs = [
    ...(resources.automlJob ? [resources.automlJob] : []),
    ...resources.runningJobs
  ].filter(isRunning);
  for (const job of jobs) {
    items.push({
      kind: JOB_ITEM_KIND[job.kind],
      name: job.name,
      action: 'stop',
      estimatedHourlyUsd:
        job.kind === 'automl'
          ? // Autopilot bills through the jobs it runs, which are listed apart.
            0
          : estimateHourlyUsd(
              job.instanceType,
              job.instanceCount,
              region,
              'training'
            ),
      group: 'jobs',
      checkedByDefault: true
    });
  }
  for (const { endpoint, config } of resources.endpoints) {
    if (!isStanding(endpoint.status)) {
      continue;
    }
    items.push({
      kind: 'endpoint',
      name: endpoint.name,
      action: 'delete',
      estimatedHourlyUsd: endpointHourlyUsd(endpoint.variants, config, region),
      group: 'endpoints',
      checkedByDefault: true
    });
  }
  // Configs and models cost nothing while they exist, but DeleteEndpoint
  // leaves them behind.
  for (const config of resources.endpointConfigs) {
    items.push({
      kind: 'endpoint-config',
      name: config.name,
      action: 'delete',
      estimatedHourlyUsd: 0,
      group: 'configs-and-models',
      checkedByDefault: true,
      after: resources.endpoints
        .filter(e => e.endpoint.configName === config.name)
        .map(e => e.endpoint.name)
    });
  }
  for (const model of resources.models) {
    items.push({
      kind: 'model',
      name: model.name,
      action: 'delete',
      estimatedHourlyUsd: 0,
      group: 'configs-and-models',
      checkedByDefault: true,
      after: resources.endpointConfigs
        .filter(c => c.variants.some(v => v.modelName === model.name))
        .map(c => c.name)
    });
  }
  if (s3 && s3.count > 0) {
    items.push({
      kind: 's3-prefix',
      name: s3.prefix,
      action: 'delete',
      estimatedHourlyUsd: estimateS3HourlyUsd(s3.totalBytes, region),
      group: 's3',
      checkedByDefault: false,
      objectCount: s3.count,
      totalBytes: s3.totalBytes
    });
  }
  for (const path of localFiles) {
    items.push({
      kind: 'local-file',
      name: path,
      action: 'keep',
      estimatedHourlyUsd: 0,
      group: 'local',
      checkedByDefault: false
    });
  }
  return items;
}

/** An endpoint's instances at the config's instance types. */
export function endpointHourlyUsd(
  variants: Array<{ variantName: string; count: number }>,
  config: {
    variants: Array<{
      variantName: string;
      instanceType: string | null;
      count: number;
    }>;
  } | null,
  region: string
): HourlyEstimate {
  let total = 0;
  for (const v of variants) {
    const type =
      config?.variants.find(c => c.variantName === v.variantName)
        ?.instanceType ?? null;
    const e = estimateHourlyUsd(type, v.count, region, 'inference');
    if (e === 'unknown') {
      return 'unknown';
    }
    total += e;
  }
  return Math.round(total * 1000) / 1000;
}

/** What the dialog says beside an item, where its action needs a word. */
export function cleanupItemNote(
  item: ICleanupItem,
  trans: TranslationBundle
): string | null {
  switch (item.kind) {
    case 'automl-job':
      return trans.__(
        'Stopped, not deleted: SageMaker cannot delete an AutoML job. A stopped job costs nothing.'
      );
    case 'endpoint-config':
    case 'model':
      return trans.__(
        'Costs nothing while it exists, but deleting the endpoint leaves it behind.'
      );
    case 's3-prefix':
      return trans._n(
        '%1 object, %2 bytes. Optional: deleted only if you check it.',
        '%1 objects, %2 bytes. Optional: deleted only if you check it.',
        item.objectCount ?? 0,
        item.totalBytes ?? 0
      );
    case 'local-file':
      return trans.__('Kept: the clean-up never deletes local files.');
    default:
      return null;
  }
}
