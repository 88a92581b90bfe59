import type { IStateDB } from '@jupyterlab/statedb';
import type { ReadonlyPartialJSONValue } from '@lumino/coreutils';
import { ISignal, Signal } from '@lumino/signaling';
import type { IAutopilotContextModel } from '../tokens';
import { DatasetStep, IDatasetState } from './datasetStep';
import type { IAutopilotServerApi, ITask } from './serverApi';
import { ServerApiError } from './serverApi';
import type { StepStatus } from './stepStatus';
import { WORKFLOW_STATE_KEY } from './stateKey';
import { newWorkflowId, WORKFLOW_ID_PATTERN } from './tags';

/** The steps of a workflow, in order. */
export const STEP_IDS = [
  'dataset',
  'job',
  'notebooks',
  'tuning',
  'deployment',
  'cleanup'
] as const;
export type StepId = (typeof STEP_IDS)[number];

/** The steps every workflow has; later ones join with `addStep()`. */
export const AVAILABLE_STEPS: readonly StepId[] = ['dataset'];

/**
 * A later step's model as the workflow sees it: its status, and a signal
 * when it changes. The job and notebooks steps join this way, so that the
 * workflow does not import them (nor their SDK-loading code).
 */
export interface IStepModel {
  readonly status: StepStatus;
  readonly changed: ISignal<unknown, void>;
}

/** The saved state of a workflow. */
export interface IWorkflowState {
  version: 1;
  id: string | null;
  dataset: IDatasetState;
}

/**
 * The Autopilot workflow: its id, made when the user starts, which every
 * resource it creates carries as a tag; its steps; and its state, kept in
 * `IStateDB` so that it survives a page reload.
 */
export interface IWorkflowModel {
  /** null until the user starts (chooses a dataset). */
  readonly id: string | null;
  readonly dataset: DatasetStep;
  /** Emitted when the id or any step changes. */
  readonly changed: ISignal<IWorkflowModel, void>;
  /** Resolves once the saved state is read and running tasks are found again. */
  readonly restored: Promise<void>;
  /** The status of each step. */
  status(step: StepId): StepStatus;
  /** The first step that needs the user: the panel opens on it. */
  currentStep(): StepId;
  /** Forgets this workflow (not what it created) and starts afresh. */
  startNew(): void;
}

export interface IWorkflowOptions {
  api: IAutopilotServerApi;
  context: IAutopilotContextModel;
  state?: IStateDB | null;
}

export class WorkflowModel implements IWorkflowModel {
  constructor(options: IWorkflowOptions) {
    this._api = options.api;
    this._context = options.context;
    this._db = options.state ?? null;
    this._dataset = this._makeDataset();
    this.restored = this._restore();
  }

  readonly restored: Promise<void>;

  get id(): string | null {
    return this._id;
  }

  get dataset(): DatasetStep {
    return this._dataset;
  }

  get changed(): ISignal<this, void> {
    return this._changed;
  }

  status(step: StepId): StepStatus {
    if (step === 'dataset') {
      return this._dataset.status;
    }
    // A step not added yet has not started.
    return this._steps.get(step)?.status ?? 'not-started';
  }

  /**
   * Adds a later step (the job, the notebooks); the panel follows its status.
   * A step added with `opens: false` (deployment, clean-up: the user comes to
   * them, after work done in a notebook) shows its status but never takes the
   * panel from the step that needs the user.
   */
  addStep(
    id: StepId,
    step: IStepModel,
    options: { opens?: boolean } = {}
  ): void {
    this._steps.set(id, step);
    if (options.opens === false) {
      this._quiet.add(id);
    }
    step.changed.connect(this._emit, this);
    this._changed.emit();
  }

  currentStep(): StepId {
    // A step not available yet cannot need the user: once the available
    // ones are done, the last of them stays open to show what it made.
    const available = STEP_IDS.filter(
      step =>
        (AVAILABLE_STEPS.includes(step) || this._steps.has(step)) &&
        !this._quiet.has(step)
    );
    const open = available.find(step => this.status(step) !== 'done');
    return open ?? available[available.length - 1];
  }

  startNew(): void {
    this._id = null;
    this._dataset.clear();
  }

