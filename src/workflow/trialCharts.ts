/**
 * The trial charts as Vega-Lite v5 specs, built by pure functions from the
 * trial components (per-metric min, max, avg, last, count and standard
 * deviation). JupyterLab's own renderer draws them (the
 * `application/vnd.vegalite.v5+json` MIME type through the rendermime
 * registry), so no charting library is bundled.
 *
 * The plotted rows are a named dataset (`TRIALS_DATASET`): the spec says
 * `data: {name: 'trials'}` and carries the rows in `datasets`. A live view
 * therefore changes only the data, never the spec, so the user's zoom and
 * pan (the `zoom` interval parameter bound to the scales) survive:
 *
 *     view.change(TRIALS_DATASET,
 *       vega.changeset().remove(() => true).insert(newPoints)).run();
 *
 * where `view` is the Vega `View` the renderer made. Re-rendering the spec
 * instead would reset the view.
 */
import type { TranslationBundle } from '@jupyterlab/translation';

import type {
  ITrainingJobSummary,
  ITrialComponent,
  ITrialMetric
} from '../aws/tuning';
import { csvText } from './leaderboard';

export const VEGA_LITE_MIME = 'application/vnd.vegalite.v5+json';
export const VEGA_LITE_SCHEMA =
  'https://vega.github.io/schema/vega-lite/v5.json';

/** The name of the dataset every chart plots. */
export const TRIALS_DATASET = 'trials';

export type Statistic = 'min' | 'max' | 'avg' | 'last' | 'count' | 'stdDev';
export const STATISTICS: readonly Statistic[] = [
  'min',
  'max',
  'avg',
  'last',
  'count',
  'stdDev'
];

export type ChartType = 'scatter' | 'histogram' | 'line' | 'bar';
export type ColorField = 'trial' | 'algorithm' | 'status';

export interface IMetricChoice {
  metric: string;
  statistic: Statistic;
}

export interface IChartRequest {
  type: ChartType;
  /** The x axis (scatter), or the binned value (histogram). Line: time. Bar: algorithm. */
  x?: IMetricChoice;
  /** The y axis (scatter, line, bar). */
  y?: IMetricChoice;
  color?: ColorField;
}

/** Workshop step 4's scatter: `validation:f1` minimum against the objective's maximum, by trial. */
export const WORKSHOP_SCATTER: IChartRequest = {
  type: 'scatter',
  x: { metric: 'validation:f1', statistic: 'min' },
  y: { metric: 'ObjectiveMetric', statistic: 'max' },
  color: 'trial'
};

/** Workshop step 4's histogram of the objective's maximum. */
export const WORKSHOP_HISTOGRAM: IChartRequest = {
  type: 'histogram',
  x: { metric: 'ObjectiveMetric', statistic: 'max' }
};

/** One plotted row: a trial and the values the chart asks for. */
export interface ITrialPoint {
  trial: string;
  trainingJob: string;
  algorithm: string | null;
  status: string;
  /** ISO 8601, for the time axis. */
  endTime: string | null;
  x: number | null;
  y: number | null;
}

function statisticOf(
  metric: ITrialMetric | undefined,
  statistic: Statistic
): number | null {
  return metric ? metric[statistic] : null;
}

function value(
  trial: ITrialComponent,
  choice: IMetricChoice | undefined
): number | null {
  if (!choice) {
    return null;
  }
  return statisticOf(
    trial.metrics.find(m => m.name === choice.metric),
    choice.statistic
  );
}

/** Every metric the trials report, sorted, for the x and y pickers. */
export function metricNames(trials: readonly ITrialComponent[]): string[] {
  const names = new Set<string>();
  trials.forEach(t => t.metrics.forEach(m => names.add(m.name)));
  return [...names].sort();
}

/**
 * The rows a chart plots: one per trial with the values asked for. Trials
 * without them are left out (a histogram needs x; the others need y, and
 * a scatter x too).
 */
export function trialPoints(
  trials: readonly ITrialComponent[],
  trainingJobs: readonly ITrainingJobSummary[],
  request: IChartRequest
): ITrialPoint[] {
  const byArn = new Map(trainingJobs.map(job => [job.arn, job]));
  return trials
    .map(trial => {
      const job = byArn.get(trial.sourceArn);
      return {
        trial: trial.displayName || trial.name,
        trainingJob: job?.name ?? trial.sourceArn.split('/').pop() ?? '',
        algorithm: job?.definitionName ?? null,
        status: job?.status ?? trial.status,
        endTime:
          trial.endTime === null ? null : new Date(trial.endTime).toISOString(),
        x: value(trial, request.x),
        y: value(trial, request.y)
      };
    })
    .filter(p => {
      switch (request.type) {
        case 'histogram':
          return p.x !== null;
        case 'scatter':
          return p.x !== null && p.y !== null;
        case 'line':
          return p.y !== null && p.endTime !== null;
        default:
          return p.y !== null;
      }
    });
}

function statisticLabel(
  statistic: Statistic,
  trans: TranslationBundle
): string {
  switch (statistic) {
    case 'min':
      return trans.__('minimum');
    case 'max':
      return trans.__('maximum');
    case 'avg':
      return trans.__('average');
    case 'last':
      return trans.__('last');
    case 'count':
      return trans.__('count');
    case 'stdDev':
      return trans.__('standard deviation');
  }
}

/** `validation:f1 (minimum)`: an axis or tooltip title. */
export function choiceLabel(
  choice: IMetricChoice,
  trans: TranslationBundle
): string {
  return trans.__(
    '%1 (%2)',
    choice.metric,
    statisticLabel(choice.statistic, trans)
  );
}

