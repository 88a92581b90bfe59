import type { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget, UseSignal } from '@jupyterlab/ui-components';
import * as React from 'react';
import { CommandIDs } from '../../tokens';
import type { IQuotaLimit } from '../../workflow/quotaGuidance';
import { formatBytes } from '../format';
import type { IJobSteps } from '../jobSteps';
import { fetchErrorText } from '../notebooksCommands';

export interface INotebooksSectionProps {
  steps: IJobSteps;
  trans: TranslationBundle;
  execute: (id: string, args?: Record<string, unknown>) => Promise<unknown>;
}

/**
 * The Notebooks step's section: fetch, the quota guidance (before the
 * notebook is run), trim, and the trim's short report.
 */
export class NotebooksSectionWidget extends ReactWidget {
  constructor(private readonly _props: INotebooksSectionProps) {
    super();
    this.addClass('jp-autopilot-NotebooksSection');
  }

  protected render(): JSX.Element {
    const { steps } = this._props;
    return (
      <UseSignal signal={steps.job.changed}>
        {() => (
          <UseSignal signal={steps.notebooks.changed}>
            {() => <NotebooksSection {...this._props} />}
          </UseSignal>
        )}
      </UseSignal>
    );
  }
}

function NotebooksSection(props: INotebooksSectionProps): JSX.Element {
  const { steps, trans } = props;
  const step = steps.notebooks;
  const job = steps.job.job;
  const ready = !!job?.candidateNotebook && !!job.explorationNotebook;
  const fetched = step.fetched;
  const busy = step.phase === 'fetching' || step.phase === 'trimming';
  const trimmed = step.trimmed?.status === 'copied' ? step.trimmed : null;
  return (
    <div className="jp-autopilot-Section-body">
      {!ready && (
        <p className="jp-autopilot-Hint">
          {trans.__(
            'The job makes its notebooks at the stage “Candidate notebooks ready”; fetch them then.'
          )}
        </p>
      )}
      {ready && (
        <button
          type="button"
          className={`jp-mod-styled ${fetched ? '' : 'jp-mod-accept'} jp-autopilot-FetchNotebooks`}
          disabled={busy}
          onClick={() => void props.execute(CommandIDs.fetchNotebooks)}
        >
          {fetched
            ? trans.__('Fetch Again')
            : trans.__('Fetch Notebooks into %1/', job!.name)}
        </button>
      )}
      {step.phase === 'fetching' && (
        <div className="jp-autopilot-Progress" role="status" aria-live="polite">
          <span>
            {trans.__('Fetching…')}{' '}
            {step.progress.total
              ? trans.__(
                  '%1 of %2',
                  formatBytes(step.progress.done),
                  formatBytes(step.progress.total)
                )
              : formatBytes(step.progress.done)}
          </span>
          <progress
            max={1}
            value={
              step.progress.total
                ? step.progress.done / step.progress.total
                : undefined
            }
            className="jp-autopilot-ProgressBar"
          />
          <button
            type="button"
            className="jp-mod-styled jp-mod-reject jp-autopilot-Cancel"
            onClick={() => step.cancel()}
          >
            {trans.__('Cancel')}
          </button>
        </div>
      )}
      {(step.phase === 'fetch-failed' || step.phase === 'trim-failed') && (
        <div className="jp-autopilot-Error" role="alert">
          {step.phase === 'fetch-failed'
            ? fetchErrorText(trans, step)
            : (step.error?.message ?? '')}
        </div>
      )}
      {fetched && (
        <div className="jp-autopilot-Result" data-result="fetched">
          <div>{trans.__('In the workspace:')}</div>
          <FileLink path={fetched.candidate} steps={steps} />
          <FileLink path={fetched.exploration} steps={steps} />
        </div>
      )}
      {fetched && <QuotaGuidance steps={steps} trans={trans} />}
      {fetched && (
        <button
          type="button"
          className={`jp-mod-styled ${trimmed ? '' : 'jp-mod-accept'} jp-autopilot-TrimCandidates`}
          disabled={busy}
          onClick={() => void props.execute(CommandIDs.trimCandidates)}
        >
          {step.phase === 'trimming'
            ? trans.__('Trimming…')
            : trans.__('Trim to a Copy')}
        </button>
      )}
      {trimmed && (
        <div
          className="jp-autopilot-Result jp-autopilot-TrimReport"
          data-result="trimmed"
        >
          <FileLink path={trimmed.path} steps={steps} />
          <div>
            {trans.__(
              'Candidates kept: %1',
              trimmed.kept.join(', ') || trans.__('(none named)')
            )}
          </div>
          <div className="jp-autopilot-TrimValues">
            {trans.__(
              'Values set: max_jobs=%1, max_parallel_jobs=%2, parallel_jobs=%3',
              trimmed.values.maxJobs ?? '—',
              trimmed.values.maxParallelJobs ?? '—',
              trimmed.values.parallelJobs ?? '—'
            )}
          </div>
          {trimmed.warnings.map((w, i) => (
            <div key={i} className="jp-autopilot-Warning">
              {w}
            </div>
          ))}
        </div>
      )}
    </div>
  );
}

/** What the quotas allow, shown before the user runs the notebook. */
function QuotaGuidance(props: {
  steps: IJobSteps;
  trans: TranslationBundle;
}): JSX.Element | null {
  const { trans } = props;
  const proposal = props.steps.notebooks.proposal;
  if (!proposal) {
    return null;
  }
  const limits = [
    proposal.limitedBy.maxParallelJobs,
    proposal.limitedBy.parallelJobs,
    ...proposal.blocked
  ].filter((l, i, all): l is IQuotaLimit => !!l && all.indexOf(l) === i);
  return (
    <div
      className="jp-autopilot-QuotaGuidance"
      role="note"
      aria-label={trans.__('Quota guidance')}
      data-quotas-read={proposal.quotasRead}
    >
      <div className="jp-autopilot-QuotaValues">
        {proposal.quotasRead
          ? trans.__(
              'Before you run the notebook: max_parallel_jobs=%1, parallel_jobs=%2 fit the account’s quotas.',
              proposal.maxParallelJobs,
              proposal.parallelJobs
            )
          : trans.__(
              'Before you run the notebook: max_parallel_jobs=%1, parallel_jobs=%2 (the defaults; the quotas were not read).',
              proposal.maxParallelJobs,
              proposal.parallelJobs
            )}
      </div>
      {proposal.messages.map((message, i) => (
        <div key={i} className="jp-autopilot-Hint">
          {message}
        </div>
      ))}
      {limits.map(limit => (
        <div key={limit.quotaCode} className="jp-autopilot-QuotaLimit">
          <a
            href={limit.requestUrl}
            target="_blank"
            rel="noopener noreferrer"
            className="jp-autopilot-QuotaLink"
          >
            {trans.__(
              'Request an increase of “%1” (now %2)',
              limit.quotaName,
              limit.value
            )}
          </a>
        </div>
      ))}
    </div>
  );
}

function FileLink(props: { path: string; steps: IJobSteps }): JSX.Element {
  return (
    <button
      type="button"
      className="jp-autopilot-FileLink"
      title={props.path}
      onClick={() => void props.steps.openNotebook(props.path)}
    >
      <code>{props.path}</code>
    </button>
  );
}
