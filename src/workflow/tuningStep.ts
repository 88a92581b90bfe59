/**
 * The Tuning step as a state machine with signals and no DOM: find the
 * workflow's tuning job by lineage while the trimmed notebook runs, or
 * watch any tuning job the user picks; its live status, counters,
 * objective, best training job and elapsed time; stop it.
 *
 * Polling follows the Job step's rules (`pollInterval`): every 5 s in the
 * first minute, then at most 6 calls a minute, standby while the page is
 * hidden, backoff on throttling. A tuning job created while searching is
 * seen at the next tick, well within a minute.
 *
 * The AWS calls are injected (`ITuningStepApi`; `tuningApi.ts` has the
 * real ones). Each description is also emitted (`described`), so the data
 * layer (`TuningData.refresh(description)`) need not describe it again.
 */
import { Poll } from '@lumino/polling';
import { Signal, type ISignal } from '@lumino/signaling';
import {
  nullTranslator,
  type TranslationBundle
} from '@jupyterlab/translation';

import { AutopilotError, toAutopilotError } from '../aws/errors';
import type {
  IListTuningJobsOptions,
  ITrainingJobCounters,
  ITuningJobDescription,
  ITuningJobSummary,
  ITuningObjective
} from '../aws/tuning';
import { MAX_POLL_INTERVAL, pollInterval, type Clock } from './jobStep';
import { isFinished } from './tuningData';
import {
  belongsToWorkflow,
  nameFitsLineage,
  type ITuningLineage
} from './tuningLineage';

/** The AWS calls the step makes. */
export interface ITuningStepApi {
  listTuningJobs(options: IListTuningJobsOptions): Promise<ITuningJobSummary[]>;
  describeTuningJob(name: string): Promise<ITuningJobDescription>;
  stopTuningJob(name: string): Promise<void>;
}

export type TuningPhase =
  /** No tuning job, none looked for. */
  | 'idle'
  /** Looking for the workflow's tuning job by lineage. */
  | 'searching'
  /** Watching a running tuning job. */
  | 'watching'
  /** The tuning job reached Completed, Failed or Stopped. */
  | 'ended';

/** AWS's and the browser's clocks may differ; jobs this much older still count as new. */
export const CLOCK_SKEW_MS = 5 * 60_000;

/** The best training job so far. */
export interface IBestTrainingJob {
  name: string;
  value: number | null;
  definitionName: string | null;
}

/** The plain status object of `autopilot:show-tuning`. */
export interface ITuningSummary {
  status: 'watching' | 'ended';
  name: string;
  jobStatus: string;
  counters: ITrainingJobCounters;
  best: IBestTrainingJob | null;
  elapsedSeconds: number;
}

export interface ITuningStepOptions {
  api: ITuningStepApi;
  now?: Clock;
  trans?: TranslationBundle;
}

export class TuningStep {
  constructor(options: ITuningStepOptions) {
    this._api = options.api;
    this._now = options.now ?? Date.now;
    this._trans = options.trans ?? nullTranslator.load('jupyterlab_autopilot');
  }

  /** Emitted on every change of phase, job or error. */
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /** Every fresh description of the watched tuning job. */
  get described(): ISignal<this, ITuningJobDescription> {
    return this._described;
  }

  /** Emitted once when the watched job ends (for the notification). */
  get ended(): ISignal<this, ITuningJobDescription> {
    return this._ended;
  }

  get phase(): TuningPhase {
    return this._phase;
  }

  /** The lineage being searched for, or that found the job; null for a picked job. */
  get lineage(): ITuningLineage | null {
    return this._lineage;
  }

  get job(): ITuningJobDescription | null {
    return this._job;
  }

  get name(): string | null {
    return this._job?.name ?? this._pickedName;
  }

  /** The last error (polling goes on after retryable ones). */
  get error(): AutopilotError | null {
    return this._error;
  }

  get counters(): ITrainingJobCounters | null {
    return this._job?.counters ?? null;
  }

  get objective(): ITuningObjective | null {
    return this._job?.objective ?? null;
  }

  get best(): IBestTrainingJob | null {
    const best = this._job?.best;
    return best
      ? {
          name: best.name,
          value: best.objectiveValue,
          definitionName: best.definitionName
        }
      : null;
  }

  /** Seconds since the job's creation, until it ended. */
  elapsedSeconds(): number {
    if (!this._job) {
      return 0;
    }
    const end = this._job.endTime ?? this._now();
    return Math.max(0, Math.round((end - this._job.creationTime) / 1000));
  }

  get canStop(): boolean {
    return this._phase === 'watching' && this._job?.status === 'InProgress';
  }

  /** How many AWS calls the polls made. */
  get pollCount(): number {
    return this._pollCount;
  }

  /** For `autopilot:show-tuning`; null without a job. */
  summary(): ITuningSummary | null {
    if (!this._job || (this._phase !== 'watching' && this._phase !== 'ended')) {
      return null;
    }
    return {
      status: this._phase,
      name: this._job.name,
      jobStatus: this._job.status,
      counters: this._job.counters,
      best: this.best,
      elapsedSeconds: this.elapsedSeconds()
    };
  }

