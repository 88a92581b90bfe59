/**
 * The Clean-up step: plans what the workflow made that still exists, and,
 * once confirmed, stops and deletes it item by item. Idempotent and honest:
 * every item reports its own result, a failure leaves the others done, a
 * second run finds only what is left, and nothing is reported deleted or
 * stopped until a describe call shows it gone or going.
 */
import type { TranslationBundle } from '@jupyterlab/translation';

import type { IDeploymentCalls } from '../aws/deployment';
import { toAutopilotError } from '../aws/errors';
import {
  cleanupPlan,
  JOB_KIND_OF_ITEM,
  type CleanupAction,
  type CleanupKind,
  type ICleanupItem,
  type IS3Summary
} from './cleanupPlan';
import type { IWorkflowIdentity } from './lineage';
import type { HourlyEstimate } from './prices';
import { findWorkflowResources } from './workflowResources';

/** The S3 side (the server's identity lists and deletes under the prefix). */
export interface IS3Cleanup {
  summarize(prefix: string): Promise<IS3Summary>;
  /** Deletes every object under `prefix`; answers what is left after. */
  deleteUnder(prefix: string): Promise<{ remaining: number }>;
}

export interface ICleanupStepOptions {
  calls: IDeploymentCalls;
  /** `null` when the workflow has no S3 prefix yet or S3 is not wired. */
  s3: IS3Cleanup | null;
  /** Asked on every plan: the workflow's identity and AutoML job may change. */
  workflow: () => {
    identity: IWorkflowIdentity;
    automlJobName: string | null;
    region: string;
  };
  /** The local files the workflow fetched (only listed). */
  localFiles: () => Promise<string[]>;
  /**
   * The dialog naming each resource and the estimated hourly cost; resolves
   * `false` when the user cancels.
   */
  askConfirmation: (items: ICleanupItem[]) => Promise<boolean>;
  trans: TranslationBundle;
}

/** `autopilot:plan-cleanup`'s answer. */
export interface IPlanResult {
  status: 'planned';
  items: Array<{
    kind: CleanupKind;
    name: string;
    action: CleanupAction;
    estimatedHourlyUsd: HourlyEstimate;
  }>;
}

export type CleanupResult =
  | 'stopped'
  | 'stopping'
  | 'deleted'
  | 'deleting'
  | 'kept'
  | 'skipped'
  | 'failed';

/** `autopilot:cleanup`'s answer (`cancelled` when the dialog was declined). */
export interface ICleanupRunResult {
  status: 'cleaned' | 'partial' | 'cancelled';
  items: Array<{
    kind: CleanupKind;
    name: string;
    result: CleanupResult;
    reason?: string;
  }>;
}

type ItemOutcome = ICleanupRunResult['items'][number];

export class CleanupStep {
  constructor(options: ICleanupStepOptions) {
    this._options = options;
  }

  /** The current plan, with the dialog's details (groups, defaults, S3 sizes). */
  async planItems(): Promise<ICleanupItem[]> {
    const { calls, s3, localFiles } = this._options;
    const { identity, automlJobName, region } = this._options.workflow();
    const resources = await findWorkflowResources(
      calls,
      identity,
      automlJobName
    );
    const summary =
      s3 && identity.outputPrefix
        ? await s3.summarize(identity.outputPrefix)
        : null;
    return cleanupPlan(resources, region, summary, await localFiles());
  }

  /** `autopilot:plan-cleanup`. */
  async plan(): Promise<IPlanResult> {
    const items = await this.planItems();
    return {
      status: 'planned',
      items: items.map(({ kind, name, action, estimatedHourlyUsd }) => ({
        kind,
        name,
        action,
        estimatedHourlyUsd
      }))
    };
  }

