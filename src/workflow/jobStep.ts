/**
 * The Job step as a state machine with signals and no DOM: create a job
 * without ever making two, watch it with adaptive polling, stop it, or
 * attach to a job that exists already.
 *
 * Its dependencies are injected: the AWS calls (`IJobApi`, see `jobApi.ts`
 * for the real ones) and where its state survives a page reload
 * (`IJobStateStore`, the workflow's `IStateDB` entry).
 */
import { Poll } from '@lumino/polling';
import { Signal, type ISignal } from '@lumino/signaling';

import type {
  ICreatedJob,
  ICreateJobRequest,
  IJobDescription,
  IJobSummary,
  JobStatus
} from '../aws/autopilot';
import { AutopilotError, toAutopilotError } from '../aws/errors';

/**
 * The AWS calls the step makes, as plain functions.
 */
export interface IJobApi {
  createJob(request: ICreateJobRequest): Promise<ICreatedJob>;
  describeJob(name: string): Promise<IJobDescription>;
  /** The job called `name`, compared without case as AWS does; null if none. */
  findJob(name: string): Promise<IJobDescription | null>;
  listRecentJobs(): Promise<IJobSummary[]>;
  stopJob(name: string): Promise<void>;
}

/** One stage of the timeline: a (status, secondary status) pair as seen. */
export interface ITimelineStage {
  status: JobStatus;
  secondaryStatus: string;
  /** Milliseconds since the epoch. */
  startedAt: number;
  /** When the next stage was first seen; null for the current stage. */
  endedAt: number | null;
}

/**
 * What the step persists, written before each AWS call whose outcome a
 * reload must be able to find out.
 */
export type IPersistedJob =
  | {
      phase: 'creating';
      request: ICreateJobRequest;
      /** When the first attempt was sent (ms since the epoch). */
      startedAt: number;
    }
  | {
      phase: 'attached';
      name: string;
      arn: string;
      /** True when this workflow created the job. */
      createdHere: boolean;
      timeline: ITimelineStage[];
    };

/**
 * Where the step's state survives a reload (the workflow's state).
 */
export interface IJobStateStore {
  load(): Promise<IPersistedJob | null>;
  save(state: IPersistedJob | null): Promise<void>;
}

export type JobPhase =
  /** No job yet. */
  | 'idle'
  /** A create call is under way. */
  | 'creating'
  /** The create call failed; `error` says why. `retry()` is safe. */
  | 'create-failed'
  /**
   * A reload came during a create call, and no job of that name exists (yet):
   * `retry()` is safe; `discard()` forgets it.
   */
  | 'interrupted'
  /** A job of that name exists and is not ours: attach to it, or rename. */
  | 'name-taken'
  /** Watching a running job. */
  | 'watching'
  /** The job reached Completed, Failed or Stopped. */
  | 'ended';

const TERMINAL: ReadonlySet<string> = new Set([
  'Completed',
  'Failed',
  'Stopped'
]);

/** The statuses in which `StopAutoMLJob` does something. */
const STOPPABLE: ReadonlySet<string> = new Set(['InProgress']);

/**
 * How often to describe a job, by how long it has been watched: every 5 s
 * in the first minute (the user just clicked and watches), then at most 6
 * calls a minute, slower still for long jobs. Throttling and other failures
 * back off on top of this (`Poll`'s backoff, up to `MAX_POLL_INTERVAL`).
 */
export function pollInterval(watchedMs: number): number {
  if (watchedMs < 60_000) {
    return 5_000;
  }
  if (watchedMs < 10 * 60_000) {
    return 10_000;
  }
  if (watchedMs < 30 * 60_000) {
    return 20_000;
  }
  return 30_000;
}

export const MAX_POLL_INTERVAL = 120_000;

/**
 * A clock, injected for tests.
 */
export type Clock = () => number;

export interface IJobStepOptions {
  api: IJobApi;
  store: IJobStateStore;
  now?: Clock;
  /**
   * How a job made elsewhere is told from the one this step created, when a
   * name exists on retry. Default: `isJobFromRequest`.
   */
  isOurs?: (
    job: IJobDescription,
    pending: { request: ICreateJobRequest; startedAt: number }
  ) => boolean;
}

