import type { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget, UseSignal } from '@jupyterlab/ui-components';
import * as React from 'react';
import { loadAws } from '../../aws/lazy';
import { CommandIDs } from '../../tokens';
import {
  IFieldIssue,
  IJobFormContext,
  JobForm,
  JobFormField,
  problemTypeLabel
} from '../../workflow/jobForm';
import type { JobStep } from '../../workflow/jobStep';
import { durationText, stageLabel } from '../../workflow/jobText';
import {
  OBJECTIVE_METRICS,
  PROBLEM_TYPES
} from '../../workflow/objectiveMetrics';
import type { IJobSteps } from '../jobSteps';
import { AwsErrorGuidance } from './awsErrorGuidance';

export interface IJobSectionProps {
  steps: IJobSteps;
  trans: TranslationBundle;
  execute: (id: string, args?: Record<string, unknown>) => Promise<unknown>;
  /** Emitted when the dataset step changes (the form's context). */
  datasetChanged: import('@lumino/signaling').ISignal<unknown, void>;
}

/** The Job step's section: the form, or the job's live timeline. */
export class JobSectionWidget extends ReactWidget {
  constructor(private readonly _props: IJobSectionProps) {
    super();
    this.addClass('jp-autopilot-JobSection');
  }

  protected render(): JSX.Element {
    return (
      <UseSignal signal={this._props.datasetChanged}>
        {() => (
          <UseSignal signal={this._props.steps.job.changed}>
            {() => <JobSection {...this._props} />}
          </UseSignal>
        )}
      </UseSignal>
    );
  }
}

function JobSection(props: IJobSectionProps): JSX.Element {
  const { steps, trans } = props;
  const job = steps.job;
  const formContext = steps.formContext();
  const following = job.phase === 'watching' || job.phase === 'ended';
  return (
    <div className="jp-autopilot-Section-body">
      {following ? (
        <Timeline job={job} trans={trans} execute={props.execute} />
      ) : formContext ? (
        <JobFormView
          key={`${formContext.trainUri}:${formContext.workflowId}`}
          {...props}
          formContext={formContext}
        />
      ) : (
        <p className="jp-autopilot-Hint">
          {trans.__(
            'Upload the dataset to S3 first (step 1); the job reads it from there.'
          )}
        </p>
      )}
      {!following && <AttachList {...props} />}
    </div>
  );
}

