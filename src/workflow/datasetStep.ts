import { ISignal, Signal } from '@lumino/signaling';
import type {
  IAutopilotServerApi,
  IProfileResult,
  ISplitParams,
  ISplitResult,
  ITask,
  ITaskProgress,
  IUploadResult
} from './serverApi';
import { ServerApiError } from './serverApi';
import { IStepError, refusal, StepError, StepStatus } from './stepStatus';
import { followTask } from './taskRunner';

/** What the dataset step does now. */
export type DatasetPhase =
  'idle' | 'profiling' | 'splitting' | 'checking-bucket' | 'uploading';

/** The split's choices; the defaults are Autopilot's workshop's. */
export interface ISplitChoices {
  target: string;
  validationFraction?: number;
  seed?: number;
  stratify?: boolean;
}

export const SPLIT_DEFAULTS = {
  validationFraction: 0.2,
  seed: 42,
  stratify: false
};

export interface IUploadChoices {
  bucket?: string;
  prefix?: string;
  overwrite?: boolean;
}

/**
 * Asks the user before the step does something they must agree to. The
 * panel answers with dialogs; a script can answer itself.
 */
export interface IDatasetConsent {
  /** May the missing bucket be created? */
  createBucket(bucket: string): Promise<boolean>;
  /** May these existing objects be replaced? */
  overwrite(keys: string[]): Promise<boolean>;
}

/** How a server task of the step ended. */
export interface ITaskEnd {
  kind: ITask['kind'];
  task: ITask | null;
  /** The failure or cancellation; null when the task succeeded. */
  error: IStepError | null;
}

/** The upload's result with where it went. */
export interface IUploadedData extends IUploadResult {
  bucket: string;
  prefix: string;
}

/** The step's part of the workflow's saved state. */
export interface IDatasetState {
  path: string | null;
  profile: IProfileResult | null;
  split: (ISplitResult & { path: string }) | null;
  upload: IUploadedData | null;
  /** The server task that was running when the state was saved. */
  runningTask: { id: string; kind: ITask['kind'] } | null;
  /** The last task whose end the state holds. */
  lastTaskId: string | null;
}

/** What the step needs of the workflow that owns it. */
export interface IDatasetHost {
  readonly api: IAutopilotServerApi;
  /** The workflow id, made on first call: the user starts the workflow. */
  ensureId(): string;
  /** The default bucket, `sagemaker-<region>-<account>`, when known. */
  defaultBucket(): Promise<string | null>;
  /** The step's state changed: save it. */
  stateChanged(): void;
}

/**
 * Step 1: a CSV of the workspace becomes train and validation data in S3.
 * The server profiles, splits and uploads (the browser never carries the
 * data); this model starts those tasks, follows them, and keeps what they
 * found. No DOM: the panel renders it, the commands drive it.
 */
export class DatasetStep {
  constructor(
    private readonly _host: IDatasetHost,
    state?: Partial<IDatasetState>
  ) {
    this._state = { ...EMPTY, ...state };
  }

  /** Emitted on every change of phase, data or error. */
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /** Emitted when a server task of the step ends, whichever way. */
  get ended(): ISignal<this, ITaskEnd> {
    return this._ended;
  }

  get state(): Readonly<IDatasetState> {
    return this._state;
  }

  get phase(): DatasetPhase {
    return this._phase;
  }

  /** The running task's last progress report. */
  get progress(): ITaskProgress | null {
    return this._progress;
  }

  /** The last failure (not refusals: those change nothing). */
  get error(): IStepError | null {
    return this._error;
  }

  get status(): StepStatus {
    if (this._phase !== 'idle') {
      return 'working';
    }
    if (this._error && this._error.outcome === 'failed') {
      return 'failed';
    }
    if (this._state.upload) {
      return 'done';
    }
    return this._state.profile ? 'working' : 'not-started';
  }

  /** The default S3 prefix: the workflow and the dataset's name. */
  defaultPrefix(): string | null {
    const path = this._state.split?.path ?? this._state.path;
    if (!path) {
      return null;
    }
    return `autopilot/${datasetSlug(path)}-${this._host.ensureId()}`;
  }

  /** Profiles `path`; a new dataset replaces the split and upload of the old. */
  async use(path: string): Promise<IProfileResult> {
    this._refuseWhenBusy();
    const clean = path.replace(/^\/+/, '');
    if (!clean) {
      throw refusal('no-path', 'No file was given.');
    }
    // Carried by the task, so a reloaded page finds it by the workflow.
    const workflowId = this._host.ensureId();
    await this._run('profiling', 'profile', { path: clean, workflowId });
    return this._state.profile!;
  }

