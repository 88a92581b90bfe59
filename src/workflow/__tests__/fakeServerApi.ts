/**
 * A fake of the request layer only: canned tasks per kind, advanced by the
 * test. The models under test are the real ones.
 */
import type {
  IAutopilotServerApi,
  IBucketState,
  IServerErrorBody,
  ITask,
  TaskKind
} from '../serverApi';
import { ServerApiError } from '../serverApi';

/** How a task of one kind goes: progress steps, then an end. */
export interface ITaskScript {
  /** Progress reports, one per poll, before the end. */
  steps?: { done: number; total: number | null }[];
  result?: unknown;
  error?: IServerErrorBody;
  /** Rejects the POST itself, as the server does for bad params. */
  reject?: { status: number; body: IServerErrorBody };
}

export class FakeServerApi implements IAutopilotServerApi {
  scripts: Partial<Record<TaskKind, ITaskScript | ITaskScript[]>> = {};
  buckets = new Map<string, boolean>();
  tasks = new Map<string, ITask>();
  calls: string[] = [];

  async startTask(
    kind: TaskKind,
    params: Record<string, unknown>
  ): Promise<ITask> {
    this.calls.push(`POST tasks ${kind} ${JSON.stringify(params)}`);
    const script = this._next(kind);
    if (script.reject) {
      throw new ServerApiError(script.reject.status, script.reject.body);
    }
    const task: ITask = {
      id: `t${this.tasks.size + 1}`,
      kind,
      workflowId: (params.workflowId as string) ?? null,
      state: 'running',
      createdAt: new Date(0).toISOString(),
      endedAt: null,
      params,
      progress: { done: 0, total: null, unit: 'bytes', phase: kind },
      result: null,
      error: null
    };
    this.tasks.set(task.id, task);
    this._remaining.set(task.id, [...(script.steps ?? [])]);
    this._ends.set(task.id, script);
    return { ...task };
  }

  async getTask(id: string): Promise<ITask> {
    this.calls.push(`GET tasks/${id}`);
    const task = this._task(id);
    if (task.state === 'running') {
      const steps = this._remaining.get(id)!;
      const step = steps.shift();
      if (step) {
        task.progress = { ...task.progress, ...step };
      } else {
        const end = this._ends.get(id)!;
        task.state = end.error ? 'failed' : 'succeeded';
        task.result = end.error ? null : (end.result ?? {});
        task.error = end.error ?? null;
        task.endedAt = new Date(1).toISOString();
      }
    }
    return { ...task };
  }

  async listTasks(workflowId?: string): Promise<ITask[]> {
    this.calls.push(`GET tasks?workflowId=${workflowId}`);
    return [...this.tasks.values()]
      .filter(t => !workflowId || t.workflowId === workflowId)
      .reverse()
      .map(t => ({ ...t }));
  }

  async cancelTask(id: string): Promise<ITask> {
    this.calls.push(`DELETE tasks/${id}`);
    const task = this._task(id);
    if (task.state === 'running') {
      task.state = 'cancelled';
      task.endedAt = new Date(1).toISOString();
    }
    return { ...task };
  }

  async getBucket(bucket: string): Promise<IBucketState> {
    this.calls.push(`GET buckets/${bucket}`);
    return {
      bucket,
      exists: this.buckets.get(bucket) ?? false,
      region: 'us-east-1'
    };
  }

  async createBucket(
    bucket: string,
    workflowId: string
  ): Promise<{ bucket: string; region: string }> {
    this.calls.push(`POST buckets ${bucket} ${workflowId}`);
    if (this.buckets.get(bucket)) {
      throw new ServerApiError(409, {
        code: 'bucket-exists',
        message: 'exists'
      });
    }
    this.buckets.set(bucket, true);
    return { bucket, region: 'us-east-1' };
  }

  private _next(kind: TaskKind): ITaskScript {
    const script = this.scripts[kind];
    if (Array.isArray(script)) {
      return script.length > 1 ? script.shift()! : script[0];
    }
    if (!script) {
      throw new Error(`no script for ${kind}`);
    }
    return script;
  }

  private _task(id: string): ITask {
    const task = this.tasks.get(id);
    if (!task) {
      throw new ServerApiError(404, { code: 'task-not-found', message: id });
    }
    return task;
  }

  private _remaining = new Map<
    string,
    { done: number; total: number | null }[]
  >();
  private _ends = new Map<string, ITaskScript>();
}

/** churn.txt's profile, cut to three columns. */
export const CHURN_PROFILE = {
  path: 'churn.txt',
  bytes: 279997,
  rows: 3333,
  header: ['State', 'Account Length', 'Churn?'],
  columns: [
    { name: 'State', type: 'categorical', missing: 0, distinct: 51 },
    { name: 'Account Length', type: 'numeric', missing: 0, distinct: 212 },
    {
      name: 'Churn?',
      type: 'categorical',
      missing: 0,
      distinct: 2,
      topValues: [
        ['False.', 2850],
        ['True.', 483]
      ]
    }
  ],
  suggestedTargets: [
    {
      name: 'Churn?',
      problemType: 'BinaryClassification',
      reason: 'two values'
    }
  ],
  warnings: []
};

export const CHURN_SPLIT = {
  train: { rows: 2666 },
  validation: { rows: 667 },
  target: 'Churn?',
  seed: 42,
  validationFraction: 0.2,
  stratify: false
};

export function uploadResult(bucket: string, prefix: string) {
  return {
    train: `s3://${bucket}/${prefix}/train/churn-train.csv`,
    validation: `s3://${bucket}/${prefix}/validation/churn-validation.csv`,
    bytes: 280000,
    trainBytes: 224000,
    validationBytes: 56000,
    tags: { 'jupyterlab-autopilot:workflow': 'x' }
  };
}
