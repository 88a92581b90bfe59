/**
 * A fake tuning job for the Tuning specs: N training jobs of two
 * algorithms that run in `parallel` slots on the test's clock (`Date.now`),
 * answered page by page as SageMaker would (100 a page). Every call is
 * logged.
 */
import type {
  IPage,
  ITrainingJobDetails,
  ITrainingJobSummary,
  ITrialComponent,
  ITuningJobDescription,
  TuningJobStatus
} from '../../aws/tuning';
import type { ITuningDataApi } from '../tuningData';

export const ALGORITHMS = ['dpp0-xgboost', 'dpp1-linear-learner'];

export class FakeTuningJob {
  calls: string[] = [];
  stoppedAt: number | null = null;
  /** ARNs whose trial component Search does not find (yet). */
  unsearchable = new Set<string>();

  constructor(
    readonly name: string,
    readonly count: number,
    readonly parallel: number,
    readonly createdAt: number,
    readonly trainingMs = 60_000
  ) {}

  startOf(i: number): number {
    return this.createdAt + Math.floor(i / this.parallel) * this.trainingMs;
  }

  endOf(i: number): number {
    return this.startOf(i) + this.trainingMs;
  }

  /** The jobs started by now. */
  launched(now = Date.now()): number[] {
    const horizon = this.stoppedAt ?? now;
    return Array.from({ length: this.count }, (_, i) => i).filter(
      i => this.startOf(i) <= horizon
    );
  }

  jobStatus(i: number, now = Date.now()): ITrainingJobSummary['status'] {
    if (now >= this.endOf(i)) {
      return this.stoppedAt !== null && this.stoppedAt < this.endOf(i)
        ? 'Stopped'
        : 'Completed';
    }
    return this.stoppedAt !== null ? 'Stopped' : 'InProgress';
  }

  objective(i: number): number {
    return Math.round((0.6 + ((i * 37) % 100) / 400) * 1e4) / 1e4;
  }

  trainingName(i: number): string {
    return `${this.name}-${String(i + 1).padStart(3, '0')}-abcd${i}`;
  }

  summary(i: number): ITrainingJobSummary {
    const status = this.jobStatus(i);
    const name = this.trainingName(i);
    return {
      name,
      arn: `arn:aws:sagemaker:us-east-1:123456789012:training-job/${name}`,
      definitionName: ALGORITHMS[i % 2],
      status,
      creationTime: this.startOf(i),
      startTime: this.startOf(i),
      endTime:
        status === 'InProgress' ? null : Math.min(this.endOf(i), Date.now()),
      tunedHyperParameters: {
        eta: String(0.1 + (i % 5) / 10),
        max_depth: String(1 + (i % 9))
      },
      objectiveValue: status === 'Completed' ? this.objective(i) : null,
      objectiveMetric: status === 'Completed' ? 'validation:f1' : null,
      objectiveStatus: status === 'Completed' ? 'Succeeded' : 'Pending',
      failureReason: null
    };
  }

  status(): TuningJobStatus {
    const now = Date.now();
    if (this.stoppedAt !== null) {
      return 'Stopped';
    }
    return now >= this.endOf(this.count - 1) ? 'Completed' : 'InProgress';
  }

  describe(): ITuningJobDescription {
    const jobs = this.launched().map(i => this.summary(i));
    const count = (s: string) => jobs.filter(j => j.status === s).length;
    const done = jobs.filter(j => j.objectiveValue !== null);
    const best = done.reduce<ITrainingJobSummary | null>(
      (a, b) => (a && a.objectiveValue! >= b.objectiveValue! ? a : b),
      null
    );
    const status = this.status();
    return {
      name: this.name,
      arn: `arn:aws:sagemaker:us-east-1:123456789012:hyper-parameter-tuning-job/${this.name}`,
      status,
      strategy: 'Bayesian',
      creationTime: this.createdAt,
      lastModifiedTime: Date.now(),
      endTime: status === 'InProgress' ? null : Date.now(),
      counters: {
        completed: count('Completed'),
        inProgress: count('InProgress'),
        stopped: count('Stopped'),
        retryableError: 0,
        nonRetryableError: 0
      },
      maxJobs: this.count,
      maxParallelJobs: this.parallel,
      objective: { metricName: 'validation:f1', type: 'Maximize' },
      best,
      definitions: ALGORITHMS.map(name => ({
        name,
        objective: { metricName: 'validation:f1', type: 'Maximize' as const },
        outputPath: 's3://b/wf/output/pilot/run/multi-algo-tuning',
        inputs: [
          {
            channel: 'train',
            uri: `s3://b/wf/output/pilot/run/transformed-data/${name}/train`
          }
        ],
        tunedHyperParameters: ['eta', 'max_depth'],
        staticHyperParameters: {}
      })),
      failureReason: null
    };
  }

  trial(i: number): ITrialComponent {
    const s = this.summary(i);
    const value = this.objective(i);
    return {
      name: `${s.name}-aws-training-job`,
      displayName: `${s.name}-aws-training-job`,
      sourceArn: s.arn,
      status: s.status,
      startTime: s.startTime,
      endTime: s.endTime,
      parameters: { eta: Number(s.tunedHyperParameters.eta) },
      metrics: [
        {
          name: 'validation:f1',
          min: value - 0.05,
          max: value,
          avg: value - 0.02,
          last: value,
          count: 10,
          stdDev: 0.01,
          timestamp: s.endTime
        },
        {
          name: 'ObjectiveMetric',
          min: value - 0.05,
          max: value,
          avg: value - 0.02,
          last: value,
          count: 10,
          stdDev: 0.01,
          timestamp: s.endTime
        },
        {
          name: 'train:f1',
          min: value - 0.1,
          max: value + 0.05,
          avg: value,
          last: value,
          count: 10,
          stdDev: 0.02,
          timestamp: s.endTime
        }
      ]
    };
  }

  api: ITuningDataApi = {
    describeTuningJob: async () => {
      this.calls.push('describeTuningJob');
      return this.describe();
    },
    listTrainingJobsPage: async (_name, token) => {
      this.calls.push('listTrainingJobs');
      const all = this.launched().map(i => this.summary(i));
      const start = Number(token ?? 0);
      const end = start + 100;
      return {
        items: all.slice(start, end),
        nextToken: end < all.length ? String(end) : null
      };
    },
    searchTrialComponentsPage: async (
      arns,
      token
    ): Promise<IPage<ITrialComponent>> => {
      this.calls.push('search');
      if (arns.length > 100) {
        throw new Error('too many ARNs');
      }
      const items = this.launched()
        .filter(
          i =>
            arns.includes(this.summary(i).arn) &&
            !this.unsearchable.has(this.summary(i).arn)
        )
        .map(i => this.trial(i));
      return { items, nextToken: null };
    },
    describeTrainingJob: async (name): Promise<ITrainingJobDetails> => {
      this.calls.push('describeTrainingJob');
      const i = this.launched().find(j => this.trainingName(j) === name)!;
      const s = this.summary(i);
      return {
        name,
        arn: s.arn,
        status: s.status,
        secondaryStatus: s.status,
        hyperParameters: { ...s.tunedHyperParameters, num_round: '100' },
        finalMetrics:
          s.objectiveValue !== null
            ? [
                {
                  name: 'validation:f1',
                  value: s.objectiveValue,
                  timestamp: s.endTime
                }
              ]
            : [],
        creationTime: s.creationTime,
        startTime: s.startTime,
        endTime: s.endTime,
        trainingSeconds: null,
        billableSeconds: null,
        failureReason: null,
        tuningJobArn: null
      };
    }
  };
}