  /** Plans the profiled dataset's split on the server (the upload makes the parts). */
  async split(choices: ISplitChoices): Promise<ISplitResult> {
    this._refuseWhenBusy();
    const { path, profile } = this._state;
    if (!path || !profile) {
      throw refusal('no-dataset', 'Choose a dataset first.');
    }
    if (!profile.header.includes(choices.target)) {
      throw refusal(
        'target-not-found',
        `The dataset has no column "${choices.target}".`,
        { target: choices.target }
      );
    }
    const fraction =
      choices.validationFraction ?? SPLIT_DEFAULTS.validationFraction;
    if (!(fraction > 0 && fraction < 1)) {
      throw refusal(
        'fraction-out-of-range',
        'The validation fraction must be between 0 and 1.'
      );
    }
    const seed = choices.seed ?? SPLIT_DEFAULTS.seed;
    if (!Number.isInteger(seed) || seed < 0) {
      throw refusal(
        'seed-invalid',
        'The seed must be a whole number, 0 or more.'
      );
    }
    const params: ISplitParams = {
      path,
      target: choices.target,
      validationFraction: fraction,
      seed,
      stratify: choices.stratify ?? SPLIT_DEFAULTS.stratify,
      workflowId: this._host.ensureId()
    };
    await this._run('splitting', 'split', { ...params });
    return this._state.split!;
  }

  /**
   * Uploads the split. A missing bucket is created only with consent; an
   * existing object is replaced only with consent (or `overwrite`).
   */
  async upload(
    choices: IUploadChoices,
    consent: IDatasetConsent
  ): Promise<IUploadedData> {
    this._refuseWhenBusy();
    if (!this._state.split) {
      throw refusal('not-split', 'Split the dataset first.');
    }
    const bucket = choices.bucket?.trim() || (await this._host.defaultBucket());
    if (!bucket) {
      throw refusal(
        'no-bucket',
        'No bucket was given and the server knows no default bucket.'
      );
    }
    const prefix = (choices.prefix ?? this.defaultPrefix() ?? '')
      .trim()
      .replace(/^\/+|\/+$/g, '');
    if (!prefix) {
      throw refusal('no-prefix', 'The S3 prefix is empty.');
    }
    await this._ensureBucket(bucket, consent);
    let overwrite = choices.overwrite ?? false;
    for (;;) {
      try {
        await this._run('uploading', 'upload', {
          workflowId: this._host.ensureId(),
          bucket,
          prefix,
          overwrite
        });
        return this._state.upload!;
      } catch (reason) {
        const exists =
          reason instanceof StepError && reason.code === 'object-exists';
        if (!exists || overwrite) {
          throw reason;
        }
        if (!(await consent.overwrite(reason.error.keys ?? []))) {
          // The user kept the objects: nothing changed, and nothing failed.
          this._setError(null);
          throw refusal(
            'not-overwritten',
            'The objects exist already and were kept.',
            { keys: reason.error.keys }
          );
        }
        overwrite = true;
      }
    }
  }

  /** Asks the server to cancel the running task; its promise ends `cancelled`. */
  cancel(): void {
    this._abort?.abort();
  }

  /**
   * After a page reload: follows the task that was running, or takes its
   * result if it ended meanwhile.
   */
  async resume(task: ITask): Promise<void> {
    if (this._phase !== 'idle') {
      return;
    }
    const phase = PHASE_OF_KIND[task.kind];
    try {
      await this._follow(phase, () => Promise.resolve(task));
    } catch {
      // The failure is in `error`, shown by the panel.
    }
  }

  /**
   * Whether an ended task of this workflow belongs to the current state and
   * is not in it yet: the state database saves a moment late, so a reload
   * just after a task started may have lost its start.
   */
  isNewer(task: ITask): boolean {
    const state = this._state;
    if (task.id === state.lastTaskId) {
      return false;
    }
    switch (task.kind) {
      case 'split':
        return task.params.path === state.path && !!state.profile;
      case 'upload':
        return !!state.split;
      default:
        return false;
    }
  }

  /** Resets the step: a new workflow starts from here. */
  clear(): void {
    this._state = { ...EMPTY };
    this._error = null;
    this._progress = null;
    this._host.stateChanged();
    this._changed.emit();
  }

  /** A succeeded task's result, into the state. */
  private _apply(task: ITask): void {
    const params = task.params;
    switch (task.kind) {
      case 'profile': {
        this._update({
          path: String(params.path),
          profile: task.result as IProfileResult,
          split: null,
          upload: null
        });
        break;
      }
      case 'split':
        this._update({
          split: {
            ...(task.result as ISplitResult),
            path: String(params.path)
          },
          upload: null
        });
        break;
      case 'upload':
        this._update({
          upload: {
            ...(task.result as IUploadResult),
            bucket: String(params.bucket),
            prefix: String(params.prefix)
          }
        });
        break;
    }
  }

  private async _ensureBucket(
    bucket: string,
    consent: IDatasetConsent
  ): Promise<void> {
    this._setPhase('checking-bucket');
    try {
      const state = await this._host.api.getBucket(bucket);
      if (state.exists !== false) {
        // Unknown (access denied to the check) is left to the upload to tell.
        return;
      }
      if (!(await consent.createBucket(bucket))) {
        throw refusal(
          'bucket-not-created',
          `The bucket ${bucket} does not exist, and was not created.`,
          { bucket }
        );
      }
      await this._host.api
        .createBucket(bucket, this._host.ensureId())
        .catch(reason => {
          // Made meanwhile (another tab): fine when it is the user's own.
          const ours =
            reason instanceof ServerApiError &&
            reason.code === 'bucket-exists' &&
            reason.body.ownedByYou === true;
          if (!ours) {
            throw reason;
          }
        });
    } catch (reason) {
      throw this._fail(reason);
    } finally {
      this._setPhase('idle');
    }
  }

