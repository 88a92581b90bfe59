/**
 * The Deployment step: the endpoints the workflow deployed (found by
 * `workflowResources.ts`), their status, size and estimated hourly cost,
 * watched with `@lumino/polling` while one is changing; and a test request
 * of one CSV row to an `InService` endpoint.
 */
import type { TranslationBundle } from '@jupyterlab/translation';
import { Poll } from '@lumino/polling';
import { Signal, type ISignal } from '@lumino/signaling';

import type { IDeploymentCalls } from '../aws/deployment';
import { toAutopilotError, type AutopilotError } from '../aws/errors';
import { endpointHourlyUsd } from './cleanupPlan';
import type { IWorkflowIdentity } from './lineage';
import type { HourlyEstimate } from './prices';
import type { StepStatus } from './stepStatus';
import {
  findWorkflowDeployment,
  type IWorkflowEndpoint
} from './workflowResources';

export interface IDeployedEndpoint {
  name: string;
  /** `Creating`, `InService`, `Updating`, `Failed`, … as SageMaker says. */
  status: string;
  /** SageMaker's reason, for `Failed`. */
  failureReason: string | null;
  /** The config's instance type; several variants of different types join with ", ". */
  instanceType: string | null;
  /** Instances across the variants. */
  count: number;
  creationTime: number | null;
  lastModifiedTime: number | null;
  estimatedHourlyUsd: HourlyEstimate;
}

/** `autopilot:list-endpoints`'s answer. */
export interface IListEndpointsResult {
  status: 'listed';
  endpoints: Array<
    Pick<
      IDeployedEndpoint,
      'name' | 'status' | 'instanceType' | 'count' | 'estimatedHourlyUsd'
    >
  >;
}

/** `autopilot:test-endpoint`'s answer. */
export interface ITestEndpointResult {
  status: 'predicted';
  prediction: string;
  latencyMs: number;
}

/** The last test request, with what the view shows beside the prediction. */
export interface ILastTest extends ITestEndpointResult {
  endpoint: string;
  httpStatus: number;
  contentType: string | null;
}

/** Why a test request could not give a prediction; `message` is translated. */
export class EndpointTestError extends Error {
  constructor(
    readonly reason:
      'not-workflow' | 'not-in-service' | 'bad-row' | 'format' | 'empty',
    message: string
  ) {
    super(message);
    this.name = 'EndpointTestError';
  }
}

export interface IDeployStepOptions {
  calls: IDeploymentCalls;
  workflow: () => { identity: IWorkflowIdentity; region: string };
  trans: TranslationBundle;
}

/** Statuses that change on their own: the step watches until none is left. */
const CHANGING: ReadonlySet<string> = new Set([
  'Creating',
  'Updating',
  'SystemUpdating',
  'RollingBack',
  'Deleting'
]);

/** Endpoints take minutes to create: every 15 s is prompt enough. */
export const DEPLOY_POLL_INTERVAL = 15_000;
const MAX_POLL_INTERVAL = 120_000;
/**
 * After the notebook's tuning job ends, its next cells pick the best
 * candidate and deploy it, which takes minutes: the step looks for that
 * endpoint every 30 s for this long (the section looks again when opened).
 */
export const SEEK_ENDPOINT_MS = 60 * 60_000;
export const SEEK_INTERVAL = 30_000;

/** One CSV line of `values`, quoted where CSV needs it. */
export function csvLine(values: ReadonlyArray<string | number>): string {
  return values
    .map(v => {
      const s = String(v);
      return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
    })
    .join(',');
}

function summarize(
  found: IWorkflowEndpoint,
  region: string
): IDeployedEndpoint {
  const { endpoint, config } = found;
  const types = [
    ...new Set(
      endpoint.variants.map(
        v =>
          config?.variants.find(c => c.variantName === v.variantName)
            ?.instanceType ?? null
      )
    )
  ].filter((t): t is string => !!t);
  return {
    name: endpoint.name,
    status: endpoint.status,
    failureReason: endpoint.failureReason,
    instanceType: types.length ? types.join(', ') : null,
    count: endpoint.variants.reduce((n, v) => n + v.count, 0),
    creationTime: endpoint.creationTime,
    lastModifiedTime: endpoint.lastModifiedTime,
    estimatedHourlyUsd: endpointHourlyUsd(endpoint.variants, config, region)
  };
}

export class DeployStep {
  constructor(options: IDeployStepOptions) {
    this._options = options;
  }

  get endpoints(): readonly IDeployedEndpoint[] {
    return this._endpoints;
  }

  /** The last error of finding the endpoints (polling goes on). */
  get error(): AutopilotError | null {
    return this._error;
  }

  /** For the panel: deployed (InService), changing, failed, or nothing yet. */
  get status(): StepStatus {
    const statuses = this._endpoints.map(e => e.status);
    if (statuses.length === 0) {
      return 'not-started';
    }
    if (statuses.some(s => CHANGING.has(s))) {
      return 'working';
    }
    return statuses.includes('InService') ? 'done' : 'failed';
  }

  get lastTest(): ILastTest | null {
    return this._lastTest;
  }

  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /** Whether the poll runs: an endpoint is changing, or the step is looking for one. */
  get watching(): boolean {
    return !!this._poll && !this._poll.isDisposed;
  }

  get isDisposed(): boolean {
    return this._disposed;
  }