/** The form, validated as the user types, each reason beside its field. */
function JobFormView(
  props: IJobSectionProps & { formContext: IJobFormContext }
): JSX.Element {
  const { trans, steps } = props;
  const job = steps.job;
  const [form] = React.useState(
    () =>
      new JobForm({
        context: props.formContext,
        trans,
        jobExists: async name =>
          (await loadAws()).jobExists(steps.clientOptions(), name)
      })
  );
  React.useEffect(() => () => form.dispose(), [form]);
  const [, setTick] = React.useState(0);
  React.useEffect(() => {
    const rerender = () => setTick(t => t + 1);
    form.changed.connect(rerender);
    return () => {
      form.changed.disconnect(rerender);
    };
  }, [form]);
  const values = form.values;
  const issues = form.issues;
  const busy = job.phase === 'creating';
  const field = (
    name: JobFormField,
    label: string,
    control: (describedBy: string | undefined) => JSX.Element
  ) => {
    const issue = issues[name];
    const id = issue ? `jp-autopilot-job-${name}-issue` : undefined;
    return (
      <div className="jp-autopilot-Field" data-field={name}>
        <label>
          <span>{label}</span>
          {control(id)}
        </label>
        {issue && <IssueText id={id!} issue={issue} />}
      </div>
    );
  };
  const text = (name: JobFormField, label: string) =>
    field(name, label, describedBy => (
      <input
        className={`jp-mod-styled jp-autopilot-Job-${name}`}
        value={String(values[name])}
        disabled={busy}
        spellCheck={false}
        aria-invalid={issues[name]?.severity === 'error'}
        aria-describedby={describedBy}
        onChange={event => form.update({ [name]: event.target.value })}
      />
    ));
  const problemType = values.problemType;
  return (
    <div
      className="jp-autopilot-JobForm"
      role="group"
      aria-label={trans.__('Job')}
    >
      {text('name', trans.__('Job name'))}
      {field('target', trans.__('Target'), describedBy => (
        <select
          className="jp-mod-styled jp-autopilot-Job-target"
          value={values.target}
          disabled={busy}
          aria-describedby={describedBy}
          onChange={event => form.update({ target: event.target.value })}
        >
          <option value="">{trans.__('(choose a column)')}</option>
          {props.formContext.header.map(name => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      ))}
      <div className="jp-autopilot-Row">
        {field('problemType', trans.__('Problem type'), describedBy => (
          <select
            className="jp-mod-styled jp-autopilot-Job-problemType"
            value={problemType}
            disabled={busy}
            aria-describedby={describedBy}
            onChange={event =>
              form.update({ problemType: event.target.value as any })
            }
          >
            <option value="">{trans.__('(Autopilot infers it)')}</option>
            {PROBLEM_TYPES.map(type => (
              <option key={type} value={type}>
                {problemTypeLabel(type, trans)}
              </option>
            ))}
          </select>
        ))}
        {field('metric', trans.__('Objective metric'), describedBy => (
          <select
            className="jp-mod-styled jp-autopilot-Job-metric"
            value={values.metric}
            disabled={busy}
            aria-describedby={describedBy}
            onChange={event => form.update({ metric: event.target.value })}
          >
            <option value="">{trans.__('(Autopilot’s default)')}</option>
            {/* Every metric, so that one of another problem type is explained, not hidden. */}
            {[...new Set(Object.values(OBJECTIVE_METRICS).flat())].map(m => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        ))}
      </div>
      {field('run', trans.__('Run'), describedBy => (
        <select
          className="jp-mod-styled jp-autopilot-Job-run"
          value={values.run}
          disabled={busy}
          aria-describedby={describedBy}
          onChange={event =>
            form.update({ run: event.target.value as 'pilot' | 'complete' })
          }
        >
          <option value="pilot">
            {trans.__('Pilot: candidate notebooks only, no training')}
          </option>
          <option value="complete">
            {trans.__('Complete: train and tune the candidates')}
          </option>
        </select>
      ))}
      {field('trainingMode', trans.__('Training mode'), describedBy => (
        <select
          className="jp-mod-styled jp-autopilot-Job-trainingMode"
          value={values.trainingMode}
          disabled={busy}
          aria-describedby={describedBy}
          onChange={event =>
            form.update({ trainingMode: event.target.value as any })
          }
        >
          <option value="HYPERPARAMETER_TUNING">
            {trans.__('Hyperparameter tuning')}
          </option>
          <option value="AUTO">{trans.__('Auto')}</option>
          <option value="ENSEMBLING">{trans.__('Ensembling')}</option>
        </select>
      ))}
      {values.run === 'complete' && (
        <div className="jp-autopilot-Row">
          {field('maxCandidates', trans.__('Max candidates'), describedBy => (
            <input
              type="number"
              min={1}
              className="jp-mod-styled jp-autopilot-Job-maxCandidates"
              value={values.maxCandidates}
              disabled={busy}
              aria-describedby={describedBy}
              onChange={event =>
                form.update({ maxCandidates: Number(event.target.value) })
              }
            />
          ))}
          {field(
            'maxRuntimeMinutes',
            trans.__('Runtime limit (minutes)'),
            describedBy => (
              <input
                type="number"
                min={1}
                className="jp-mod-styled jp-autopilot-Job-maxRuntimeMinutes"
                value={values.maxRuntimeMinutes}
                disabled={busy}
                aria-describedby={describedBy}
                onChange={event =>
                  form.update({ maxRuntimeMinutes: Number(event.target.value) })
                }
              />
            )
          )}
        </div>
      )}
      {values.run === 'complete' &&
        field('costConfirmed', trans.__('Cost'), describedBy => (
          <input
            type="checkbox"
            className="jp-autopilot-Job-costConfirmed"
            checked={values.costConfirmed}
            disabled={busy}
            aria-describedby={describedBy}
            onChange={event =>
              form.update({ costConfirmed: event.target.checked })
            }
          />
        ))}
      <details className="jp-autopilot-Details">
        <summary>{trans.__('Data, output and role')}</summary>
        {text('trainUri', trans.__('Training data (S3)'))}
        {text('validationUri', trans.__('Validation data (S3)'))}
        {text('outputUri', trans.__('Output (S3)'))}
        {text('roleArn', trans.__('IAM role'))}
      </details>
      <PendingCreate job={job} trans={trans} execute={props.execute} />
      <button
        type="button"
        className="jp-mod-styled jp-mod-accept jp-autopilot-CreateJob"
        disabled={busy || !form.canSubmit}
        onClick={() =>
          void props.execute(CommandIDs.createJob, { values: form.values })
        }
      >
        {busy
          ? trans.__('Creating…')
          : values.run === 'pilot'
            ? trans.__('Create Pilot Job')
            : trans.__('Create Job')}
      </button>
    </div>
  );
}

function IssueText(props: { id: string; issue: IFieldIssue }): JSX.Element {
  return (
    <div
      id={props.id}
      className={
        props.issue.severity === 'error'
          ? 'jp-autopilot-FieldError'
          : 'jp-autopilot-FieldNote'
      }
      role={props.issue.severity === 'error' ? 'alert' : undefined}
    >
      {props.issue.message}
    </div>
  );
}

/** A create that failed, was interrupted, or met a taken name. */
function PendingCreate(props: {
  job: JobStep;
  trans: TranslationBundle;
  execute: IJobSectionProps['execute'];
}): JSX.Element | null {
  const { job, trans } = props;
  switch (job.phase) {
    case 'name-taken':
      return (
        <div className="jp-autopilot-Warning" role="alert">
          <div>
            {trans.__(
              'A job named %1 already exists, and this workflow did not make it.',
              job.name ?? ''
            )}
          </div>
          <button
            type="button"
            className="jp-mod-styled jp-autopilot-AttachTaken"
            onClick={() =>
              void props.execute(CommandIDs.attachJob, { name: job.name })
            }
          >
            {trans.__('Attach to %1', job.name ?? '')}
          </button>
        </div>
      );
    case 'create-failed':
    case 'interrupted':
      return (
        <div className="jp-autopilot-Error" role="alert">
          <div>
            {job.phase === 'interrupted'
              ? trans.__(
                  'The page was reloaded while job %1 was being created, and AWS does not know it: it was not created.',
                  job.name ?? ''
                )
              : trans.__('Job %1 was not created.', job.name ?? '')}
          </div>
          {job.error && <AwsErrorGuidance error={job.error} trans={trans} />}
          <div className="jp-autopilot-Buttons">
            <button
              type="button"
              className="jp-mod-styled jp-autopilot-RetryCreate"
              onClick={() => void job.retry()}
            >
              {trans.__('Try Again')}
            </button>
            <button
              type="button"
              className="jp-mod-styled jp-autopilot-DiscardCreate"
              onClick={() => void job.discard()}
            >
              {trans.__('Dismiss')}
            </button>
          </div>
        </div>
      );
    default:
      return null;
  }
}

/** The job's stages with the time each took, live. */
function Timeline(props: {
  job: JobStep;
  trans: TranslationBundle;
  execute: IJobSectionProps['execute'];
}): JSX.Element {
  const { job, trans } = props;
  const [, setTick] = React.useState(0);
  const watching = job.phase === 'watching';
  React.useEffect(() => {
    if (!watching) {
      return;
    }
    // The current stage's elapsed time moves on between two polls.
    const timer = setInterval(() => setTick(t => t + 1), 1000);
    return () => clearInterval(timer);
  }, [watching]);
  const durations = job.stageDurations();
  const description = job.job;
  return (
    <div className="jp-autopilot-Timeline">
      <div className="jp-autopilot-JobName">
        {trans.__('Job %1', job.name ?? '')}
        {description && (
          <span
            className="jp-autopilot-Badge jp-autopilot-JobStatus"
            data-status={description.status}
          >
            {description.status}
          </span>
        )}
      </div>
      <ol className="jp-autopilot-Stages" aria-live="polite">
        {job.timeline.map((stage, index) => (
          <li
            key={`${stage.secondaryStatus}:${stage.startedAt}`}
            data-stage={stage.secondaryStatus}
            className={stage.endedAt === null ? 'jp-mod-current' : undefined}
          >
            <span>{stageLabel(stage.secondaryStatus, trans)}</span>
            <span className="jp-autopilot-Duration">
              {durationText(durations[index] ?? 0, trans)}
            </span>
          </li>
        ))}
      </ol>
      {description?.failureReason && (
        <div className="jp-autopilot-Error" role="alert">
          {description.failureReason}
        </div>
      )}
      {job.error && (
        <div className="jp-autopilot-Warning jp-autopilot-PollError">
          {trans.__(
            'Could not read the job’s status (the panel keeps trying).'
          )}
          <AwsErrorGuidance error={job.error} trans={trans} />
        </div>
      )}
      {job.phase === 'ended' && (
        <button
          type="button"
          className="jp-mod-styled jp-autopilot-NewJob"
          title={trans.__(
            'The panel forgets this job (it stays in AWS) and shows the form again'
          )}
          onClick={() => void job.forgetEnded()}
        >
          {trans.__('New Job')}
        </button>
      )}
      {job.canStop && (
        <button
          type="button"
          className="jp-mod-styled jp-mod-reject jp-autopilot-StopJob"
          onClick={() => void props.execute(CommandIDs.stopJob)}
        >
          {trans.__('Stop Job')}
        </button>
      )}
    </div>
  );
}

/** The account's recent AutoML jobs (V1 and V2), to attach to one. */
function AttachList(props: IJobSectionProps): JSX.Element {
  const { steps, trans } = props;
  const job = steps.job;
  const [open, setOpen] = React.useState(false);
  return (
    <details
      className="jp-autopilot-Details jp-autopilot-AttachList"
      open={open}
      onToggle={event => {
        const isOpen = (event.target as HTMLDetailsElement).open;
        setOpen(isOpen);
        if (isOpen) {
          void job.loadRecentJobs();
        }
      }}
    >
      <summary>{trans.__('Or attach to an existing job')}</summary>
      {open && !job.recentJobs.length && (
        <div className="jp-autopilot-Hint">
          {trans.__('No AutoML job in this account and region yet.')}
        </div>
      )}
      {open && job.recentJobs.length > 0 && (
        <table className="jp-autopilot-RecentJobs">
          <caption className="jp-autopilot-VisuallyHidden">
            {trans.__('Recent AutoML jobs')}
          </caption>
          <tbody>
            {job.recentJobs.map(summary => (
              <tr key={summary.arn || summary.name} data-job={summary.name}>
                <th scope="row">
                  {summary.name}
                  <div className="jp-autopilot-Hint">
                    {new Date(summary.creationTime).toLocaleString()}
                  </div>
                </th>
                <td>{summary.status}</td>
                <td>
                  <button
                    type="button"
                    className="jp-mod-styled jp-autopilot-AttachJob"
                    aria-label={trans.__('Attach to %1', summary.name)}
                    onClick={() =>
                      void props.execute(CommandIDs.attachJob, {
                        name: summary.name
                      })
                    }
                  >
                    {trans.__('Attach')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </details>
  );
}
