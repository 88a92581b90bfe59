/**
 * The Tuning step's data layer: one tuning job's training jobs and their
 * trial components (the per-metric statistics the charts plot), fetched
 * with as few calls as the data allows.
 *
 * - What has finished is cached: a training job that completed, stopped or
 *   failed never changes, nor does its trial component or description.
 * - The training-job list is read again only when the tuning job's counters
 *   moved (a job started or ended); all its pages, 100 a page.
 * - Trial components are searched only for finished jobs not yet cached,
 *   100 source ARNs per `Search` page (Search's page size).
 *
 * The floor for a finished tuning job of N training jobs is
 * ceil(N / 100) list pages plus ceil(N / 100) Search pages; `refresh()`
 * also describes the tuning job once, unless it is handed a description.
 */
import { Signal, type ISignal } from '@lumino/signaling';

import type {
  IPage,
  ITrainingJobCounters,
  ITrainingJobDetails,
  ITrainingJobSummary,
  ITrialComponent,
  ITuningJobDescription
} from '../aws/tuning';

/** The AWS calls the data layer makes, one request each. */
export interface ITuningDataApi {
  describeTuningJob(name: string): Promise<ITuningJobDescription>;
  listTrainingJobsPage(
    tuningJobName: string,
    nextToken: string | null
  ): Promise<IPage<ITrainingJobSummary>>;
  /** At most `SEARCH_BATCH` ARNs. */
  searchTrialComponentsPage(
    sourceArns: string[],
    nextToken: string | null
  ): Promise<IPage<ITrialComponent>>;
  describeTrainingJob(name: string): Promise<ITrainingJobDetails>;
}

/** The most source ARNs one Search page is asked about (its page size). */
export const SEARCH_BATCH = 100;

/**
 * How often a finished job's trial component is searched for, while Search
 * does not find it or finds it without metrics, before it is taken as it
 * is (Search is eventually consistent).
 */
export const TRIAL_SEARCH_ATTEMPTS = 3;

export interface ICallCounts {
  describeTuningJob: number;
  listTrainingJobs: number;
  search: number;
  describeTrainingJob: number;
}

const FINISHED: ReadonlySet<string> = new Set([
  'Completed',
  'Stopped',
  'Failed'
]);

/** Whether a training or tuning job status never changes again. */
export function isFinished(status: string): boolean {
  return FINISHED.has(status);
}

/** The calls that cannot be avoided for a finished tuning job of `trainingJobs` jobs. */
export function callFloor(trainingJobs: number): number {
  return 2 * Math.ceil(trainingJobs / SEARCH_BATCH);
}

function sameCounters(
  a: ITrainingJobCounters | undefined,
  b: ITrainingJobCounters
): boolean {
  return (
    a !== undefined &&
    a.completed === b.completed &&
    a.inProgress === b.inProgress &&
    a.stopped === b.stopped &&
    a.retryableError === b.retryableError &&
    a.nonRetryableError === b.nonRetryableError
  );
}

export class TuningData {
  constructor(options: { api: ITuningDataApi; name: string }) {
    this._name = options.name;
    const api = options.api;
    const calls = this._calls;
    // Counted here, where every request passes, so tests and the benchmark
    // read the same numbers.
    this._api = {
      describeTuningJob: name => {
        calls.describeTuningJob++;
        return api.describeTuningJob(name);
      },
      listTrainingJobsPage: (name, token) => {
        calls.listTrainingJobs++;
        return api.listTrainingJobsPage(name, token);
      },
      searchTrialComponentsPage: (arns, token) => {
        calls.search++;
        return api.searchTrialComponentsPage(arns, token);
      },
      describeTrainingJob: name => {
        calls.describeTrainingJob++;
        return api.describeTrainingJob(name);
      }
    };
  }

  /** Emitted whenever the job, the training jobs or the trials changed. */
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /** The tuning job's name. */
  get name(): string {
    return this._name;
  }

  /** The latest description of the tuning job. */
  get job(): ITuningJobDescription | null {
    return this._job;
  }

  /** Every training job, by name. */
  get trainingJobs(): readonly ITrainingJobSummary[] {
    return this._trainingJobs;
  }

  /** The trial components fetched so far, in the training jobs' order. */
  get trials(): ITrialComponent[] {
    return this._trainingJobs
      .map(job => this._trials.get(job.arn))
      .filter((t): t is ITrialComponent => t !== undefined);
  }

  /** The trial component of a training job, by the job's ARN. */
  trialFor(trainingJobArn: string): ITrialComponent | null {
    return this._trials.get(trainingJobArn) ?? null;
  }

