import { Dialog, showDialog } from '@jupyterlab/apputils';
import type { TranslationBundle } from '@jupyterlab/translation';
import type { ProblemType } from '../aws/autopilot';
import { isAutopilotError } from '../aws/errors';
import { errorText } from '../connection/errorText';
import { notify } from '../notify';
import type { IAutopilotContextModel } from '../tokens';
import {
  estimateCompleteCost,
  IJobFormValues,
  JobForm,
  JobFormField,
  toCreateRequest
} from '../workflow/jobForm';
import { loadAws } from '../aws/lazy';
import { WORKFLOW_TAG_KEY } from '../workflow/tags';
import type { WorkflowModel } from '../workflow/workflowModel';
import type { IJobSteps } from './jobSteps';

/** What a job command resolves to when it did not do its work. */
export interface IJobNotDone {
  status: 'refused' | 'failed' | 'cancelled' | 'name-taken';
  reason: string;
  /** The form field the reason is about. */
  field?: JobFormField;
  code?: string;
}

export interface IJobCommandContext {
  workflow: WorkflowModel;
  steps: IJobSteps;
  context: IAutopilotContextModel;
  trans: TranslationBundle;
  openPanel: () => void;
}

export interface ICreateJobArgs {
  name?: string;
  target?: string;
  problemType?: ProblemType | '';
  metric?: string;
  mode?: 'pilot' | 'complete';
  maxCandidates?: number;
  maxRuntimeMinutes?: number;
  /** The panel's form passes all its values. */
  values?: Partial<IJobFormValues>;
  confirm?: boolean;
}

/** The form for a command run without the panel (or with its values). */
export function jobFormFor(
  ctx: IJobCommandContext,
  patch: Partial<IJobFormValues> = {}
): JobForm | null {
  const formContext = ctx.steps.formContext();
  if (!formContext) {
    return null;
  }
  const form = new JobForm({
    context: formContext,
    trans: ctx.trans,
    jobExists: async name =>
      (await loadAws()).jobExists(ctx.steps.clientOptions(), name)
  });
  form.update(patch);
  return form;
}

/** `autopilot:create-job`. */
export async function createJob(
  ctx: IJobCommandContext,
  args: ICreateJobArgs
): Promise<{ status: 'created'; name: string; arn: string } | IJobNotDone> {
  const { trans, steps } = ctx;
  await ctx.workflow.restored;
  await ctx.context.ensure();
  const patch: Partial<IJobFormValues> = { ...(args.values ?? {}) };
  for (const key of ['name', 'target', 'problemType', 'metric'] as const) {
    if (args[key] !== undefined) {
      (patch as any)[key] = args[key];
    }
  }
  if (args.mode) {
    patch.run = args.mode;
  }
  if (args.maxCandidates !== undefined) {
    patch.maxCandidates = args.maxCandidates;
  }
  if (args.maxRuntimeMinutes !== undefined) {
    patch.maxRuntimeMinutes = args.maxRuntimeMinutes;
  }
  // The metric is set after the problem type, which picks its default.
  const withoutMetric = { ...patch };
  delete withoutMetric.metric;
  const form = jobFormFor(ctx, withoutMetric);
  if (!form) {
    return refuse(
      trans,
      trans.__('Upload the dataset to S3 first (step 1), then create the job.')
    );
  }
  try {
    if (patch.metric !== undefined) {
      form.update({ metric: patch.metric });
    }
    await form.checkName();
    const issue = Object.entries(form.issues).find(
      ([, i]) => i?.severity === 'error'
    );
    if (issue) {
      return refuse(trans, issue[1]!.message, issue[0] as JobFormField);
    }
    const values = form.values;
    if ((args.confirm ?? true) && !(await confirmJob(ctx, values))) {
      return { status: 'cancelled', reason: trans.__('Not created.') };
    }
    const phase = await steps.job.create(
      toCreateRequest(values, { [WORKFLOW_TAG_KEY]: ctx.workflow.id! })
    );
    const job = steps.job;
    if (phase === 'watching' || phase === 'ended') {
      return {
        status: 'created',
        name: job.name!,
        arn: job.job?.arn ?? ''
      };
    }
    if (phase === 'name-taken') {
      return {
        status: 'name-taken',
        field: 'name',
        reason: trans.__(
          'A job named %1 already exists. Attach to it, or choose another name.',
          job.name ?? values.name
        )
      };
    }
    const error = job.error;
    return {
      status: 'failed',
      reason: error ? awsErrorSentence(trans, error) : trans.__('Not created.'),
      code: error?.details.code ?? error?.kind
    };
  } finally {
    form.dispose();
  }
}

/**
 * Asks before a billable job. The sandbox bills nothing, so a pilot job
 * there is created at once; a complete run is always confirmed, with its
 * estimate.
 */
