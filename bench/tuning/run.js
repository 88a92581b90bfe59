#!/usr/bin/env node
/**
 * Benchmark of the Tuning step's data layer (rerunnable):
 * `node bench/tuning/run.js [--latency MS] [--rounds N]`.
 *
 * A finished tuning job of 250 training jobs (and one of 8), served by a
 * fake SageMaker behind the SDK's request layer: the real AWS layer
 * (`src/aws/tuning.ts`, SDK clients, the proxy handler) and the real data
 * layer (`src/workflow/tuningData.ts`, `leaderboard.ts`) run; only `fetch`
 * is fake. `--latency` adds that many ms to every answer (a round trip
 * through the Jupyter server to AWS; default 0 and 40).
 *
 * Reported: the requests made against the floor (pages of
 * ListTrainingJobsForHyperParameterTuningJob plus one Search page per 100
 * trial components), the time from opening (the first refresh) to the full
 * leaderboard (every row, sorted, CSV ready) and to every trial (charts),
 * and the requests of a second refresh (0: all cached). Medians of the
 * rounds. Results: a table on stdout, JSON in bench/results/.
 */
'use strict';

const childProcess = require('child_process');
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '../..');
// Inside node_modules, so the compiled files find the SDK and Lumino.
const OUT = path.join(ROOT, 'node_modules/.cache/autopilot-bench-tuning');