  private _run(
    phase: DatasetPhase,
    kind: ITask['kind'],
    params: Record<string, unknown>
  ): Promise<ITask> {
    return this._follow(phase, () => this._host.api.startTask(kind, params));
  }

  /** Runs a task in `phase`; resolves when it succeeded, throws a StepError otherwise. */
  private async _follow(
    phase: DatasetPhase,
    start: () => Promise<ITask>
  ): Promise<ITask> {
    const abort = new AbortController();
    this._abort = abort;
    this._progress = null;
    this._setPhase(phase);
    const kind = KIND_OF_PHASE[phase]!;
    let ended: ITask | null = null;
    try {
      const started = await start();
      this._update({ runningTask: { id: started.id, kind: started.kind } });
      const task = await followTask(this._host.api, started, {
        signal: abort.signal,
        onProgress: progress => {
          this._progress = progress;
          this._changed.emit();
        }
      });
      ended = task;
      if (task.state === 'succeeded') {
        this._error = null;
        // Into the state before anyone hears of the end.
        this._apply(task);
        this._ended.emit({ kind, task, error: null });
        return task;
      }
      if (task.state === 'cancelled') {
        throw new StepError({
          code: 'cancelled',
          message: 'Cancelled.',
          outcome: 'cancelled'
        });
      }
      throw new StepError({
        code: 'task-failed',
        message: 'The task failed.',
        ...(task.error ?? {}),
        outcome: 'failed'
      });
    } catch (reason) {
      const error = this._fail(reason);
      // A refusal (the server refused the params) is the caller's to tell.
      if (error.error.outcome !== 'refused') {
        this._ended.emit({ kind, task: ended, error: error.error });
      }
      throw error;
    } finally {
      this._abort = null;
      this._progress = null;
      this._state = {
        ...this._state,
        runningTask: null,
        lastTaskId: ended?.id ?? this._state.lastTaskId
      };
      this._host.stateChanged();
      this._setPhase('idle');
    }
  }

  /** Records a failure (not a refusal or a cancel) and returns it as a StepError. */
  private _fail(reason: unknown): StepError {
    let error: StepError;
    if (reason instanceof StepError) {
      error = reason;
    } else if (reason instanceof ServerApiError) {
      // A 400 or 409 is the server refusing before it did anything.
      const refused = reason.status === 400 || reason.status === 409;
      error = new StepError({
        ...reason.body,
        outcome: refused ? 'refused' : 'failed'
      });
    } else {
      error = new StepError({
        code: 'unknown',
        message: String((reason as Error)?.message ?? reason),
        outcome: 'failed'
      });
    }
    if (NOTHING_DONE.has(error.code) && error.error.outcome === 'failed') {
      error = new StepError({ ...error.error, outcome: 'refused' });
    }
    if (error.error.outcome === 'failed') {
      this._setError(error.error);
    } else if (error.error.outcome === 'cancelled') {
      this._setError(null);
    }
    return error;
  }

  private _refuseWhenBusy(): void {
    if (this._phase !== 'idle') {
      throw refusal('busy', 'The dataset step is already working.', {
        phase: this._phase
      });
    }
  }

  private _update(patch: Partial<IDatasetState>): void {
    this._state = { ...this._state, ...patch };
    this._host.stateChanged();
    this._changed.emit();
  }

  private _setPhase(phase: DatasetPhase): void {
    this._phase = phase;
    this._changed.emit();
  }

  private _setError(error: IStepError | null): void {
    this._error = error;
    this._changed.emit();
  }

  private _state: IDatasetState;
  private _phase: DatasetPhase = 'idle';
  private _progress: ITaskProgress | null = null;
  private _error: IStepError | null = null;
  private _abort: AbortController | null = null;
  private _changed = new Signal<this, void>(this);
  private _ended = new Signal<this, ITaskEnd>(this);
}

const EMPTY: IDatasetState = {
  path: null,
  profile: null,
  split: null,
  upload: null,
  runningTask: null,
  lastTaskId: null
};

/** Codes by which a task says it did nothing: the user decides what next. */
const NOTHING_DONE = new Set(['object-exists', 'bucket-missing']);

const PHASE_OF_KIND: Record<ITask['kind'], DatasetPhase> = {
  profile: 'profiling',
  split: 'splitting',
  upload: 'uploading'
};

const KIND_OF_PHASE: Partial<Record<DatasetPhase, ITask['kind']>> = {
  profiling: 'profile',
  splitting: 'split',
  uploading: 'upload'
};

/** `data/Churn Data.txt` → `churn-data`: the file's stem, safe in S3 keys. */
export function datasetSlug(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1).replace(/\.[^.]*$/, '');
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'dataset'
  );
}