  /**
   * Looks for the workflow's tuning job: created after `since` (ms since
   * the epoch, e.g. when the trimmed notebook was made), its name and its
   * definitions fitting `lineage`. The newest that fits is watched.
   */
  find(lineage: ITuningLineage, since: number): void {
    this._stopPoll();
    this._lineage = lineage;
    this._pickedName = null;
    this._job = null;
    this._error = null;
    this._rejected.clear();
    this._setPhase('searching');
    const started = this._now();
    this._startPoll('autopilot:tuning-search', started, async () => {
      const jobs = await this._api.listTuningJobs({
        nameContains: lineage.namePrefix,
        createdAfter: since - CLOCK_SKEW_MS
      });
      this._pollCount++;
      for (const summary of jobs) {
        if (
          this._rejected.has(summary.name) ||
          !nameFitsLineage(summary.name, lineage)
        ) {
          continue;
        }
        const job = await this._api.describeTuningJob(summary.name);
        this._pollCount++;
        if (belongsToWorkflow(job, lineage)) {
          this._take(job);
          return;
        }
        // A job of another workflow with a like name: never described again.
        this._rejected.add(summary.name);
      }
    });
  }

  /** Watches any tuning job of the account, by name (the user's pick). */
  async watch(name: string): Promise<TuningPhase> {
    this._stopPoll();
    this._lineage = null;
    this._pickedName = name;
    this._error = null;
    let job: ITuningJobDescription;
    try {
      job = await this._api.describeTuningJob(name);
    } catch (e) {
      const error = toAutopilotError(e);
      this._error =
        error.kind === 'not-found'
          ? new AutopilotError({
              kind: 'not-found',
              message: this._trans.__(
                'No hyperparameter tuning job called %1 exists in this account and region.',
                name
              ),
              details: { code: 'ResourceNotFound' }
            })
          : error;
      this._changed.emit();
      return this._phase;
    }
    this._take(job);
    return this._phase;
  }

  /** The account's recent tuning jobs, newest first, for the picker. */
  async listRecent(nameContains = ''): Promise<ITuningJobSummary[]> {
    try {
      return await this._api.listTuningJobs({ nameContains, maxJobs: 50 });
    } catch (e) {
      this._error = toAutopilotError(e);
      this._changed.emit();
      return [];
    }
  }

  /** Stops the watched tuning job (the view confirms first). */
  async stop(): Promise<boolean> {
    if (!this.canStop || !this._job) {
      return false;
    }
    try {
      await this._api.stopTuningJob(this._job.name);
    } catch (e) {
      this._error = toAutopilotError(e);
      this._changed.emit();
      return false;
    }
    void this._poll?.refresh();
    return true;
  }

  /** Polls now instead of at the next tick. */
  refresh(): Promise<void> {
    return this._poll?.refresh() ?? Promise.resolve();
  }

  get isDisposed(): boolean {
    return this._disposed;
  }

  dispose(): void {
    if (this._disposed) {
      return;
    }
    this._disposed = true;
    this._stopPoll();
    Signal.clearData(this);
  }

  private _take(job: ITuningJobDescription): void {
    this._record(job);
    if (isFinished(job.status)) {
      this._stopPoll();
      this._setPhase('ended');
      return;
    }
    this._setPhase('watching');
    const started = this._now();
    this._startPoll('autopilot:tuning', started, async () => {
      const next = await this._api.describeTuningJob(job.name);
      this._pollCount++;
      this._record(next);
      if (isFinished(next.status)) {
        this._stopPoll();
        this._setPhase('ended');
        this._ended.emit(next);
      } else {
        this._changed.emit();
      }
    });
  }

  private _record(job: ITuningJobDescription): void {
    this._job = job;
    this._error = null;
    this._described.emit(job);
  }

  /** A Poll with the Job step's schedule, running `tick` until stopped. */
  private _startPoll(
    name: string,
    started: number,
    tick: () => Promise<void>
  ): void {
    this._stopPoll();
    const poll: Poll = new Poll({
      auto: false,
      name,
      standby: 'when-hidden',
      frequency: {
        interval: pollInterval(0),
        backoff: true,
        max: MAX_POLL_INTERVAL
      },
      factory: async () => {
        try {
          await tick();
        } catch (e) {
          const error = toAutopilotError(e);
          this._error = error;
          this._changed.emit();
          if (!error.retryable && error.kind !== 'unknown') {
            // Access denied, the job gone: asking again will not help.
            // `refresh()` tries once more.
            void poll.stop();
          }
          throw error;
        }
        if (!poll.isDisposed) {
          poll.frequency = {
            interval: pollInterval(this._now() - started),
            backoff: true,
            max: MAX_POLL_INTERVAL
          };
        }
      }
    });
    this._poll = poll;
    void poll.start();
  }

  private _stopPoll(): void {
    this._poll?.dispose();
    this._poll = null;
  }

  private _setPhase(phase: TuningPhase): void {
    this._phase = phase;
    this._changed.emit();
  }

  private readonly _api: ITuningStepApi;
  private readonly _now: Clock;
  private readonly _trans: TranslationBundle;
  private readonly _changed = new Signal<this, void>(this);
  private readonly _described = new Signal<this, ITuningJobDescription>(this);
  private readonly _ended = new Signal<this, ITuningJobDescription>(this);
  private readonly _rejected = new Set<string>();
  private _phase: TuningPhase = 'idle';
  private _lineage: ITuningLineage | null = null;
  private _pickedName: string | null = null;
  private _job: ITuningJobDescription | null = null;
  private _error: AutopilotError | null = null;
  private _poll: Poll | null = null;
  private _pollCount = 0;
  private _disposed = false;
}
