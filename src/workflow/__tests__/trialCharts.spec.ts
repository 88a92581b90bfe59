import * as fs from 'fs';

import Ajv from 'ajv';
import { nullTranslator } from '@jupyterlab/translation';

import {
  chartCsv,
  chartOutput,
  chartSpec,
  ChartType,
  ColorField,
  IChartRequest,
  metricNames,
  STATISTICS,
  trialPoints,
  TRIALS_DATASET,
  VEGA_LITE_MIME,
  WORKSHOP_HISTOGRAM,
  WORKSHOP_SCATTER
} from '../trialCharts';
import { FakeTuningJob } from './fakeTuning';

const trans = nullTranslator.load('jupyterlab_autopilot');

// The schema vega-lite v5 ships (draft-07), compiled once.
const schema = JSON.parse(
  fs.readFileSync(
    require.resolve('vega-lite/build/vega-lite-schema.json'),
    'utf8'
  )
);
const validate = new Ajv({
  allErrors: true,
  strict: false,
  // Formats ajv does not know without ajv-formats: any string passes.
  formats: { uri: true, 'uri-reference': true, 'color-hex': true }
}).compile(schema);

function expectValid(spec: unknown) {
  const ok = validate(spec);
  expect(validate.errors ?? []).toEqual([]);
  expect(ok).toBe(true);
}

const T0 = Date.UTC(2026, 11, 1, 20, 0, 0);
const fake = new FakeTuningJob('tune', 12, 4, T0 - 3_600_000);
const indices = Array.from({ length: 12 }, (_, i) => i);
const TRIALS = indices.map(i => fake.trial(i));
const JOBS = indices.map(i => fake.summary(i));

describe("the workshop's two charts", () => {
  it('scatter: validation:f1 minimum (x) against ObjectiveMetric maximum (y), by trial, the training job in the tooltip', () => {
    const points = trialPoints(TRIALS, JOBS, WORKSHOP_SCATTER);
    expect(points).toHaveLength(12);
    expect(points[0]).toEqual({
      trial: `${JOBS[0].name}-aws-training-job`,
      trainingJob: JOBS[0].name,
      algorithm: 'dpp0-xgboost',
      status: 'Completed',
      endTime: new Date(JOBS[0].endTime!).toISOString(),
      x: TRIALS[0].metrics[0].min,
      y: TRIALS[0].metrics[1].max
    });
    const spec: any = chartSpec(WORKSHOP_SCATTER, points, trans);
    expectValid(spec);
    expect(spec.mark.type).toBe('point');
    expect(spec.encoding.x).toMatchObject({
      field: 'x',
      title: 'validation:f1 (minimum)'
    });
    expect(spec.encoding.y).toMatchObject({
      field: 'y',
      title: 'ObjectiveMetric (maximum)'
    });
    expect(spec.encoding.color).toMatchObject({ field: 'trial', legend: null });
    expect(spec.encoding.tooltip[0]).toMatchObject({
      field: 'trainingJob',
      title: 'Training job'
    });
    expect(spec.data).toEqual({ name: TRIALS_DATASET });
    expect(spec.datasets[TRIALS_DATASET]).toHaveLength(12);
    expect(spec.params).toEqual([
      { name: 'zoom', select: 'interval', bind: 'scales' }
    ]);
  });

  it('histogram of ObjectiveMetric maximum', () => {
    const spec: any = chartSpec(
      WORKSHOP_HISTOGRAM,
      trialPoints(TRIALS, JOBS, WORKSHOP_HISTOGRAM),
      trans
    );
    expectValid(spec);
    expect(spec.encoding.x).toMatchObject({ field: 'x', bin: { maxbins: 20 } });
    expect(spec.encoding.y).toMatchObject({ aggregate: 'count' });
    expect(spec.title).toBe('Distribution of ObjectiveMetric (maximum)');
  });
});