/**
 * Whether `job` is the one `request` (sent at `startedAt`) created: same
 * output location and target, created after the first attempt was sent
 * (minus five minutes of clock skew between the browser and AWS).
 */
export function isJobFromRequest(
  job: IJobDescription,
  pending: { request: ICreateJobRequest; startedAt: number }
): boolean {
  const sameOutput =
    (job.outputUri ?? '').replace(/\/+$/, '') ===
    pending.request.outputUri.replace(/\/+$/, '');
  return (
    sameOutput &&
    job.target === pending.request.target &&
    job.creationTime >= pending.startedAt - 5 * 60_000
  );
}

/**
 * The plain status object of `autopilot:job-status`.
 */
export interface IJobStatusSummary {
  name: string;
  jobStatus: JobStatus;
  secondaryStatus: string;
  elapsedSeconds: number;
  failureReason: string | null;
}

/**
 * How a job just made from `request` at `at` looks before AWS describes it.
 */
export function newJobDescription(
  request: ICreateJobRequest,
  at: number
): IJobDescription {
  return {
    name: request.name,
    arn: '',
    apiVersion: 'v2',
    status: 'InProgress',
    secondaryStatus: 'Starting',
    creationTime: at,
    lastModifiedTime: at,
    endTime: null,
    failureReason: null,
    partialFailureReasons: [],
    candidateNotebook: null,
    explorationNotebook: null,
    target: request.target,
    problemType: request.problemType ?? null,
    metric: request.metric ?? null,
    outputUri: request.outputUri,
    roleArn: request.roleArn,
    bestCandidate: null
  };
}

export class JobStep {
  constructor(options: IJobStepOptions) {
    this._api = options.api;
    this._store = options.store;
    this._now = options.now ?? Date.now;
    this._isOurs = options.isOurs ?? isJobFromRequest;
  }

  /** Emitted on every change of phase, job, timeline or error. */
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /**
   * Emitted once when the watched job reaches Completed, Failed or Stopped
   * (for the notification with a next step).
   */
  get ended(): ISignal<this, IJobDescription> {
    return this._ended;
  }

  get phase(): JobPhase {
    return this._phase;
  }

  /** The latest description of the job, once there is one. */
  get job(): IJobDescription | null {
    return this._job;
  }

  /** The job's name: attached, being created, or taken. */
  get name(): string | null {
    return this._name;
  }

  /** True when this workflow created the job (then clean-up may remove what it made). */
  get createdHere(): boolean {
    return this._createdHere;
  }

  /** The last error: of creating, of polling (polling goes on), of stopping. */
  get error(): AutopilotError | null {
    return this._error;
  }

  get timeline(): readonly ITimelineStage[] {
    return this._timeline;
  }

  /** The recent jobs, after `loadRecentJobs()`. */
  get recentJobs(): readonly IJobSummary[] {
    return this._recentJobs;
  }

  /**
   * What the step's section header shows (the panel's `StepStatus`): the
   * step is done when the job made its candidate notebook.
   */
  get status(): 'not-started' | 'working' | 'done' | 'failed' {
    switch (this._phase) {
      case 'idle':
      case 'name-taken':
        return 'not-started';
      case 'creating':
      case 'watching':
        return 'working';
      case 'ended':
        return this._job?.status === 'Completed' && this._job.candidateNotebook
          ? 'done'
          : 'failed';
      default:
        return 'failed';
    }
  }

  get canStop(): boolean {
    return (
      this._phase === 'watching' &&
      this._job !== null &&
      STOPPABLE.has(this._job.status)
    );
  }

  /** Milliseconds each stage took, or has taken so far. */
  stageDurations(): number[] {
    const now = this._now();
    return this._timeline.map(
      stage => (stage.endedAt ?? now) - stage.startedAt
    );
  }

