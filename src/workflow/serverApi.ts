/**
 * The dataset step's REST contract with the server extension (see
 * `jupyterlab_autopilot/openapi.yaml`), and the one module that sends its
 * requests. Models take an `IAutopilotServerApi`, so jest fakes it.
 */
import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';
import type { ProblemType } from '../aws/autopilot';

export type TaskKind = 'profile' | 'split' | 'upload';
export type TaskState = 'running' | 'succeeded' | 'failed' | 'cancelled';

/** An error of the server's `{"error": {code, message, ...}}` shape. */
export interface IServerErrorBody {
  code: string;
  message: string;
  /** The 1-based line of the file where it applies. */
  line?: number;
  /** `object-exists`: the S3 URIs that exist already. */
  keys?: string[];
  /** `bucket-missing`: the bucket. */
  bucket?: string;
  [extra: string]: unknown;
}

export interface ITaskProgress {
  done: number;
  total: number | null;
  unit: 'bytes' | 'rows';
  phase: string;
}

export interface ITask<R = unknown> {
  id: string;
  kind: TaskKind;
  workflowId: string | null;
  state: TaskState;
  createdAt: string;
  endedAt: string | null;
  params: Record<string, unknown>;
  progress: ITaskProgress;
  result: R | null;
  error: IServerErrorBody | null;
}

export type ColumnType = 'numeric' | 'categorical' | 'text' | 'datetime';
// One home for the problem types: Autopilot's own (a type import: no SDK).
export type { ProblemType };

export interface IColumnProfile {
  name: string;
  type: ColumnType;
  missing: number;
  distinct: number;
  /** Up to 20 most frequent values with their counts. */
  topValues?: [string, number][];
  /** More than 10,000 distinct values: `distinct` is an estimate. */
  distinctEstimated?: boolean;
  min?: number;
  max?: number;
  mean?: number;
}

export interface ISuggestedTarget {
  name: string;
  problemType: ProblemType;
  reason: string;
}

export interface IWarning {
  code: string;
  message: string;
  line?: number;
}

export interface IProfileResult {
  path: string;
  bytes: number;
  rows: number;
  header: string[];
  columns: IColumnProfile[];
  suggestedTargets: ISuggestedTarget[];
  warnings: IWarning[];
  /** Large files: the rows the column statistics come from (null: all). */
  sampledRows?: number | null;
}

export interface ISplitParams {
  path: string;
  target: string;
  validationFraction: number;
  seed: number;
  stratify: boolean;
  workflowId: string;
}

export interface ISplitResult {
  /** Rows each part gets; the upload makes the parts from the dataset. */
  train: { rows: number };
  validation: { rows: number };
  target: string;
  seed: number;
  validationFraction: number;
  stratify: boolean;
}

export interface IUploadParams {
  workflowId: string;
  bucket: string;
  prefix: string;
  overwrite: boolean;
}

export interface IUploadResult {
  train: string;
  validation: string;
  bytes: number;
  trainBytes: number;
  validationBytes: number;
  tags: Record<string, string>;
}

export interface IBucketState {
  bucket: string;
  /** null when AWS denied the check. */
  exists: boolean | null;
  region: string | null;
  accessDenied?: string;
}

/** What the models ask of the server. */
export interface IAutopilotServerApi {
  startTask(kind: TaskKind, params: Record<string, unknown>): Promise<ITask>;
  getTask(id: string): Promise<ITask>;
  listTasks(workflowId?: string): Promise<ITask[]>;
  cancelTask(id: string): Promise<ITask>;
  getBucket(bucket: string): Promise<IBucketState>;
  /** Creates a bucket, tagged with the workflow that asked for it. */
  createBucket(
    bucket: string,
    workflowId: string
  ): Promise<{ bucket: string; region: string }>;
}

/** A row of the staged validation file, the target left out (`GET datasets/row`). */
export interface IDatasetRow {
  index: number;
  header: string[];
  values: string[];
  /** The row as one CSV line, as an endpoint reads it. */
  csv: string;
  target: string | null;
}