describe('any metric, statistic, colour and type', () => {
  const types: ChartType[] = ['scatter', 'histogram', 'line', 'bar'];
  const colors: Array<ColorField | undefined> = [
    'trial',
    'algorithm',
    'status',
    undefined
  ];

  it('every combination is a valid Vega-Lite v5 spec', () => {
    let checked = 0;
    for (const type of types) {
      for (const color of colors) {
        for (const statistic of STATISTICS) {
          const request: IChartRequest = {
            type,
            x: { metric: 'train:f1', statistic },
            y: { metric: 'validation:f1', statistic },
            color
          };
          expectValid(
            chartSpec(request, trialPoints(TRIALS, JOBS, request), trans)
          );
          checked++;
        }
      }
    }
    expect(checked).toBe(4 * 4 * 6);
  });

  it('the schema check fails on a spec Vega-Lite would refuse', () => {
    const spec: any = chartSpec(WORKSHOP_SCATTER, [], trans);
    expect(validate({ ...spec, mark: { type: 'pie-chart' } })).toBe(false);
    expect(
      validate({
        ...spec,
        encoding: {
          ...spec.encoding,
          x: { ...spec.encoding.x, type: 'numbers' }
        }
      })
    ).toBe(false);
  });

  it('a spec with no data yet is valid too (the live chart starts empty)', () => {
    expectValid(chartSpec(WORKSHOP_SCATTER, [], trans));
  });

  it('lists the metrics the trials report, and leaves out trials without the values asked for', () => {
    expect(metricNames(TRIALS)).toEqual([
      'ObjectiveMetric',
      'train:f1',
      'validation:f1'
    ]);
    const request: IChartRequest = {
      type: 'scatter',
      x: { metric: 'nope', statistic: 'min' },
      y: WORKSHOP_SCATTER.y
    };
    expect(trialPoints(TRIALS, JOBS, request)).toEqual([]);
    expect(() =>
      chartSpec({ type: 'scatter', y: WORKSHOP_SCATTER.y }, [], trans)
    ).toThrow(RangeError);
    expect(() => chartSpec({ type: 'line' }, [], trans)).toThrow(RangeError);
  });

  it('line over time and bar per algorithm', () => {
    const line: any = chartSpec(
      { type: 'line', y: WORKSHOP_SCATTER.y, color: 'algorithm' },
      [],
      trans
    );
    expect(line.encoding.x).toMatchObject({
      field: 'endTime',
      type: 'temporal'
    });
    const bar: any = chartSpec(
      { type: 'bar', y: WORKSHOP_SCATTER.y },
      [],
      trans
    );
    expect(bar.encoding.x).toMatchObject({ field: 'algorithm' });
    expect(bar.encoding.y).toMatchObject({ aggregate: 'max' });
  });
});

describe('exports', () => {
  it('CSV of the plotted data, the axes named by metric and statistic', () => {
    const points = trialPoints(TRIALS, JOBS, WORKSHOP_SCATTER);
    const lines = chartCsv(WORKSHOP_SCATTER, points).split('\r\n');
    expect(lines[0]).toBe(
      'TrialComponentName,TrainingJobName,TrainingJobDefinitionName,TrainingJobStatus,EndTime,validation:f1 (min),ObjectiveMetric (max)'
    );
    expect(lines[1]).toBe(
      [
        points[0].trial,
        points[0].trainingJob,
        'dpp0-xgboost',
        'Completed',
        points[0].endTime,
        points[0].x,
        points[0].y
      ].join(',')
    );
    expect(lines).toHaveLength(points.length + 2);
  });

  it('a notebook output with the Vega-Lite MIME type', () => {
    const spec = chartSpec(WORKSHOP_HISTOGRAM, [], trans);
    expect(chartOutput(spec)).toEqual({
      output_type: 'display_data',
      data: { [VEGA_LITE_MIME]: spec },
      metadata: {}
    });
  });
});