async function confirmJob(
  ctx: IJobCommandContext,
  values: Readonly<IJobFormValues>
): Promise<boolean> {
  const { trans } = ctx;
  const sandbox = ctx.context.context?.sandbox === true;
  if (values.run === 'pilot' && sandbox) {
    return true;
  }
  let body: string;
  if (values.run === 'complete') {
    const cost = estimateCompleteCost(values);
    body = trans.__(
      'A complete run trains up to %1 candidates for at most %2 minutes. Estimated cost: about $%3, at most $%4 (%5 at $%6 an hour, %7 jobs at once). AWS bills the instances Autopilot starts.',
      values.maxCandidates,
      values.maxRuntimeMinutes,
      cost.likelyUsd.toFixed(2),
      cost.upperUsd.toFixed(2),
      cost.instanceType,
      cost.hourlyUsd.toFixed(3),
      cost.parallelJobs
    );
  } else {
    body = trans.__(
      'A pilot job analyses the data and writes the candidate notebooks, without training. AWS bills its processing jobs (usually well under an hour of one instance).'
    );
  }
  if (sandbox) {
    body += ' ' + trans.__('(This is the local sandbox: nothing is billed.)');
  }
  const answer = await showDialog({
    title: trans.__('Create the Autopilot job %1?', values.name),
    body,
    buttons: [
      Dialog.cancelButton({ label: trans.__('Cancel') }),
      Dialog.okButton({ label: trans.__('Create Job') })
    ],
    defaultButton: 0
  });
  return answer.button.accept;
}

/** `autopilot:attach-job {name}`. */
export async function attachJob(
  ctx: IJobCommandContext,
  args: { name?: string }
): Promise<
  | {
      status: 'attached';
      name: string;
      jobStatus: string;
      secondaryStatus: string;
    }
  | IJobNotDone
> {
  const { trans, steps } = ctx;
  await ctx.workflow.restored;
  if (!args.name) {
    return refuse(trans, trans.__('Name the job to attach to.'));
  }
  const job = steps.job;
  if (job.phase === 'creating' || job.phase === 'watching') {
    return refuse(
      trans,
      trans.__(
        'The panel follows job %1 already; wait until it ends, or stop it.',
        job.name ?? ''
      )
    );
  }
  await job.attach(args.name);
  if (!job.job || job.name?.toLowerCase() !== args.name.toLowerCase()) {
    return {
      status: 'failed',
      reason: job.error
        ? awsErrorSentence(trans, job.error)
        : trans.__('No job called %1.', args.name)
    };
  }
  return {
    status: 'attached',
    name: job.job.name,
    jobStatus: job.job.status,
    secondaryStatus: job.job.secondaryStatus
  };
}

/** `autopilot:stop-job {confirm}`. */
export async function stopJob(
  ctx: IJobCommandContext,
  args: { confirm?: boolean }
): Promise<{ status: 'stopping'; name: string } | IJobNotDone> {
  const { trans } = ctx;
  await ctx.workflow.restored;
  const job = ctx.steps.job;
  if (!job.canStop || !job.name) {
    return refuse(trans, trans.__('No running job to stop.'));
  }
  if (args.confirm ?? true) {
    const answer = await showDialog({
      title: trans.__('Stop the job %1?', job.name),
      body: trans.__(
        'Autopilot stops the job and its processing and training jobs. A stopped job cannot be resumed; what it made so far stays in S3.'
      ),
      buttons: [
        Dialog.cancelButton({ label: trans.__('Keep Running') }),
        Dialog.warnButton({ label: trans.__('Stop Job') })
      ],
      defaultButton: 0
    });
    if (!answer.button.accept) {
      return { status: 'cancelled', reason: trans.__('The job goes on.') };
    }
  }
  if (!(await job.stop())) {
    return {
      status: 'failed',
      reason: job.error
        ? awsErrorSentence(trans, job.error)
        : trans.__('The job could not be stopped.')
    };
  }
  return { status: 'stopping', name: job.name };
}

/** `autopilot:job-status`. */
export async function jobStatus(
  ctx: IJobCommandContext
): Promise<Record<string, unknown>> {
  await ctx.workflow.restored;
  const summary = ctx.steps.job.summary();
  return summary
    ? { status: 'ok', phase: ctx.steps.job.phase, ...summary }
    : { status: 'none', phase: ctx.steps.job.phase };
}

/** An AWS error in one translated sentence: what happened, then what to do. */
export function awsErrorSentence(
  trans: TranslationBundle,
  error: unknown
): string {
  if (!isAutopilotError(error)) {
    return String((error as Error)?.message ?? error);
  }
  const text = errorText(trans, error);
  // `text.message`, not `error.message` (English, for logs): translated,
  // with AWS's or the proxy's own words after it, as they said them.
  return `${text.title}: ${text.message.replace(/\n+/g, ' ')} ${text.nextStep}`;
}

function refuse(
  trans: TranslationBundle,
  reason: string,
  field?: JobFormField
): IJobNotDone {
  notify(trans, 'warning', reason, { autoClose: 8000 });
  return { status: 'refused', reason, ...(field ? { field } : {}) };
}