  /** For `autopilot:job-status`; null without a job. */
  summary(): IJobStatusSummary | null {
    if (!this._job) {
      return null;
    }
    const end = this._job.endTime ?? this._now();
    return {
      name: this._job.name,
      jobStatus: this._job.status,
      secondaryStatus: this._job.secondaryStatus,
      elapsedSeconds: Math.max(
        0,
        Math.round((end - this._job.creationTime) / 1000)
      ),
      failureReason: this._job.failureReason
    };
  }

  /**
   * Picks up after a page reload: watches the attached job again, or finds
   * out what became of a create call that was under way.
   */
  async restore(): Promise<void> {
    const saved = await this._store.load();
    if (!saved) {
      return;
    }
    if (saved.phase === 'attached') {
      this._name = saved.name;
      this._createdHere = saved.createdHere;
      this._timeline = saved.timeline;
      this._setPhase('watching');
      this._watch();
      return;
    }
    this._pending = saved;
    this._name = saved.request.name;
    await this._resolveExisting(saved, true);
  }

  /**
   * Creates the job. A second call while one is under way returns the same
   * promise; a retry after a failure or a reload first looks the name up,
   * so that a job the earlier attempt made is attached, never made twice.
   */
  create(request: ICreateJobRequest): Promise<JobPhase> {
    if (!this._creating) {
      this._creating = this._create(request).finally(() => {
        this._creating = null;
      });
    }
    return this._creating;
  }

  /** Sends the pending create again (after `create-failed` or `interrupted`). */
  retry(): Promise<JobPhase> {
    if (!this._pending) {
      return Promise.resolve(this._phase);
    }
    return this.create(this._pending.request);
  }

  /** Forgets a failed or interrupted create. */
  async discard(): Promise<void> {
    if (
      this._phase === 'creating' ||
      this._phase === 'watching' ||
      this._phase === 'ended'
    ) {
      return;
    }
    this._pending = null;
    this._name = null;
    this._error = null;
    await this._store.save(null);
    this._setPhase('idle');
  }

  /**
   * Forgets an ended job so that the user can start another (after a
   * failure or a stop). The job stays in AWS; the attach list still has it.
   */
  async forgetEnded(): Promise<void> {
    if (this._phase !== 'ended') {
      return;
    }
    this._poll?.dispose();
    this._poll = null;
    this._job = null;
    this._name = null;
    this._createdHere = false;
    this._timeline = [];
    this._error = null;
    await this._store.save(null);
    this._setPhase('idle');
  }

  /**
   * Attaches the step to an existing job (e.g. from the recent jobs), which
   * this workflow did not create.
   */
  async attach(name: string): Promise<JobPhase> {
    if (this._phase === 'creating' || this._phase === 'watching') {
      return this._phase;
    }
    let job: IJobDescription | null;
    try {
      job = await this._api.findJob(name);
    } catch (e) {
      this._error = toAutopilotError(e);
      this._changed.emit();
      return this._phase;
    }
    if (!job) {
      this._error = new AutopilotError({
        kind: 'not-found',
        message: `No AutoML job called ${name} exists in this account and region.`,
        details: { code: 'ResourceNotFound' }
      });
      this._changed.emit();
      return this._phase;
    }
    this._pending = null;
    await this._attachTo(job, false);
    return this._phase;
  }

  /** Loads the account's recent jobs (V1 and V2) for the attach list. */
  async loadRecentJobs(): Promise<readonly IJobSummary[]> {
    try {
      this._recentJobs = await this._api.listRecentJobs();
      this._error = null;
    } catch (e) {
      this._error = toAutopilotError(e);
    }
    this._changed.emit();
    return this._recentJobs;
  }

  /**
   * Stops the watched job (the view asks for confirmation first). The poll
   * then shows it going through Stopping to Stopped.
   */
  async stop(): Promise<boolean> {
    if (!this.canStop || !this._name) {
      return false;
    }
    try {
      await this._api.stopJob(this._name);
    } catch (e) {
      this._error = toAutopilotError(e);
      this._changed.emit();
      return false;
    }
    void this._poll?.refresh();
    return true;
  }

