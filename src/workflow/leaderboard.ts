/**
 * The leaderboard's rows, as pure functions: one row per training job,
 * sorted by any column, filtered by algorithm and status, the best row
 * marked, and exported to CSV (RFC 4180).
 *
 * The CSV's header uses the column names of the SageMaker SDK's
 * `HyperparameterTuningJobAnalytics.dataframe()` (the table the candidate
 * notebook shows), so the file reads like the workshop's and scripts can
 * rely on it in any language; the view's headers are translated.
 */
import type { TranslationBundle } from '@jupyterlab/translation';

import type { ITrainingJobSummary, ITuningObjective } from '../aws/tuning';

export interface ILeaderboardRow {
  name: string;
  arn: string;
  /** `TrainingJobDefinitionName`, e.g. `dpp0-xgboost`. */
  algorithm: string | null;
  objective: number | null;
  status: string;
  /** ms since the epoch. */
  start: number | null;
  /** Seconds run, or running so far. */
  durationSeconds: number | null;
  /** The tuned hyperparameters, as SageMaker reports them (strings). */
  hyperParameters: Record<string, string>;
  best: boolean;
}

export type LeaderboardColumn =
  | 'name'
  | 'algorithm'
  | 'objective'
  | 'status'
  | 'start'
  | 'duration'
  /** A tuned hyperparameter: `hp:<name>`. */
  | `hp:${string}`;

export interface ILeaderboardQuery {
  sortBy?: LeaderboardColumn;
  /** Default: the objective's best first, other columns ascending. */
  descending?: boolean;
  /** Only these algorithms; empty or absent for all. */
  algorithms?: readonly string[];
  /** Only these statuses; empty or absent for all. */
  statuses?: readonly string[];
}

export interface ILeaderboardOptions {
  objective: ITuningObjective | null;
  /** The tuning job's `BestTrainingJob`; else the best objective value wins. */
  bestName?: string | null;
  /** For the duration of running jobs (ms since the epoch). */
  now: number;
}

function bestOf(
  jobs: readonly ITrainingJobSummary[],
  objective: ITuningObjective | null
): string | null {
  const minimize = objective?.type === 'Minimize';
  let best: ITrainingJobSummary | null = null;
  for (const job of jobs) {
    if (job.objectiveValue === null || job.status !== 'Completed') {
      continue;
    }
    if (
      best === null ||
      (minimize
        ? job.objectiveValue < best.objectiveValue!
        : job.objectiveValue > best.objectiveValue!)
    ) {
      best = job;
    }
  }
  return best?.name ?? null;
}

/** One row per training job. */
export function leaderboardRows(
  jobs: readonly ITrainingJobSummary[],
  options: ILeaderboardOptions
): ILeaderboardRow[] {
  const best = options.bestName ?? bestOf(jobs, options.objective);
  return jobs.map(job => ({
    name: job.name,
    arn: job.arn,
    algorithm: job.definitionName,
    objective: job.objectiveValue,
    status: job.status,
    start: job.startTime,
    durationSeconds:
      job.startTime === null
        ? null
        : Math.max(
            0,
            Math.round(((job.endTime ?? options.now) - job.startTime) / 1000)
          ),
    hyperParameters: { ...job.tunedHyperParameters },
    best: job.name === best
  }));
}

/** Every tuned hyperparameter's name, sorted. */
export function hyperParameterNames(
  rows: readonly ILeaderboardRow[]
): string[] {
  const names = new Set<string>();
  for (const row of rows) {
    Object.keys(row.hyperParameters).forEach(name => names.add(name));
  }
  return [...names].sort();
}

/** The columns in the view's order, hyperparameters last. */
export function leaderboardColumns(
  rows: readonly ILeaderboardRow[]
): LeaderboardColumn[] {
  return [
    'name',
    'algorithm',
    'objective',
    'status',
    'start',
    'duration',
    ...hyperParameterNames(rows).map(name => `hp:${name}` as const)
  ];
}

/** The algorithms and statuses present, for the filters. */
export function algorithmsOf(rows: readonly ILeaderboardRow[]): string[] {
  return [...new Set(rows.map(r => r.algorithm ?? ''))]
    .filter(a => a !== '')
    .sort();
}