  /** The requests made so far, by action. */
  get calls(): Readonly<ICallCounts> & { total: number } {
    const c = this._calls;
    return {
      ...c,
      total:
        c.describeTuningJob +
        c.listTrainingJobs +
        c.search +
        c.describeTrainingJob
    };
  }

  /**
   * True when nothing can change any more: the tuning job ended, the list
   * was read after that, and every finished job's trial is in (or was
   * searched for `TRIAL_SEARCH_ATTEMPTS` times), with its metrics.
   */
  get complete(): boolean {
    return (
      this._job !== null &&
      isFinished(this._job.status) &&
      this._listedAfterEnd &&
      this._trialsWanted().length === 0
    );
  }

  /**
   * Brings the data up to date, fetching only what may have changed. A call
   * while one is under way returns that one. `description` is a fresh
   * `DescribeHyperParameterTuningJob` answer the caller already has (the
   * Tuning step's poll), which saves that call.
   */
  refresh(description?: ITuningJobDescription): Promise<void> {
    if (!this._refreshing) {
      this._refreshing = this._refresh(description).finally(() => {
        this._refreshing = null;
      });
    }
    return this._refreshing;
  }

  /**
   * A training job's final metrics and hyperparameters (`DescribeTrainingJob`),
   * cached once the job has finished.
   */
  async details(trainingJobName: string): Promise<ITrainingJobDetails> {
    const cached = this._details.get(trainingJobName);
    if (cached) {
      return cached;
    }
    const details = await this._api.describeTrainingJob(trainingJobName);
    if (isFinished(details.status)) {
      this._details.set(trainingJobName, details);
    }
    return details;
  }

  dispose(): void {
    Signal.clearData(this);
  }

  private async _refresh(description?: ITuningJobDescription): Promise<void> {
    if (this.complete) {
      return;
    }
    const job = description ?? (await this._api.describeTuningJob(this._name));
    const countersMoved = !sameCounters(this._listedCounters, job.counters);
    this._job = job;
    this._changed.emit();
    // Counters that did not move mean no job started or ended: the list
    // (statuses, objective values) is as it was. It is read once more after
    // the tuning job ended, for the last values.
    if (countersMoved || (isFinished(job.status) && !this._listedAfterEnd)) {
      await this._list();
      this._listedCounters = job.counters;
      this._listedAfterEnd = isFinished(job.status);
    }
    await this._searchTrials();
  }

  private async _list(): Promise<void> {
    const jobs: ITrainingJobSummary[] = [];
    let token: string | null = null;
    do {
      const page: IPage<ITrainingJobSummary> =
        await this._api.listTrainingJobsPage(this._name, token);
      jobs.push(...page.items);
      token = page.nextToken;
    } while (token);
    this._trainingJobs = jobs;
    this._changed.emit();
  }

  /** The ARNs of finished jobs whose trial component is still to be searched for. */
  private _trialsWanted(): string[] {
    return this._trainingJobs
      .filter(
        job =>
          isFinished(job.status) &&
          // Found without metrics: SageMaker has not summarised them yet.
          !this._trials.get(job.arn)?.metrics.length &&
          (this._searched.get(job.arn) ?? 0) < TRIAL_SEARCH_ATTEMPTS
      )
      .map(job => job.arn);
  }

  private async _searchTrials(): Promise<void> {
    const wanted = this._trialsWanted();
    for (let i = 0; i < wanted.length; i += SEARCH_BATCH) {
      const batch = wanted.slice(i, i + SEARCH_BATCH);
      let token: string | null = null;
      do {
        const page: IPage<ITrialComponent> =
          await this._api.searchTrialComponentsPage(batch, token);
        for (const trial of page.items) {
          this._trials.set(trial.sourceArn, trial);
        }
        token = page.nextToken;
      } while (token);
      for (const arn of batch) {
        this._searched.set(arn, (this._searched.get(arn) ?? 0) + 1);
      }
      this._changed.emit();
    }
  }

  private readonly _name: string;
  private readonly _api: ITuningDataApi;
  private readonly _calls: ICallCounts = {
    describeTuningJob: 0,
    listTrainingJobs: 0,
    search: 0,
    describeTrainingJob: 0
  };
  private readonly _changed = new Signal<this, void>(this);
  private _job: ITuningJobDescription | null = null;
  private _trainingJobs: ITrainingJobSummary[] = [];
  private _listedCounters: ITrainingJobCounters | undefined;
  private _listedAfterEnd = false;
  private readonly _trials = new Map<string, ITrialComponent>();
  private readonly _searched = new Map<string, number>();
  private readonly _details = new Map<string, ITrainingJobDetails>();
  private _refreshing: Promise<void> | null = null;
}