  /** Finds the workflow's endpoints now; watches while one is changing. */
  async refresh(): Promise<void> {
    try {
      await this._find();
    } catch (e) {
      this._error = toAutopilotError(e);
      this._changed.emit();
      throw this._error;
    }
    if (this._endpoints.some(e => CHANGING.has(e.status))) {
      this._watch();
    }
  }

  /**
   * Looks for the workflow's endpoints until one appears, at most until
   * `SEEK_ENDPOINT_MS` after `since` (ms since the epoch: when the tuning
   * job ended), then watches it while it changes. A late call (a page
   * opened hours after the tuning), or a second one for the same end,
   * looks no more than `refresh` does.
   */
  lookForEndpoints(since: number): void {
    const until = since + SEEK_ENDPOINT_MS;
    // Once per tuning job's end: after a clean-up, the same end looks no more.
    if (
      this._disposed ||
      this._endpoints.length > 0 ||
      Date.now() >= until ||
      until <= this._seekUntil
    ) {
      return;
    }
    this._seekUntil = until;
    this._watch(SEEK_INTERVAL);
  }

  /** Whether the step is still looking for an endpoint that is not there yet. */
  get seeking(): boolean {
    return this._endpoints.length === 0 && Date.now() < this._seekUntil;
  }

  /** `autopilot:list-endpoints`. */
  async listEndpoints(): Promise<IListEndpointsResult> {
    await this.refresh();
    return {
      status: 'listed',
      endpoints: this._endpoints.map(
        ({ name, status, instanceType, count, estimatedHourlyUsd }) => ({
          name,
          status,
          instanceType,
          count,
          estimatedHourlyUsd
        })
      )
    };
  }

  /**
   * `autopilot:test-endpoint`: sends `row` (the feature values without the
   * target, or a CSV line typed by the user) as `text/csv` and expects
   * `text/csv` back. Only to the workflow's own endpoints that are
   * `InService`.
   */
  async testEndpoint(
    name: string,
    row: string | ReadonlyArray<string | number>
  ): Promise<ITestEndpointResult> {
    const { trans, calls } = this._options;
    await this._find();
    const endpoint = this._endpoints.find(e => e.name === name);
    if (!endpoint) {
      throw new EndpointTestError(
        'not-workflow',
        trans.__(
          '%1 is not an endpoint this workflow deployed (or it is gone).',
          name
        )
      );
    }
    if (endpoint.status !== 'InService') {
      throw new EndpointTestError(
        'not-in-service',
        trans.__(
          '%1 is %2: only an InService endpoint answers. Wait until it is InService.',
          name,
          endpoint.status
        )
      );
    }
    const body =
      typeof row === 'string' ? row.replace(/\r?\n$/, '') : csvLine(row);
    if (!body.trim() || /[\r\n]/.test(body)) {
      throw new EndpointTestError(
        'bad-row',
        trans.__('Send exactly one row of comma-separated values.')
      );
    }
    const answer = await calls.invokeEndpoint(
      name,
      body,
      'text/csv',
      'text/csv'
    );
    const format = answer.contentType?.split(';')[0].trim().toLowerCase();
    if (format && format !== 'text/csv') {
      throw new EndpointTestError(
        'format',
        trans.__(
          'The model answered in %1, not text/csv. Deploy it with CSV output (the candidate notebook sets the inference response keys), or read the answer as %1.',
          answer.contentType
        )
      );
    }
    const prediction = answer.body.trim().split(/\r?\n/)[0] ?? '';
    if (!prediction) {
      throw new EndpointTestError(
        'empty',
        trans.__(
          'The endpoint answered with an empty body (HTTP %1).',
          answer.status
        )
      );
    }
    this._lastTest = {
      status: 'predicted',
      prediction,
      latencyMs: answer.latencyMs,
      endpoint: name,
      httpStatus: answer.status,
      contentType: answer.contentType
    };
    this._changed.emit();
    return { status: 'predicted', prediction, latencyMs: answer.latencyMs };
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

  private async _find(): Promise<void> {
    const { calls, workflow } = this._options;
    const { identity, region } = workflow();
    // Finds overlap (a poll, a view shown, a command): only the last one
    // started may set the list, which an older identity would empty.
    const call = ++this._finds;
    const { endpoints } = await findWorkflowDeployment(calls, identity);
    if (call !== this._finds) {
      return;
    }
    this._endpoints = endpoints.map(e => summarize(e, region));
    this._error = null;
    this._changed.emit();
  }

  private _watch(interval = DEPLOY_POLL_INTERVAL): void {
    if (this.watching || this._disposed) {
      return;
    }
    const poll = new Poll({
      auto: false,
      name: 'autopilot:deployment',
      standby: 'when-hidden',
      frequency: {
        interval,
        backoff: true,
        max: MAX_POLL_INTERVAL
      },
      factory: async () => {
        try {
          await this._find();
        } catch (e) {
          this._error = toAutopilotError(e);
          this._changed.emit();
          if (!this._error.retryable) {
            poll.dispose();
          }
          throw this._error;
        }
        if (
          !this.seeking &&
          !this._endpoints.some(e => CHANGING.has(e.status))
        ) {
          poll.dispose();
        }
      }
    });
    this._poll = poll;
    void poll.start();
  }

  private readonly _options: IDeployStepOptions;
  private _endpoints: IDeployedEndpoint[] = [];
  private _error: AutopilotError | null = null;
  private _lastTest: ILastTest | null = null;
  private _poll: Poll | null = null;
  private _seekUntil = 0;
  private _finds = 0;
  private _disposed = false;
  private readonly _changed = new Signal<this, void>(this);
}