export function statusesOf(rows: readonly ILeaderboardRow[]): string[] {
  return [...new Set(rows.map(r => r.status))].sort();
}

/** A cell's value for sorting: numbers compare as numbers, hyperparameters too when they are. */
function sortValue(
  row: ILeaderboardRow,
  column: LeaderboardColumn
): number | string | null {
  switch (column) {
    case 'name':
      return row.name;
    case 'algorithm':
      return row.algorithm;
    case 'objective':
      return row.objective;
    case 'status':
      return row.status;
    case 'start':
      return row.start;
    case 'duration':
      return row.durationSeconds;
    default: {
      const raw = row.hyperParameters[column.slice(3)];
      if (raw === undefined) {
        return null;
      }
      const n = Number(raw);
      return raw.trim() !== '' && Number.isFinite(n) ? n : raw;
    }
  }
}

function compare(a: number | string | null, b: number | string | null): number {
  if (typeof a === 'number' && typeof b === 'number') {
    return a - b;
  }
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}

/**
 * The rows filtered and sorted. Empty cells sort last either way; ties keep
 * the name order.
 */
export function queryRows(
  rows: readonly ILeaderboardRow[],
  query: ILeaderboardQuery,
  objective: ITuningObjective | null = null
): ILeaderboardRow[] {
  const algorithms = query.algorithms?.length
    ? new Set(query.algorithms)
    : null;
  const statuses = query.statuses?.length ? new Set(query.statuses) : null;
  const sortBy = query.sortBy ?? 'objective';
  const descending =
    query.descending ??
    (sortBy === 'objective' ? objective?.type !== 'Minimize' : false);
  return rows
    .filter(r => !algorithms || algorithms.has(r.algorithm ?? ''))
    .filter(r => !statuses || statuses.has(r.status))
    .slice()
    .sort((a, b) => {
      const x = sortValue(a, sortBy);
      const y = sortValue(b, sortBy);
      if (x === null || y === null) {
        return x === y ? a.name.localeCompare(b.name) : x === null ? 1 : -1;
      }
      const order = compare(x, y) * (descending ? -1 : 1);
      return order !== 0 ? order : a.name.localeCompare(b.name);
    });
}

/** A column's header in the view. */
export function columnTitle(
  column: LeaderboardColumn,
  trans: TranslationBundle
): string {
  switch (column) {
    case 'name':
      return trans.__('Training job');
    case 'algorithm':
      return trans.__('Algorithm');
    case 'objective':
      return trans.__('Objective');
    case 'status':
      return trans.__('Status');
    case 'start':
      return trans.__('Started');
    case 'duration':
      return trans.__('Duration');
    default:
      return column.slice(3);
  }
}

/** One CSV field, quoted when RFC 4180 requires it (comma, quote, CR or LF). */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) {
    return '';
  }
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CSV records, CRLF-terminated as RFC 4180 says. */
export function csvText(
  records: ReadonlyArray<ReadonlyArray<string | number | null>>
): string {
  return records.map(r => r.map(csvField).join(',') + '\r\n').join('');
}

/**
 * The rows as CSV, in the order given: the SDK analytics' column names,
 * then one column per tuned hyperparameter, then `IsBest`.
 */
export function leaderboardCsv(rows: readonly ILeaderboardRow[]): string {
  const hps = hyperParameterNames(rows);
  const header = [
    'TrainingJobName',
    'TrainingJobDefinitionName',
    'FinalObjectiveValue',
    'TrainingJobStatus',
    'TrainingStartTime',
    'TrainingElapsedTimeSeconds',
    ...hps,
    'IsBest'
  ];
  const records = rows.map(row => [
    row.name,
    row.algorithm,
    row.objective,
    row.status,
    row.start === null ? null : new Date(row.start).toISOString(),
    row.durationSeconds,
    ...hps.map(name => row.hyperParameters[name] ?? null),
    row.best ? 'true' : 'false'
  ]);
  return csvText([header, ...records]);
}