function colorTitle(color: ColorField, trans: TranslationBundle): string {
  switch (color) {
    case 'trial':
      return trans.__('Trial component');
    case 'algorithm':
      return trans.__('Algorithm');
    case 'status':
      return trans.__('Status');
  }
}

/** The chart's title, from what it plots. */
export function chartTitle(
  request: IChartRequest,
  trans: TranslationBundle
): string {
  const x = request.x ? choiceLabel(request.x, trans) : '';
  const y = request.y ? choiceLabel(request.y, trans) : '';
  switch (request.type) {
    case 'histogram':
      return trans.__('Distribution of %1', x);
    case 'line':
      return trans.__('%1 over time', y);
    case 'bar':
      return trans.__('%1 per algorithm', y);
    default:
      return trans.__('%1 against %2', y, x);
  }
}

/**
 * The Vega-Lite v5 spec of a chart of `points` (see `trialPoints`).
 * Throws a RangeError when the request lacks the axis its type needs.
 */
export function chartSpec(
  request: IChartRequest,
  points: readonly ITrialPoint[],
  trans: TranslationBundle
): Record<string, unknown> {
  const needs = request.type === 'histogram' ? 'x' : 'y';
  if (!request[needs] || (request.type === 'scatter' && !request.x)) {
    throw new RangeError(
      `A ${request.type} chart needs a metric for ${request.type === 'scatter' ? 'x and y' : needs}.`
    );
  }
  const color = request.color;
  const colorEncoding = color
    ? {
        color: {
          field: color,
          type: 'nominal',
          title: colorTitle(color, trans),
          // Hundreds of trials make a legend taller than the chart: the
          // tooltip names each one instead.
          ...(color === 'trial' ? { legend: null } : {})
        }
      }
    : {};
  const tooltip = [
    { field: 'trainingJob', type: 'nominal', title: trans.__('Training job') },
    { field: 'algorithm', type: 'nominal', title: trans.__('Algorithm') },
    ...(request.x
      ? [
          {
            field: 'x',
            type: 'quantitative',
            title: choiceLabel(request.x, trans)
          }
        ]
      : []),
    ...(request.y
      ? [
          {
            field: 'y',
            type: 'quantitative',
            title: choiceLabel(request.y, trans)
          }
        ]
      : [])
  ];
  const zoom = [{ name: 'zoom', select: 'interval', bind: 'scales' }];
  const common = {
    $schema: VEGA_LITE_SCHEMA,
    title: chartTitle(request, trans),
    width: 480,
    height: 320,
    datasets: { [TRIALS_DATASET]: points.map(p => ({ ...p })) },
    data: { name: TRIALS_DATASET }
  };
  switch (request.type) {
    case 'histogram':
      return {
        ...common,
        mark: { type: 'bar', tooltip: true },
        encoding: {
          x: {
            field: 'x',
            type: 'quantitative',
            bin: { maxbins: 20 },
            title: choiceLabel(request.x!, trans)
          },
          y: {
            aggregate: 'count',
            type: 'quantitative',
            title: trans.__('Trials')
          },
          ...colorEncoding
        }
      };
    case 'line':
      return {
        ...common,
        params: zoom,
        mark: { type: 'line', point: true, tooltip: true },
        encoding: {
          x: { field: 'endTime', type: 'temporal', title: trans.__('Ended') },
          y: {
            field: 'y',
            type: 'quantitative',
            scale: { zero: false },
            title: choiceLabel(request.y!, trans)
          },
          ...colorEncoding,
          tooltip
        }
      };
    case 'bar':
      return {
        ...common,
        mark: { type: 'bar', tooltip: true },
        encoding: {
          x: {
            field: 'algorithm',
            type: 'nominal',
            title: trans.__('Algorithm')
          },
          y: {
            field: 'y',
            aggregate: 'max',
            type: 'quantitative',
            title: choiceLabel(request.y!, trans)
          },
          ...(colorEncoding.color
            ? colorEncoding
            : { color: { field: 'algorithm', type: 'nominal', legend: null } })
        }
      };
    default:
      return {
        ...common,
        params: zoom,
        mark: { type: 'point', filled: true, size: 60 },
        encoding: {
          x: {
            field: 'x',
            type: 'quantitative',
            scale: { zero: false },
            title: choiceLabel(request.x!, trans)
          },
          y: {
            field: 'y',
            type: 'quantitative',
            scale: { zero: false },
            title: choiceLabel(request.y!, trans)
          },
          ...colorEncoding,
          tooltip
        }
      };
  }
}

/**
 * The plotted rows as CSV (RFC 4180). Like the leaderboard's, its header is
 * not translated (`validation:f1 (min)`), so scripts can read it.
 */
export function chartCsv(
  request: IChartRequest,
  points: readonly ITrialPoint[]
): string {
  const header: string[] = [
    'TrialComponentName',
    'TrainingJobName',
    'TrainingJobDefinitionName',
    'TrainingJobStatus',
    'EndTime'
  ];
  if (request.x) {
    header.push(`${request.x.metric} (${request.x.statistic})`);
  }
  if (request.y) {
    header.push(`${request.y.metric} (${request.y.statistic})`);
  }
  const records = points.map(p => [
    p.trial,
    p.trainingJob,
    p.algorithm,
    p.status,
    p.endTime,
    ...(request.x ? [p.x] : []),
    ...(request.y ? [p.y] : [])
  ]);
  return csvText([header, ...records]);
}

/** A notebook output that shows the chart ("Insert as cell"). */
export function chartOutput(spec: Record<string, unknown>): {
  output_type: 'display_data';
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
} {
  return {
    output_type: 'display_data',
    data: { [VEGA_LITE_MIME]: spec },
    metadata: {}
  };
}
