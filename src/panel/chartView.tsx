import type { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import type { IRenderMime } from '@jupyterlab/rendermime-interfaces';
import type { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget } from '@jupyterlab/ui-components';
import { Panel } from '@lumino/widgets';
import * as React from 'react';
import {
  chartSpec,
  chartTitle,
  metricNames,
  STATISTICS,
  trialPoints,
  TRIALS_DATASET,
  VEGA_LITE_MIME,
  WORKSHOP_HISTOGRAM,
  WORKSHOP_SCATTER,
  type ChartType,
  type ColorField,
  type IChartRequest,
  type IMetricChoice,
  type Statistic
} from '../workflow/trialCharts';
import type { TuningData } from '../workflow/tuningData';
import type { ITuningSteps } from './tuningSteps';

/** What the chart uses of the Vega `View` JupyterLab's renderer made. */
export interface IVegaView {
  data(name: string, values: unknown[]): IVegaView;
  runAsync(): Promise<IVegaView>;
  toSVG(): Promise<string>;
  toImageURL(type: 'png'): Promise<string>;
}

/**
 * The Vega view of a drawn chart. JupyterLab's vega5 renderer keeps
 * vega-embed's result on itself (`_result`), and offers no other way to it.
 */
export function vegaViewOf(
  renderer: IRenderMime.IRenderer | null
): IVegaView | null {
  const result = (renderer as unknown as { _result?: { view?: IVegaView } })
    ?._result;
  return result?.view ?? null;
}

export interface IChartViewOptions {
  tuning: ITuningSteps;
  trans: TranslationBundle;
  rendermime: IRenderMimeRegistry;
  request: IChartRequest;
  /** Puts the chart into the active notebook as a cell; null when none is open. */
  insertAsCell: (chart: ChartWidget) => Promise<string | null>;
}

/**
 * A trial chart in the main area, drawn by JupyterLab's own Vega-Lite
 * renderer (the vega5 extension): a chooser above, the chart below,
 * drawn again as trials finish.
 */
export class ChartWidget extends Panel {
  constructor(private readonly _options: IChartViewOptions) {
    super();
    this.addClass('jp-autopilot-Chart');
    this._request = _options.request;
    this._chooser = new ChooserWidget(this);
    this.addWidget(this._chooser);
    this._host = new Panel();
    this._host.addClass('jp-autopilot-Chart-host');
    this.addWidget(this._host);
    _options.tuning.tuning.changed.connect(this._follow, this);
    this._follow();
  }

  get request(): IChartRequest {
    return this._request;
  }

  get trans(): TranslationBundle {
    return this._options.trans;
  }

  insertAsCell(): Promise<string | null> {
    return this._options.insertAsCell(this);
  }

  /** The metrics the trials report, for the chooser. */
  metrics(): string[] {
    return this._data ? metricNames(this._data.trials) : [];
  }

  /** The spec as drawn now (for the exports and Insert as cell). */
  spec(): Record<string, unknown> {
    return chartSpec(this._request, this.points(), this._options.trans);
  }

  points() {
    const data = this._data;
    return data
      ? trialPoints(data.trials, data.trainingJobs, this._request)
      : [];
  }

  /** The vega view of the drawn chart, for PNG and SVG. */
  get renderer(): IRenderMime.IRenderer | null {
    return this._renderer;
  }

  setRequest(request: IChartRequest): void {
    this._request = request;
    this.title.label = chartTitle(request, this._options.trans);
    void this._draw();
  }

  dispose(): void {
    this._data?.changed.disconnect(this._draw, this);
    super.dispose();
  }

  /** Follows the watched job's data object (another job, another object). */
  private _follow(): void {
    const data = this._options.tuning.data();
    if (data !== this._data) {
      this._data?.changed.disconnect(this._draw, this);
      this._data = data;
      data?.changed.connect(this._draw, this);
      this.setRequest(this._request);
    }
  }

  private async _draw(): Promise<void> {
    const { rendermime } = this._options;
    this._chooser.update();
    let spec: Record<string, unknown>;
    try {
      spec = this.spec();
    } catch {
      return; // an axis not chosen yet: the chooser says so
    }
    const key = JSON.stringify(spec);
    if (key === this._drawn) {
      return;
    }
    this._drawn = key;
    // New trials, same chart: only the data changes in the drawn view, so
    // the user's zoom and pan stay and nothing flickers.
    const datasets = spec.datasets as Record<string, unknown[]>;
    const shape = JSON.stringify({ ...spec, datasets: null });
    const view = vegaViewOf(this._renderer);
    if (view && shape === this._drawnShape) {
      try {
        await view.data(TRIALS_DATASET, datasets[TRIALS_DATASET]).runAsync();
        return;
      } catch (reason) {
        console.warn('jupyterlab-autopilot: drawing the chart again', reason);
      }
    }
    this._drawnShape = shape;
    const model = rendermime.createModel({
      data: { [VEGA_LITE_MIME]: spec } as any,
      trusted: true
    });
    if (!this._renderer) {
      this._renderer = rendermime.createRenderer(VEGA_LITE_MIME);
      this._host.addWidget(this._renderer);
    }
    await this._renderer.renderModel(model);
  }

  private _request: IChartRequest;
  private _data: TuningData | null = null;
  private _renderer: IRenderMime.IRenderer | null = null;
  private _drawn = '';
  private _drawnShape = '';
  private readonly _chooser: ChooserWidget;
  private readonly _host: Panel;
}

const TYPES: ChartType[] = ['scatter', 'histogram', 'line', 'bar'];
const COLORS: ColorField[] = ['trial', 'algorithm', 'status'];

class ChooserWidget extends ReactWidget {
  constructor(private readonly _chart: ChartWidget) {
    super();
    this.addClass('jp-autopilot-Chart-chooser');
  }

  protected render(): JSX.Element {
    const chart = this._chart;
    const trans = chart.trans;
    const request = chart.request;
    const metrics = chart.metrics();
    const set = (change: Partial<IChartRequest>) =>
      chart.setRequest({ ...request, ...change });
    const axis = (
      which: 'x' | 'y',
      label: string,
      choice: IMetricChoice | undefined
    ) => (
      <fieldset className="jp-autopilot-Chart-axis">
        <legend>{label}</legend>
        <select
          className="jp-mod-styled"
          aria-label={trans.__('%1 metric', label)}
          value={choice?.metric ?? ''}
          onChange={e =>
            set({
              [which]: e.target.value
                ? {
                    metric: e.target.value,
                    statistic: choice?.statistic ?? 'max'
                  }
                : undefined
            })
          }
        >
          <option value="">{trans.__('(none)')}</option>
          {[...new Set([...metrics, ...(choice ? [choice.metric] : [])])].map(
            m => (
              <option key={m} value={m}>
                {m}
              </option>
            )
          )}
        </select>
        <select
          className="jp-mod-styled"
          aria-label={trans.__('%1 statistic', label)}
          value={choice?.statistic ?? 'max'}
          disabled={!choice}
          onChange={e =>
            set({
              [which]: {
                metric: choice!.metric,
                statistic: e.target.value as Statistic
              }
            })
          }
        >
          {STATISTICS.map(s => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </fieldset>
    );
    return (
      <div className="jp-autopilot-Chart-controls">
        <button
          type="button"
          className="jp-mod-styled jp-autopilot-WorkshopScatter"
          onClick={() => chart.setRequest(WORKSHOP_SCATTER)}
        >
          {trans.__('Workshop Scatter')}
        </button>
        <button
          type="button"
          className="jp-mod-styled jp-autopilot-WorkshopHistogram"
          onClick={() => chart.setRequest(WORKSHOP_HISTOGRAM)}
        >
          {trans.__('Workshop Histogram')}
        </button>
        <button
          type="button"
          className="jp-mod-styled jp-autopilot-InsertChart"
          title={trans.__(
            'Insert the chart into the active notebook as a cell whose output is the chart'
          )}
          onClick={() => void chart.insertAsCell()}
        >
          {trans.__('Insert as Cell')}
        </button>
        <label>
          {trans.__('Chart type')}{' '}
          <select
            className="jp-mod-styled"
            value={request.type}
            onChange={e => set({ type: e.target.value as ChartType })}
          >
            {TYPES.map(t => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        {axis('x', trans.__('x'), request.x)}
        {axis('y', trans.__('y'), request.y)}
        <label>
          {trans.__('Colour')}{' '}
          <select
            className="jp-mod-styled"
            value={request.color ?? ''}
            onChange={e =>
              set({ color: (e.target.value || undefined) as ColorField })
            }
          >
            <option value="">{trans.__('(none)')}</option>
            {COLORS.map(c => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
      </div>
    );
  }
}
