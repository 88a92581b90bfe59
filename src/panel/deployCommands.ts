/**
 * What the Deployment and Clean-up commands do, over the steps' models:
 * `autopilot:list-endpoints`, `autopilot:test-endpoint`,
 * `autopilot:plan-cleanup` and `autopilot:cleanup`.
 */
import type { TranslationBundle } from '@jupyterlab/translation';
import { notify, notifyUpdate } from '../notify';
import type { ICleanupRunResult, IPlanResult } from '../workflow/cleanupStep';
import type {
  IListEndpointsResult,
  ITestEndpointResult
} from '../workflow/deployStep';
import type { IDeploymentServerApi } from '../workflow/serverApi';
import type { WorkflowModel } from '../workflow/workflowModel';
import type { IDeploySteps } from './deploySteps';
import { awsErrorSentence, type IJobNotDone } from './jobCommands';

export interface IDeployCommandContext {
  workflow: WorkflowModel;
  deploySteps: IDeploySteps;
  api: IDeploymentServerApi;
  trans: TranslationBundle;
}

/** A failure of a deployment command, in one sentence the user can act on. */
function failed(trans: TranslationBundle, error: unknown): IJobNotDone {
  return {
    status: 'failed',
    reason: awsErrorSentence(trans, error),
    code: (error as { code?: string })?.code ?? (error as Error)?.name
  };
}

/** `autopilot:list-endpoints`. */
export async function listEndpoints(
  ctx: IDeployCommandContext
): Promise<IListEndpointsResult | IJobNotDone> {
  await ctx.workflow.restored;
  try {
    return await ctx.deploySteps.deploy.listEndpoints();
  } catch (e) {
    return failed(ctx.trans, e);
  }
}

/**
 * The CSV line to send: row `index` of the staged validation file (the
 * target left out by the server), or the row the user typed.
 */
export async function rowToSend(
  ctx: IDeployCommandContext,
  row: unknown
): Promise<string | ReadonlyArray<string | number>> {
  if (typeof row === 'number') {
    const id = ctx.workflow.id;
    if (!id) {
      throw new Error(
        ctx.trans.__(
          'The workflow has no validation data yet: type a row instead.'
        )
      );
    }
    return (await ctx.api.getRow(id, row)).csv;
  }
  if (typeof row === 'string' || Array.isArray(row)) {
    return row;
  }
  throw new Error(
    ctx.trans.__(
      'row must be the number of a validation row (from 0) or a CSV line.'
    )
  );
}

/** `autopilot:test-endpoint {name, row}`. */
export async function testEndpoint(
  ctx: IDeployCommandContext,
  args: { name?: string; row?: unknown }
): Promise<ITestEndpointResult | IJobNotDone> {
  const { trans } = ctx;
  await ctx.workflow.restored;
  if (!args.name) {
    return {
      status: 'refused',
      reason: trans.__('Name the endpoint to send the row to.')
    };
  }
  try {
    const row = await rowToSend(ctx, args.row ?? 0);
    return await ctx.deploySteps.deploy.testEndpoint(args.name, row);
  } catch (e) {
    return failed(trans, e);
  }
}

/** `autopilot:plan-cleanup`. */
export async function planCleanup(
  ctx: IDeployCommandContext
): Promise<IPlanResult | IJobNotDone> {
  await ctx.workflow.restored;
  try {
    return await ctx.deploySteps.cleanup.plan();
  } catch (e) {
    return failed(ctx.trans, e);
  }
}

/** `autopilot:cleanup {confirm, includeS3}`, with a notification while it runs. */
export async function cleanup(
  ctx: IDeployCommandContext,
  args: { confirm?: boolean; includeS3?: boolean }
): Promise<ICleanupRunResult | IJobNotDone> {
  const { trans } = ctx;
  await ctx.workflow.restored;
  const step = ctx.deploySteps.cleanup;
  const confirm = args.confirm ?? true;
  // The notification starts once the user confirmed: the dialog comes first.
  let id: string | null = null;
  const onConfirmed = () => {
    id ??= notify(trans, 'in-progress', trans.__('Cleaning up…'), {
      autoClose: false
    });
  };
  try {
    const result = await step.cleanup({ ...args, confirm, onConfirmed });
    if (result.status === 'cancelled') {
      return result;
    }
    const failedCount = result.items.filter(i => i.result === 'failed').length;
    const message =
      result.status === 'cleaned'
        ? trans.__('Clean-up done: nothing the workflow made is running.')
        : trans._n(
            'Clean-up partly done: %1 item failed. Run the clean-up again to finish.',
            'Clean-up partly done: %1 items failed. Run the clean-up again to finish.',
            failedCount
          );
    const kind = result.status === 'cleaned' ? 'success' : 'warning';
    if (id) {
      notifyUpdate(trans, id, kind, message, { autoClose: 10000 });
    } else {
      notify(trans, kind, message, { autoClose: 10000 });
    }
    return result;
  } catch (e) {
    const reason = awsErrorSentence(trans, e);
    if (id) {
      notifyUpdate(trans, id, 'error', reason, { autoClose: false });
    }
    return failed(trans, e);
  }
}