  /** Describes the job now instead of at the next tick. */
  refresh(): Promise<void> {
    return this._poll?.refresh() ?? Promise.resolve();
  }

  /** How many describe calls the poll made (for the status and tests). */
  get pollCount(): number {
    return this._pollCount;
  }

  get isDisposed(): boolean {
    return this._disposed;
  }

  dispose(): void {
    if (this._disposed) {
      return;
    }
    this._disposed = true;
    this._poll?.dispose();
    this._poll = null;
    Signal.clearData(this);
  }

  private async _create(request: ICreateJobRequest): Promise<JobPhase> {
    if (this._phase === 'watching' || this._phase === 'ended') {
      return this._phase;
    }
    const retrying =
      this._pending !== null && this._pending.request.name === request.name;
    const pending = retrying
      ? this._pending!
      : { phase: 'creating' as const, request, startedAt: this._now() };
    this._pending = pending;
    this._name = request.name;
    this._error = null;
    this._setPhase('creating');
    // Persisted before anything is sent: a reload from here on finds out
    // what became of this call instead of sending it again blindly.
    await this._store.save(pending);

    if (retrying && (await this._resolveExisting(pending, false))) {
      return this._phase;
    }
    if (this._phase !== 'creating') {
      return this._phase; // Looking the name up failed: the error is set.
    }
    try {
      await this._api.createJob(request);
    } catch (e) {
      const error = toAutopilotError(e);
      if (error.details.code === 'ResourceInUse') {
        // The name exists: made by an earlier attempt of this very call (the
        // SDK retries after a timeout), or by someone else.
        if (await this._resolveExisting(pending, false)) {
          return this._phase;
        }
      }
      this._error = error;
      this._setPhase('create-failed');
      return this._phase;
    }
    let job: IJobDescription;
    try {
      job = await this._api.describeJob(request.name);
    } catch {
      // Created, but not described yet: the poll describes it shortly.
      job = newJobDescription(request, this._now());
    }
    await this._attachTo(job, true);
    return this._phase;
  }

  /**
   * Looks up the pending create's name. Attaches when the job is ours, says
   * `name-taken` when it is not; returns true when it settled the phase.
   * When no job exists: on restore the phase becomes `interrupted`; during
   * a retry, false (the caller sends the create).
   */
  private async _resolveExisting(
    pending: { request: ICreateJobRequest; startedAt: number },
    restoring: boolean
  ): Promise<boolean> {
    let job: IJobDescription | null;
    try {
      job = await this._api.findJob(pending.request.name);
    } catch (e) {
      this._error = toAutopilotError(e);
      this._setPhase(restoring ? 'interrupted' : 'create-failed');
      return true;
    }
    if (job && this._isOurs(job, pending)) {
      await this._attachTo(job, true);
      return true;
    }
    if (job) {
      this._pending = null;
      this._name = job.name;
      this._job = null;
      await this._store.save(null);
      this._setPhase('name-taken');
      return true;
    }
    if (restoring) {
      this._setPhase('interrupted');
      return true;
    }
    return false;
  }

  private async _attachTo(
    job: IJobDescription,
    createdHere: boolean
  ): Promise<void> {
    this._pending = null;
    this._name = job.name;
    this._createdHere = createdHere;
    this._job = null;
    this._timeline = [];
    this._error = null;
    this._record(job);
    await this._persistAttached();
    if (TERMINAL.has(job.status)) {
      this._setPhase('ended');
      this._ended.emit(job);
      return;
    }
    this._setPhase('watching');
    this._watch();
  }

