import type { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget, UseSignal } from '@jupyterlab/ui-components';
import * as React from 'react';
import type { ITuningJobSummary } from '../../aws/tuning';
import { CommandIDs } from '../../tokens';
import type { TuningStep } from '../../workflow/tuningStep';
import { awsErrorSentence } from '../jobCommands';
import type { ITuningSteps } from '../tuningSteps';

export interface ITuningSectionProps {
  tuning: ITuningSteps;
  trans: TranslationBundle;
  execute: (id: string, args?: Record<string, unknown>) => Promise<unknown>;
}

/**
 * The Tuning step's section: the workflow's tuning job found by lineage
 * (or any tuning job the user picks), its status, counters, objective,
 * best training job and elapsed time; Stop, after asking.
 */
export class TuningSectionWidget extends ReactWidget {
  constructor(private readonly _props: ITuningSectionProps) {
    super();
    this.addClass('jp-autopilot-TuningSection');
  }

  protected render(): JSX.Element {
    return (
      <UseSignal signal={this._props.tuning.tuning.changed}>
        {() => <TuningSection {...this._props} />}
      </UseSignal>
    );
  }
}

function TuningSection(props: ITuningSectionProps): JSX.Element {
  const { trans } = props;
  const step = props.tuning.tuning;
  const job = step.job;
  return (
    <div className="jp-autopilot-Section-body">
      {step.phase === 'idle' && (
        <p className="jp-autopilot-Hint">
          {trans.__(
            'Once the candidate notebook is trimmed, its tuning job is found here as soon as the notebook starts it.'
          )}
        </p>
      )}
      {step.phase === 'searching' && step.lineage && (
        <p className="jp-autopilot-Hint" role="status" aria-live="polite">
          {trans.__(
            'Looking for a tuning job named %1… (run the trimmed notebook)',
            step.lineage.namePrefix
          )}
        </p>
      )}
      {step.error && (
        <div className="jp-autopilot-Error" role="alert">
          {awsErrorSentence(trans, step.error)}
        </div>
      )}
      {job && <TuningFacts step={step} trans={trans} />}
      {job && (
        <div className="jp-autopilot-TuningActions">
          <button
            type="button"
            className="jp-mod-styled jp-mod-accept jp-autopilot-OpenLeaderboard"
            onClick={() => void props.execute(CommandIDs.openLeaderboard)}
          >
            {trans.__('Leaderboard')}
          </button>
          <button
            type="button"
            className="jp-mod-styled jp-autopilot-OpenScatter"
            onClick={() => void props.execute(CommandIDs.openChart)}
          >
            {trans.__('Workshop Scatter')}
          </button>
          <button
            type="button"
            className="jp-mod-styled jp-autopilot-OpenHistogram"
            onClick={() =>
              void props.execute(CommandIDs.openChart, { type: 'histogram' })
            }
          >
            {trans.__('Workshop Histogram')}
          </button>
          {step.canStop && (
            <button
              type="button"
              className="jp-mod-styled jp-mod-reject jp-autopilot-StopTuning"
              onClick={() => void props.execute(CommandIDs.stopTuning)}
            >
              {trans.__('Stop Tuning Job')}
            </button>
          )}
        </div>
      )}
      <TuningPicker {...props} />
    </div>
  );
}

function TuningFacts(props: {
  step: TuningStep;
  trans: TranslationBundle;
}): JSX.Element {
  const { step, trans } = props;
  const job = step.job!;
  const counters = job.counters;
  const objective = step.objective;
  const best = step.best;
  const rows: Array<[string, string, string]> = [
    ['name', trans.__('Tuning job'), job.name],
    ['status', trans.__('Status'), job.status],
    [
      'counters',
      trans.__('Training jobs'),
      trans.__(
        '%1 completed, %2 in progress, %3 stopped, %4 failed, %5 retryable',
        counters.completed,
        counters.inProgress,
        counters.stopped,
        counters.nonRetryableError,
        counters.retryableError
      )
    ],
    [
      'objective',
      trans.__('Objective'),
      objective
        ? objective.type === 'Maximize'
          ? trans.__('maximize %1', objective.metricName)
          : trans.__('minimize %1', objective.metricName)
        : '—'
    ],
    [
      'best',
      trans.__('Best training job'),
      best
        ? best.value === null
          ? best.name
          : trans.__('%1 (%2)', best.name, String(best.value))
        : trans.__('none yet')
    ],
    ['elapsed', trans.__('Elapsed'), formatElapsed(step.elapsedSeconds())]
  ];
  return (
    <dl className="jp-autopilot-TuningFacts" aria-live="polite">
      {rows.map(([key, label, value]) => (
        <React.Fragment key={key}>
          <dt>{label}</dt>
          <dd data-fact={key}>{value}</dd>
        </React.Fragment>
      ))}
    </dl>
  );
}

/** `h:mm:ss`, or `m:ss` under an hour. */
export function formatElapsed(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return h ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}

/** Any tuning job of the account, picked from the recent ones. */
function TuningPicker(props: ITuningSectionProps): JSX.Element {
  const { trans, execute } = props;
  const step = props.tuning.tuning;
  const [recent, setRecent] = React.useState<ITuningJobSummary[] | null>(null);
  const [picked, setPicked] = React.useState('');
  const load = async () => {
    const jobs = await step.listRecent();
    setRecent(jobs);
    setPicked(jobs[0]?.name ?? '');
  };
  return (
    <div className="jp-autopilot-TuningPicker">
      {recent === null ? (
        <button
          type="button"
          className="jp-mod-styled jp-autopilot-ListTuningJobs"
          onClick={() => void load()}
        >
          {trans.__('Pick Another Tuning Job…')}
        </button>
      ) : recent.length === 0 ? (
        <p className="jp-autopilot-Hint">
          {trans.__('No tuning jobs in this account and region.')}
        </p>
      ) : (
        <>
          <label>
            {trans.__('Tuning job')}{' '}
            <select
              className="jp-mod-styled"
              value={picked}
              aria-label={trans.__('Tuning job to watch')}
              onChange={event => setPicked(event.target.value)}
            >
              {recent.map(job => (
                <option key={job.name} value={job.name}>
                  {`${job.name} · ${job.status}`}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            className="jp-mod-styled jp-mod-accept jp-autopilot-WatchTuning"
            disabled={!picked}
            onClick={() =>
              void execute(CommandIDs.showTuning, { name: picked })
            }
          >
            {trans.__('Watch')}
          </button>
        </>
      )}
    </div>
  );
}