  private _makeDataset(state?: IDatasetState): DatasetStep {
    const step = new DatasetStep(
      {
        api: this._api,
        ensureId: () => this._ensureId(),
        defaultBucket: async () =>
          (await this._context.ensure())?.defaultBucket ?? null,
        stateChanged: () => this._save()
      },
      state
    );
    step.changed.connect(this._emit, this);
    return step;
  }

  private _ensureId(): string {
    if (!this._id) {
      this._id = newWorkflowId();
      this._save();
      this._changed.emit();
    }
    return this._id;
  }

  private _save(): void {
    if (!this._db || !this._ready) {
      return;
    }
    const state: IWorkflowState = {
      version: 1,
      id: this._id,
      dataset: this._dataset.state
    };
    // Saves are queued so that an older state never lands after a newer one.
    this._saving = this._saving
      .then(() =>
        this._db!.save(
          WORKFLOW_STATE_KEY,
          state as unknown as ReadonlyPartialJSONValue
        )
      )
      .catch(reason =>
        console.error('jupyterlab-autopilot: cannot save the workflow', reason)
      );
  }

  private async _restore(): Promise<void> {
    try {
      const saved = (await this._db?.fetch(WORKFLOW_STATE_KEY)) as
        IWorkflowState | undefined;
      if (saved && saved.version === 1 && isWorkflowId(saved.id)) {
        this._id = saved.id;
        this._dataset.changed.disconnect(this._emit, this);
        this._dataset = this._makeDataset(saved.dataset);
      }
    } catch (reason) {
      console.error('jupyterlab-autopilot: cannot read the workflow', reason);
    }
    this._ready = true;
    this._changed.emit();
    if (this._id) {
      await this._findTask(this._dataset.state.runningTask?.id ?? null);
    }
  }

  /**
   * A reload during a server task: the server still runs it, or ran it to
   * its end. Either way the step shows it.
   */
  private async _findTask(savedTaskId: string | null): Promise<void> {
    let tasks: ITask[];
    try {
      tasks = await this._api.listTasks(this._id!);
    } catch (reason) {
      console.error('jupyterlab-autopilot: cannot list tasks', reason);
      return;
    }
    // Newest first: the running one; else the newest, when it ended while
    // the page reloaded (the state database saves a moment late, so the
    // task saved as running may be an older one, cancelled since); else the
    // one saved as running.
    const newest = tasks[0];
    let task =
      tasks.find(t => t.state === 'running') ??
      (newest && (newest.id === savedTaskId || this._dataset.isNewer(newest))
        ? newest
        : tasks.find(t => t.id === savedTaskId));
    if (!task && savedTaskId) {
      // A profile belongs to no workflow yet: ask for it by its id.
      task = await this._api.getTask(savedTaskId).catch(reason => {
        if (reason instanceof ServerApiError && reason.status === 404) {
          // Saved as running, unknown to the server: it restarted meanwhile.
          return lostTask(savedTaskId, this._dataset.state);
        }
        console.error('jupyterlab-autopilot: cannot read a task', reason);
        return undefined;
      });
    }
    if (task) {
      void this._dataset.resume(task);
    }
  }

  private _emit(): void {
    this._changed.emit();
  }

  private readonly _api: IAutopilotServerApi;
  private readonly _context: IAutopilotContextModel;
  private readonly _db: IStateDB | null;
  private _dataset: DatasetStep;
  private readonly _steps = new Map<StepId, IStepModel>();
  private readonly _quiet = new Set<StepId>();
  private _id: string | null = null;
  private _ready = false;
  private _saving: Promise<unknown> = Promise.resolve();
  private _changed = new Signal<this, void>(this);
}

function isWorkflowId(id: unknown): id is string {
  return typeof id === 'string' && WORKFLOW_ID_PATTERN.test(id);
}

/** A task the server no longer knows, reported as failed with `task-lost`. */
function lostTask(id: string, state: IDatasetState): ITask {
  return {
    id,
    kind: state.runningTask?.kind ?? 'profile',
    workflowId: null,
    state: 'failed',
    createdAt: '',
    endedAt: null,
    params: {},
    progress: { done: 0, total: null, unit: 'bytes', phase: '' },
    result: null,
    error: {
      code: 'task-lost',
      message:
        'The Jupyter server no longer knows this task: it was probably restarted.'
    }
  };
}