  private _watch(): void {
    this._poll?.dispose();
    const watchStart = this._now();
    const poll = new Poll({
      auto: false,
      name: 'autopilot:job',
      standby: 'when-hidden',
      frequency: {
        interval: pollInterval(0),
        backoff: true,
        max: MAX_POLL_INTERVAL
      },
      factory: async () => {
        this._pollCount++;
        const name = this._name!;
        let job: IJobDescription;
        try {
          job = await this._api.describeJob(name);
        } catch (e) {
          const error = toAutopilotError(e);
          this._error = error;
          this._changed.emit();
          if (!error.retryable && error.kind !== 'unknown') {
            // Access denied, the job gone, the proxy refusing: asking again
            // will not help. `refresh()` tries once more.
            void poll.stop();
          }
          throw error;
        }
        this._error = null;
        const previous = this._timeline[this._timeline.length - 1];
        // After a reload, a job that had ended already is not announced again.
        const announced =
          previous !== undefined && TERMINAL.has(previous.status);
        const changedStage = this._record(job);
        if (changedStage) {
          await this._persistAttached();
        }
        if (TERMINAL.has(job.status)) {
          this._setPhase('ended');
          void poll.stop();
          if (!announced) {
            this._ended.emit(job);
          }
        } else {
          this._changed.emit();
        }
        poll.frequency = {
          interval: pollInterval(this._now() - watchStart),
          backoff: true,
          max: MAX_POLL_INTERVAL
        };
      }
    });
    this._poll = poll;
    void poll.start();
  }

  /**
   * Takes in a description; returns true when it opened a new stage.
   */
  private _record(job: IJobDescription): boolean {
    this._job = job;
    const last = this._timeline[this._timeline.length - 1];
    if (
      last &&
      last.status === job.status &&
      last.secondaryStatus === job.secondaryStatus
    ) {
      return false;
    }
    // A stage begins when AWS last changed the job, as far as we can tell:
    // the first stage at the job's creation, later ones at the job's
    // LastModifiedTime, if it is newer than the stage before.
    const seen = this._now();
    const created = job.creationTime || seen;
    // Every job begins `Starting` at its creation; a first description that
    // is past it (a short stage, a slow first poll, an attached job) still
    // shows that stage, up to when AWS last changed the job.
    const before: ITimelineStage[] =
      last || job.secondaryStatus === 'Starting'
        ? []
        : [
            {
              status: 'InProgress',
              secondaryStatus: 'Starting',
              startedAt: created,
              endedAt: null
            }
          ];
    const previous = last ?? before[0];
    let startedAt = previous ? seen : created;
    if (
      previous &&
      job.lastModifiedTime > previous.startedAt &&
      job.lastModifiedTime <= seen
    ) {
      startedAt = job.lastModifiedTime;
    }
    if (previous) {
      previous.endedAt = startedAt;
    }
    const terminal = TERMINAL.has(job.status);
    this._timeline = [
      ...this._timeline,
      ...before,
      {
        status: job.status,
        secondaryStatus: job.secondaryStatus,
        startedAt,
        endedAt: terminal ? (job.endTime ?? startedAt) : null
      }
    ];
    return true;
  }

  private async _persistAttached(): Promise<void> {
    if (!this._name) {
      return;
    }
    await this._store.save({
      phase: 'attached',
      name: this._name,
      arn: this._job?.arn ?? '',
      createdHere: this._createdHere,
      timeline: this._timeline
    });
  }

  private _setPhase(phase: JobPhase): void {
    this._phase = phase;
    this._changed.emit();
  }

  private readonly _api: IJobApi;
  private readonly _store: IJobStateStore;
  private readonly _now: Clock;
  private readonly _isOurs: NonNullable<IJobStepOptions['isOurs']>;
  private readonly _changed = new Signal<this, void>(this);
  private readonly _ended = new Signal<this, IJobDescription>(this);
  private _phase: JobPhase = 'idle';
  private _job: IJobDescription | null = null;
  private _name: string | null = null;
  private _createdHere = false;
  private _error: AutopilotError | null = null;
  private _timeline: ITimelineStage[] = [];
  private _recentJobs: IJobSummary[] = [];
  private _pending: {
    phase: 'creating';
    request: ICreateJobRequest;
    startedAt: number;
  } | null = null;
  private _creating: Promise<JobPhase> | null = null;
  private _poll: Poll | null = null;
  private _pollCount = 0;
  private _disposed = false;
}
