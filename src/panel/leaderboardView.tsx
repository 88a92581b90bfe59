import { Dialog, showDialog } from '@jupyterlab/apputils';
import type { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget } from '@jupyterlab/ui-components';
import type { ISignal } from '@lumino/signaling';
import * as React from 'react';
import {
  algorithmsOf,
  columnTitle,
  leaderboardColumns,
  leaderboardRows,
  queryRows,
  statusesOf,
  type ILeaderboardRow,
  type LeaderboardColumn
} from '../workflow/leaderboard';
import type { ITuningObjective } from '../aws/tuning';
import type { TuningData } from '../workflow/tuningData';
import { formatElapsed } from './sections/tuningSection';
import type { ITuningSteps } from './tuningSteps';
import { awsErrorSentence } from './jobCommands';

export interface ILeaderboardViewProps {
  tuning: ITuningSteps;
  trans: TranslationBundle;
}

/** One row per training job of `data`, unsorted, and the objective. */
function rowsOf(
  tuning: ITuningSteps,
  data: TuningData
): { rows: ILeaderboardRow[]; objective: ITuningObjective | null } {
  const objective = data.job?.objective ?? tuning.tuning.objective;
  const rows = leaderboardRows(data.trainingJobs, {
    objective,
    bestName: data.job?.best?.name ?? null,
    now: Date.now()
  });
  return { rows, objective };
}

/** The rows of the watched tuning job, in the default order (the best first). */
export function currentRows(tuning: ITuningSteps): ILeaderboardRow[] {
  const data = tuning.data();
  if (!data) {
    return [];
  }
  const { rows, objective } = rowsOf(tuning, data);
  return queryRows(rows, {}, objective);
}

/**
 * The leaderboard in the main area: one row per training job, sortable by
 * any column, filtered by algorithm and status, the best row marked; a row
 * opens the training job's final metrics and hyperparameters.
 */
export class LeaderboardWidget extends ReactWidget {
  constructor(private readonly _props: ILeaderboardViewProps) {
    super();
    this.addClass('jp-autopilot-Leaderboard');
  }

  protected render(): JSX.Element {
    return <Leaderboard {...this._props} />;
  }
}

/** Re-renders on a signal; the data object changes when another job is watched. */
function useSignal(signal: ISignal<unknown, unknown> | null): void {
  const [, setTick] = React.useState(0);
  React.useEffect(() => {
    if (!signal) {
      return;
    }
    const bump = () => setTick(t => t + 1);
    signal.connect(bump);
    return () => {
      signal.disconnect(bump);
    };
  }, [signal]);
}