  /**
   * `autopilot:cleanup`: plans afresh, asks (unless `confirm` is false: the
   * caller already asked), then runs every item in the plan's order. S3
   * objects only with `includeS3`.
   */
  async cleanup(
    options: {
      confirm?: boolean;
      includeS3?: boolean;
      /** Called once the user confirmed (or at once without `confirm`). */
      onConfirmed?: () => void;
    } = {}
  ): Promise<ICleanupRunResult> {
    const { confirm = true, includeS3 = false } = options;
    const items = await this.planItems();
    const chosen = items.filter(
      i => i.action !== 'keep' && (i.kind !== 's3-prefix' || includeS3)
    );
    if (confirm && !(await this._options.askConfirmation(chosen))) {
      return { status: 'cancelled', items: [] };
    }
    options.onConfirmed?.();
    const outcomes: ItemOutcome[] = [];
    const notDone = new Set<string>();
    for (const item of items) {
      const { kind, name } = item;
      const blocker = item.after?.find(n => notDone.has(n));
      let outcome: ItemOutcome;
      if (item.action === 'keep') {
        outcome = { kind, name, result: 'kept' };
      } else if (!chosen.includes(item)) {
        outcome = { kind, name, result: 'skipped' };
      } else if (blocker) {
        outcome = {
          kind,
          name,
          result: 'skipped',
          reason: this._options.trans.__(
            'Kept until %1 is deleted, so that the next clean-up still finds it. Run the clean-up again.',
            blocker
          )
        };
      } else {
        outcome = await this._run(item);
      }
      if (outcome.result === 'failed' || outcome.reason) {
        notDone.add(name);
      }
      outcomes.push(outcome);
    }
    return {
      status: notDone.size > 0 ? 'partial' : 'cleaned',
      items: outcomes
    };
  }

  /** One item: act, then describe to confirm. Errors stay with the item. */
  private async _run(item: ICleanupItem): Promise<ItemOutcome> {
    const { kind, name } = item;
    try {
      const result = await this._act(item);
      return result === 'failed'
        ? {
            kind,
            name,
            result,
            reason: this._options.trans.__(
              'AWS accepted the request, but %1 still shows no change. Run the clean-up again.',
              name
            )
          }
        : { kind, name, result };
    } catch (e) {
      return { kind, name, result: 'failed', reason: this._reason(e) };
    }
  }

  private async _act(item: ICleanupItem): Promise<CleanupResult> {
    const { calls, s3 } = this._options;
    const jobKind = JOB_KIND_OF_ITEM[item.kind];
    if (jobKind) {
      await ignoringNotFound(calls.stopJob(jobKind, item.name));
      const job = await calls.describeJob(jobKind, item.name);
      if (!job || job.status === 'Stopped') {
        return 'stopped';
      }
      // A job that ended on its own meanwhile bills no more either.
      if (['Stopping', 'Completed', 'Failed'].includes(job.status)) {
        return job.status === 'Stopping' ? 'stopping' : 'stopped';
      }
      return 'failed';
    }
    switch (item.kind) {
      case 'endpoint': {
        await ignoringNotFound(calls.deleteEndpoint(item.name));
        const e = await calls.describeEndpoint(item.name);
        return !e ? 'deleted' : e.status === 'Deleting' ? 'deleting' : 'failed';
      }
      case 'endpoint-config':
        await ignoringNotFound(calls.deleteEndpointConfig(item.name));
        return (await calls.describeEndpointConfig(item.name))
          ? 'failed'
          : 'deleted';
      case 'model':
        await ignoringNotFound(calls.deleteModel(item.name));
        return (await calls.describeModel(item.name)) ? 'failed' : 'deleted';
      case 's3-prefix': {
        if (!s3) {
          return 'failed';
        }
        const { remaining } = await s3.deleteUnder(item.name);
        return remaining === 0 ? 'deleted' : 'failed';
      }
      default:
        return 'skipped';
    }
  }

  /** A reason the user can act on, by the kind of failure. */
  private _reason(e: unknown): string {
    const { trans } = this._options;
    const error = toAutopilotError(e);
    const said = error.details.code ?? error.message;
    switch (error.kind) {
      case 'throttling':
        return trans.__(
          'AWS is throttling requests. Wait a minute and run the clean-up again.'
        );
      case 'access-denied':
        return trans.__(
          'Access denied (%1). Ask your administrator for this permission, or delete the resource in the AWS console.',
          error.details.action ?? said
        );
      case 'conflict':
        return trans.__(
          'In use (%1). Run the clean-up again once what uses it is gone.',
          said
        );
      default:
        return trans.__('Failed: %1', error.message);
    }
  }

  private readonly _options: ICleanupStepOptions;
}

/** A resource already gone is what the clean-up wants: the describe confirms it. */
async function ignoringNotFound(call: Promise<void>): Promise<void> {
  try {
    await call;
  } catch (e) {
    if (toAutopilotError(e).kind !== 'not-found') {
      throw e;
    }
  }
}
