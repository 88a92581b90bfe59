/**
 * What the chart commands do: `autopilot:open-chart` opens a trial chart
 * in the main area (the workshop's scatter by default),
 * `autopilot:export-chart` writes the current one into the workspace.
 */
import { MainAreaWidget } from '@jupyterlab/apputils';
import { Notification } from '@jupyterlab/apputils';
import type { INotebookTracker } from '@jupyterlab/notebook';
import type { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import {
  chartCsv,
  chartOutput,
  chartTitle,
  STATISTICS,
  WORKSHOP_HISTOGRAM,
  WORKSHOP_SCATTER,
  type ChartType,
  type ColorField,
  type IChartRequest,
  type Statistic
} from '../workflow/trialCharts';
import { ChartWidget, vegaViewOf } from './chartView';
import type { ILeaderboardCommandContext } from './leaderboardCommands';
import { exportToWorkspace, type IWorkspaceFile } from './workspaceExport';

export interface IChartCommandContext extends ILeaderboardCommandContext {
  rendermime: IRenderMimeRegistry | null;
  notebooks: INotebookTracker | null;
}

let current: MainAreaWidget<ChartWidget> | null = null;

/** The request the arguments ask for; no axis at all asks for a workshop chart. */
export function chartRequest(args: Record<string, unknown>): IChartRequest {
  const type = (
    ['scatter', 'histogram', 'line', 'bar'].includes(String(args.type))
      ? args.type
      : 'scatter'
  ) as ChartType;
  const x = typeof args.x === 'string' && args.x ? args.x : null;
  const y = typeof args.y === 'string' && args.y ? args.y : null;
  if (!x && !y) {
    return type === 'histogram' ? WORKSHOP_HISTOGRAM : WORKSHOP_SCATTER;
  }
  const statistic = (
    STATISTICS.includes(args.statistic as Statistic) ? args.statistic : 'max'
  ) as Statistic;
  const color = ['trial', 'algorithm', 'status'].includes(String(args.color))
    ? (args.color as ColorField)
    : undefined;
  return {
    type,
    ...(x ? { x: { metric: x, statistic } } : {}),
    ...(y ? { y: { metric: y, statistic } } : {}),
    ...(color ? { color } : {})
  };
}

/** `autopilot:open-chart {x, y, statistic?, color?, type = 'scatter'}`. */
export async function openChart(
  context: IChartCommandContext,
  args: Record<string, unknown>
): Promise<Record<string, unknown>> {
  const { trans } = context;
  if (!context.rendermime) {
    return {
      status: 'failed',
      reason: trans.__('JupyterLab’s renderers are not available.')
    };
  }
  const request = chartRequest(args);
  if (!current || current.isDisposed) {
    const content = new ChartWidget({
      tuning: context.tuning,
      trans,
      rendermime: context.rendermime,
      request,
      insertAsCell: chart => insertChartCell(context, chart)
    });
    current = new MainAreaWidget({ content });
    current.id = 'jp-autopilot-chart';
    current.title.closable = true;
    context.shell.add(current, 'main');
  }
  current.content.setRequest(request);
  current.title.label = current.content.title.label;
  context.shell.activateById(current.id);
  return {
    status: 'opened',
    request,
    points: current.content.points().length
  };
}

type ExportFormat = 'png' | 'svg' | 'csv' | 'vega-lite';

/** `autopilot:export-chart {format, path, overwrite?}`. */
export async function exportChart(
  context: IChartCommandContext,
  args: Record<string, unknown>
): Promise<Record<string, unknown>> {
  const { trans } = context;
  const chart = current && !current.isDisposed ? current.content : null;
  if (!chart) {
    return { status: 'failed', reason: trans.__('No chart is open.') };
  }
  const format = String(args.format ?? 'png') as ExportFormat;
  const path =
    typeof args.path === 'string' && args.path.trim()
      ? args.path.trim()
      : `chart.${format === 'vega-lite' ? 'vl.json' : format}`;
  const file = await chartFile(chart, format, path);
  if (!file) {
    return {
      status: 'failed',
      reason: trans.__(
        'The chart cannot be exported as %1: draw it first, or choose png, svg, csv or vega-lite.',
        format
      )
    };
  }
  const outcome = await exportToWorkspace(
    context.contents,
    file,
    trans,
    args.overwrite === true
  );
  return outcome === 'exported'
    ? { status: 'exported', path }
    : { status: 'cancelled', reason: trans.__('The file %1 is kept.', path) };
}

/** The vega view the vega5 renderer made (vega-embed's result). */
async function chartFile(
  chart: ChartWidget,
  format: ExportFormat,
  path: string
): Promise<IWorkspaceFile | null> {
  switch (format) {
    case 'csv':
      return {
        path,
        format: 'text',
        content: chartCsv(chart.request, chart.points())
      };
    case 'vega-lite':
      return {
        path,
        format: 'text',
        content: JSON.stringify(chart.spec(), null, 2) + '\n'
      };
    case 'png':
    case 'svg': {
      const view = vegaViewOf(chart.renderer);
      if (!view) {
        return null;
      }
      if (format === 'svg') {
        return { path, format: 'text', content: await view.toSVG() };
      }
      const url = await view.toImageURL('png');
      return {
        path,
        format: 'base64',
        content: url.slice(url.indexOf(',') + 1)
      };
    }
    default:
      return null;
  }
}

/**
 * "Insert as cell": a code cell after the active one, whose output is the
 * chart (Vega-Lite), so it is kept with the work. Returns the notebook's
 * path, or null when no notebook is open.
 */
export async function insertChartCell(
  context: IChartCommandContext,
  chart: ChartWidget
): Promise<string | null> {
  const { trans } = context;
  const panel = context.notebooks?.currentWidget ?? null;
  const model = panel?.content.model ?? null;
  if (!panel || !model) {
    Notification.warning(
      trans.__('Open a notebook first: the chart goes into the active one.'),
      { autoClose: 6000 }
    );
    return null;
  }
  const title = chartTitle(chart.request, trans);
  const index = Math.min(
    panel.content.activeCellIndex + 1,
    model.sharedModel.cells.length
  );
  model.sharedModel.insertCell(index, {
    cell_type: 'code',
    // Not a program: a note of what the output below is.
    source: `# ${title}\n# ${trans.__('Trial chart of the tuning job %1 (Vega-Lite), inserted by Autopilot.', context.tuning.tuning.name ?? '')}`,
    outputs: [chartOutput(chart.spec()) as any],
    metadata: {}
  });
  panel.content.activeCellIndex = index;
  return panel.context.path;
}