function argument(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

function build() {
  const tsc = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
  childProcess.execFileSync(
    process.execPath,
    [
      tsc,
      '--outDir',
      OUT,
      '--rootDir',
      ROOT,
      '--module',
      'commonjs',
      '--target',
      'ES2020',
      '--moduleResolution',
      'node',
      '--esModuleInterop',
      '--resolveJsonModule',
      '--skipLibCheck',
      '--strict',
      '--lib',
      'DOM,DOM.Iterable,ES2020',
      '--types',
      'node',
      path.join(ROOT, 'src/aws/tuning.ts'),
      path.join(ROOT, 'src/workflow/tuningData.ts'),
      path.join(ROOT, 'src/workflow/leaderboard.ts')
    ],
    { stdio: 'inherit' }
  );
}

const T0 = 1_764_600_000; // epoch seconds, as SageMaker's JSON carries times
const ACCOUNT = 'arn:aws:sagemaker:us-east-1:123456789012';
const ALGORITHMS = ['dpp0-xgboost', 'dpp1-linear-learner'];

/** A finished tuning job of `count` training jobs, as SageMaker answers. */
function fakeSageMaker(name, count, latency) {
  const jobs = Array.from({ length: count }, (_, i) => {
    const jobName = `${name}-${String(i + 1).padStart(3, '0')}-${((i * 2654435761) >>> 0).toString(16).slice(0, 8)}`;
    const value = 0.6 + ((i * 37) % 100) / 400;
    return {
      TrainingJobName: jobName,
      TrainingJobArn: `${ACCOUNT}:training-job/${jobName}`,
      TrainingJobDefinitionName: ALGORITHMS[i % 2],
      CreationTime: T0 + 15 * i,
      TrainingStartTime: T0 + 15 * i,
      TrainingEndTime: T0 + 15 * i + 60,
      TrainingJobStatus: 'Completed',
      TunedHyperParameters: {
        eta: String(0.1 + (i % 5) / 10),
        max_depth: String(1 + (i % 9))
      },
      FinalHyperParameterTuningJobObjectiveMetric: {
        Type: 'Maximize',
        MetricName: 'validation:f1',
        Value: value
      },
      ObjectiveStatus: 'Succeeded'
    };
  });
  const byArn = new Map(jobs.map(j => [j.TrainingJobArn, j]));
  const metric = (MetricName, v) => ({
    MetricName,
    Min: v - 0.05,
    Max: v,
    Avg: v - 0.02,
    Last: v,
    Count: 10,
    StdDev: 0.01,
    TimeStamp: T0 + 9999
  });
  const answers = {
    DescribeHyperParameterTuningJob: () => ({
      HyperParameterTuningJobName: name,
      HyperParameterTuningJobArn: `${ACCOUNT}:hyper-parameter-tuning-job/${name}`,
      HyperParameterTuningJobStatus: 'Completed',
      CreationTime: T0,
      HyperParameterTuningEndTime: T0 + 15 * count + 60,
      HyperParameterTuningJobConfig: {
        Strategy: 'Bayesian',
        ResourceLimits: {
          MaxNumberOfTrainingJobs: count,
          MaxParallelTrainingJobs: 4
        }
      },
      TrainingJobDefinitions: ALGORITHMS.map(d => ({
        DefinitionName: d,
        TuningObjective: { MetricName: 'validation:f1', Type: 'Maximize' },
        OutputDataConfig: {
          S3OutputPath: 's3://b/wf/output/pilot/run/multi-algo-tuning'
        }
      })),
      TrainingJobStatusCounters: {
        Completed: count,
        InProgress: 0,
        Stopped: 0,
        RetryableError: 0,
        NonRetryableError: 0
      },
      BestTrainingJob: jobs.reduce((a, b) =>
        a.FinalHyperParameterTuningJobObjectiveMetric.Value >=
        b.FinalHyperParameterTuningJobObjectiveMetric.Value
          ? a
          : b
      )
    }),
    ListTrainingJobsForHyperParameterTuningJob: body => {
      const start = Number(body.NextToken || 0);
      const end = start + (body.MaxResults || 10);
      return {
        TrainingJobSummaries: jobs.slice(start, end),
        NextToken: end < jobs.length ? String(end) : undefined
      };
    },
    Search: body => {
      const e = body.SearchExpression;
      const filters = e.SubExpressions
        ? e.SubExpressions.flatMap(s => s.Filters)
        : e.Filters;
      if (
        filters.length > 100 ||
        (e.Filters || []).length > 20 ||
        (e.SubExpressions || []).length > 20
      ) {
        throw new Error('over Search limits');
      }
      return {
        Results: filters.map(f => {
          const j = byArn.get(f.Value);
          const v = j.FinalHyperParameterTuningJobObjectiveMetric.Value;
          return {
            TrialComponent: {
              TrialComponentName: `${j.TrainingJobName}-aws-training-job`,
              Source: {
                SourceArn: j.TrainingJobArn,
                SourceType: 'SageMakerTrainingJob'
              },
              Status: { PrimaryStatus: 'Completed' },
              StartTime: j.TrainingStartTime,
              EndTime: j.TrainingEndTime,
              Parameters: {
                eta: { NumberValue: Number(j.TunedHyperParameters.eta) }
              },
              Metrics: [
                metric('validation:f1', v),
                metric('ObjectiveMetric', v),
                metric('train:f1', v + 0.02)
              ]
            }
          };
        })
      };
    }
  };
  const requests = [];
  const fetch = async (input, init = {}) => {
    const target = new Headers(init.headers)
      .get('x-amz-target')
      .replace('SageMaker.', '');
    requests.push(target);
    const body = JSON.parse(new TextDecoder().decode(init.body));
    const answer = answers[target](body);
    if (latency) {
      await new Promise(resolve => setTimeout(resolve, latency));
    }
    return new Response(JSON.stringify(answer), {
      status: 200,
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amzn-requestid': 'bench'
      }
    });
  };
  return { fetch, requests };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

async function once(modules, count, latency) {
  const { tuning, tuningData, leaderboard } = modules;
  const name = `churn-ab12c-notebook-${count}`;
  const sagemaker = fakeSageMaker(name, count, latency);
  const options = {
    connection: { baseUrl: 'http://localhost:8888/', token: 'bench' },
    region: 'us-east-1',
    fetch: sagemaker.fetch
  };
  const api = {
    describeTuningJob: n => tuning.describeTuningJob(options, n),
    listTrainingJobsPage: (n, t) => tuning.listTrainingJobsPage(options, n, t),
    searchTrialComponentsPage: (a, t) =>
      tuning.searchTrialComponentsPage(options, a, t),
    describeTrainingJob: n => tuning.describeTrainingJob(options, n)
  };
  const data = new tuningData.TuningData({ api, name });
  const started = performance.now();
  let tableMs = null;
  let csvBytes = 0;
  data.changed.connect(() => {
    if (tableMs === null && data.trainingJobs.length === count) {
      const rows = leaderboard.leaderboardRows(data.trainingJobs, {
        objective: data.job.objective,
        bestName: data.job.best && data.job.best.name,
        now: Date.now()
      });
      csvBytes = leaderboard.leaderboardCsv(
        leaderboard.queryRows(rows, {}, data.job.objective)
      ).length;
      tableMs = performance.now() - started;
    }
  });
  await data.refresh();
  const trialsMs = performance.now() - started;
  if (data.trials.length !== count) {
    throw new Error(`expected ${count} trials, got ${data.trials.length}`);
  }
  const first = sagemaker.requests.length;
  await data.refresh();
  return {
    requests: first,
    byAction: sagemaker.requests
      .slice(0, first)
      .reduce((m, a) => ({ ...m, [a]: (m[a] || 0) + 1 }), {}),
    againRequests: sagemaker.requests.length - first,
    tableMs,
    trialsMs,
    csvBytes
  };
}

async function main() {
  const rounds = argument('--rounds', 5);
  const latencies = process.argv.includes('--latency')
    ? [argument('--latency', 0)]
    : [0, 40];
  build();
  const load = file => require(path.join(OUT, file));
  const modules = {
    tuning: load('src/aws/tuning.js'),
    tuningData: load('src/workflow/tuningData.js'),
    leaderboard: load('src/workflow/leaderboard.js')
  };
  const results = [];
  for (const latency of latencies) {
    for (const count of [8, 250]) {
      await once(modules, count, latency); // warm-up: the SDK's first client
      const runs = [];
      for (let r = 0; r < rounds; r++) {
        runs.push(await once(modules, count, latency));
      }
      const floor = modules.tuningData.callFloor(count);
      results.push({
        trainingJobs: count,
        latencyMs: latency,
        requests: runs[0].requests,
        byAction: runs[0].byAction,
        floor,
        overFloor: runs[0].requests - floor,
        secondRefreshRequests: runs[0].againRequests,
        fullTableMs: Math.round(median(runs.map(r => r.tableMs)) * 10) / 10,
        allTrialsMs: Math.round(median(runs.map(r => r.trialsMs)) * 10) / 10,
        csvBytes: runs[0].csvBytes,
        rounds
      });
    }
  }
  console.log(
    'jobs  latency  requests  floor  again  full table ms  all trials ms'
  );
  for (const r of results) {
    console.log(
      [
        String(r.trainingJobs).padStart(4),
        `${r.latencyMs} ms`.padStart(8),
        String(r.requests).padStart(9),
        String(r.floor).padStart(6),
        String(r.secondRefreshRequests).padStart(6),
        String(r.fullTableMs).padStart(14),
        String(r.allTrialsMs).padStart(14)
      ].join(' ')
    );
  }
  for (const r of results.filter(x => x.latencyMs === latencies[0])) {
    console.log(`${r.trainingJobs} jobs: ${JSON.stringify(r.byAction)}`);
  }
  const outDir = path.join(ROOT, 'bench/results');
  fs.mkdirSync(outDir, { recursive: true });
  const out = path.join(
    outDir,
    `tuning-${new Date().toISOString().replace(/[:.]/g, '-')}.json`
  );
  fs.writeFileSync(
    out,
    JSON.stringify({ node: process.version, results }, null, 2) + '\n'
  );
  console.log(`results: ${path.relative(ROOT, out)}`);
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