/** The server's side of the Deployment and Clean-up steps. */
export interface IDeploymentServerApi {
  getRow(workflowId: string, index: number): Promise<IDatasetRow>;
  /** The S3 objects under a folder (with the server's identity). */
  summarizeS3(
    bucket: string,
    prefix: string
  ): Promise<{ count: number; totalBytes: number }>;
  /** Deletes under a folder the server confirms is the workflow's. */
  deleteS3(request: {
    bucket: string;
    prefix: string;
    workflowId: string;
    automlJobName: string | null;
  }): Promise<{ deleted: number; remaining: number }>;
}

/**
 * A failed request: the server's error, or a transport failure
 * (`code` `network`, or `http-<status>` when the body had no error).
 */
export class ServerApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: IServerErrorBody
  ) {
    super(body.message);
    this.name = 'ServerApiError';
  }

  get code(): string {
    return this.body.code;
  }
}

/** The real request layer, over `ServerConnection.makeRequest`. */
export class AutopilotServerApi
  implements IAutopilotServerApi, IDeploymentServerApi
{
  constructor(
    private readonly _settings: ServerConnection.ISettings = ServerConnection.makeSettings()
  ) {}

  startTask(kind: TaskKind, params: Record<string, unknown>): Promise<ITask> {
    return this._request('tasks', 'POST', { kind, params });
  }

  getTask(id: string): Promise<ITask> {
    return this._request(`tasks/${encodeURIComponent(id)}`);
  }

  async listTasks(workflowId?: string): Promise<ITask[]> {
    const query = workflowId
      ? `?workflowId=${encodeURIComponent(workflowId)}`
      : '';
    const answer = await this._request<{ tasks: ITask[] }>(`tasks${query}`);
    return answer.tasks;
  }

  cancelTask(id: string): Promise<ITask> {
    return this._request(`tasks/${encodeURIComponent(id)}`, 'DELETE');
  }

  getBucket(bucket: string): Promise<IBucketState> {
    return this._request(`buckets/${encodeURIComponent(bucket)}`);
  }

  createBucket(
    bucket: string,
    workflowId: string
  ): Promise<{ bucket: string; region: string }> {
    return this._request('buckets', 'POST', { bucket, workflowId });
  }

  getRow(workflowId: string, index: number): Promise<IDatasetRow> {
    const query = new URLSearchParams({ workflowId, index: String(index) });
    return this._request(`datasets/row?${query}`);
  }

  summarizeS3(
    bucket: string,
    prefix: string
  ): Promise<{ count: number; totalBytes: number }> {
    return this._request(
      `cleanup/s3?${new URLSearchParams({ bucket, prefix })}`
    );
  }

  deleteS3(request: {
    bucket: string;
    prefix: string;
    workflowId: string;
    automlJobName: string | null;
  }): Promise<{ deleted: number; remaining: number }> {
    const { automlJobName, ...rest } = request;
    return this._request('cleanup/s3', 'POST', {
      ...rest,
      ...(automlJobName ? { automlJobName } : {})
    });
  }

  private async _request<T>(
    route: string,
    method = 'GET',
    body?: unknown
  ): Promise<T> {
    const url = URLExt.join(this._settings.baseUrl, 'autopilot', route);
    let response: Response;
    try {
      response = await ServerConnection.makeRequest(
        url,
        {
          method,
          body: body === undefined ? undefined : JSON.stringify(body),
          headers:
            body === undefined ? {} : { 'Content-Type': 'application/json' },
          cache: 'no-store'
        },
        this._settings
      );
    } catch (reason) {
      throw new ServerApiError(0, {
        code: 'network',
        message: String((reason as Error)?.message ?? reason)
      });
    }
    const text = await response.text();
    let data: any = undefined;
    try {
      data = text ? JSON.parse(text) : undefined;
    } catch {
      // Not JSON: reported below with the status.
    }
    if (!response.ok) {
      const error = data?.error;
      throw new ServerApiError(
        response.status,
        error && typeof error.code === 'string'
          ? error
          : {
              code:
                response.status === 404
                  ? 'not-found'
                  : `http-${response.status}`,
              message:
                data?.message ?? (text.slice(0, 200) || response.statusText)
            }
      );
    }
    return data as T;
  }
}