function Leaderboard(props: ILeaderboardViewProps): JSX.Element {
  const { tuning, trans } = props;
  useSignal(tuning.tuning.changed);
  const data = tuning.data();
  useSignal(data?.changed ?? null);
  const [sortBy, setSortBy] = React.useState<LeaderboardColumn>('objective');
  const [descending, setDescending] = React.useState<boolean | undefined>();
  const [algorithm, setAlgorithm] = React.useState('');
  const [status, setStatus] = React.useState('');
  if (!data) {
    return (
      <div className="jp-autopilot-Leaderboard-body">
        <p className="jp-autopilot-Hint">
          {trans.__(
            'No tuning job is watched: open the Tuning step in the Autopilot panel.'
          )}
        </p>
      </div>
    );
  }
  const { rows: all, objective } = rowsOf(tuning, data);
  const rows = queryRows(
    all,
    {
      sortBy,
      descending,
      algorithms: algorithm ? [algorithm] : [],
      statuses: status ? [status] : []
    },
    objective
  );
  const columns = leaderboardColumns(all);
  const sortOn = (column: LeaderboardColumn) => {
    if (column === sortBy) {
      setDescending(
        !(
          descending ??
          (column === 'objective' ? objective?.type !== 'Minimize' : false)
        )
      );
    } else {
      setSortBy(column);
      setDescending(undefined);
    }
  };
  const isDescending =
    descending ??
    (sortBy === 'objective' ? objective?.type !== 'Minimize' : false);
  return (
    <div className="jp-autopilot-Leaderboard-body">
      <h2 className="jp-autopilot-Leaderboard-title">
        {trans.__('Leaderboard of %1', data.name)}
      </h2>
      <div className="jp-autopilot-Leaderboard-filters">
        <Filter
          label={trans.__('Algorithm')}
          all={trans.__('All algorithms')}
          values={algorithmsOf(all)}
          value={algorithm}
          onChange={setAlgorithm}
        />
        <Filter
          label={trans.__('Status')}
          all={trans.__('All statuses')}
          values={statusesOf(all)}
          value={status}
          onChange={setStatus}
        />
        <span className="jp-autopilot-Hint" role="status" aria-live="polite">
          {trans.__('%1 of %2 training jobs', rows.length, all.length)}
        </span>
      </div>
      <table className="jp-autopilot-Leaderboard-table">
        <thead>
          <tr>
            {columns.map(column => (
              <th
                key={column}
                scope="col"
                data-column={column}
                aria-sort={
                  column === sortBy
                    ? isDescending
                      ? 'descending'
                      : 'ascending'
                    : 'none'
                }
              >
                <button
                  type="button"
                  className="jp-autopilot-Leaderboard-sort"
                  onClick={() => sortOn(column)}
                  title={trans.__('Sort by %1', columnTitle(column, trans))}
                >
                  {columnTitle(column, trans)}
                  {column === sortBy ? (isDescending ? ' ▼' : ' ▲') : ''}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map(row => (
            <tr
              key={row.name}
              data-name={row.name}
              className={row.best ? 'jp-autopilot-mod-best' : ''}
            >
              {columns.map(column => (
                <td key={column} data-column={column}>
                  {column === 'name' ? (
                    <button
                      type="button"
                      className="jp-autopilot-Leaderboard-open"
                      aria-label={trans.__(
                        'Show the final metrics and hyperparameters of %1',
                        row.name
                      )}
                      onClick={() => void showDetails(data, row.name, trans)}
                    >
                      {row.best && (
                        <span
                          className="jp-autopilot-Leaderboard-best"
                          title={trans.__('Best training job')}
                          aria-label={trans.__('Best training job')}
                        >
                          ★{' '}
                        </span>
                      )}
                      {row.name}
                    </button>
                  ) : (
                    cellText(row, column)
                  )}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function cellText(row: ILeaderboardRow, column: LeaderboardColumn): string {
  switch (column) {
    case 'algorithm':
      return row.algorithm ?? '';
    case 'objective':
      return row.objective === null ? '' : String(row.objective);
    case 'status':
      return row.status;
    case 'start':
      return row.start === null ? '' : new Date(row.start).toLocaleString();
    case 'duration':
      return row.durationSeconds === null
        ? ''
        : formatElapsed(row.durationSeconds);
    default:
      return row.hyperParameters[column.slice(3)] ?? '';
  }
}

function Filter(props: {
  label: string;
  all: string;
  values: string[];
  value: string;
  onChange: (value: string) => void;
}): JSX.Element {
  return (
    <label className="jp-autopilot-Leaderboard-filter">
      {props.label}{' '}
      <select
        className="jp-mod-styled"
        value={props.value}
        onChange={event => props.onChange(event.target.value)}
      >
        <option value="">{props.all}</option>
        {props.values.map(value => (
          <option key={value} value={value}>
            {value}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A training job's final metrics and hyperparameters, in a dialog. */
async function showDetails(
  data: TuningData,
  name: string,
  trans: TranslationBundle
): Promise<void> {
  let body: JSX.Element;
  try {
    const details = await data.details(name);
    body = (
      <div className="jp-autopilot-TrainingJobDetails">
        <h3>{trans.__('Final metrics')}</h3>
        <table>
          <tbody>
            {details.finalMetrics.map(metric => (
              <tr key={metric.name}>
                <th scope="row">{metric.name}</th>
                <td>{String(metric.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h3>{trans.__('Hyperparameters')}</h3>
        <table>
          <tbody>
            {Object.entries(details.hyperParameters)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([key, value]) => (
                <tr key={key}>
                  <th scope="row">{key}</th>
                  <td>{value}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </div>
    );
  } catch (e) {
    body = (
      <div className="jp-autopilot-Error" role="alert">
        {awsErrorSentence(trans, e)}
      </div>
    );
  }
  await showDialog({
    title: name,
    body,
    buttons: [Dialog.okButton({ label: trans.__('Close') })]
  });
}
