/**
 * The Notebooks step as a state machine with signals and no DOM: fetch the
 * job's two notebooks into the workspace (a server task), read the account's
 * quotas and propose the parallelism that fits, then trim the candidate
 * notebook to a copy with those values.
 *
 * Its dependencies are injected: the server task (the panel's task client),
 * the Contents API, the AWS layer's quota listing and the trim-to-copy
 * command.
 */
import type { TranslationBundle } from '@jupyterlab/translation';
import { Signal, type ISignal } from '@lumino/signaling';

import type { IJobDescription } from '../aws/autopilot';
import { toAutopilotError } from '../aws/errors';
import type { IQuota } from '../aws/serviceQuotas';
import type { ITrimCommandResult } from '../notebook/commandContext';
import type { ICellLike } from '../trim';
import {
  proposeParallelism,
  readInstanceUse,
  type IQuotaProposal
} from './quotaGuidance';
import {
  trimCandidates,
  type ITrimCandidatesArgs,
  type ITrimCandidatesResult
} from './trimCandidates';

/** `fetch-notebooks`'s params (see the REST contract). */
export interface IFetchParams {
  jobName: string;
  candidate: string;
  exploration: string;
  overwrite: boolean;
  workflowId?: string;
}

/** `fetch-notebooks`'s result: Contents paths. */
export interface IFetchResult {
  folder: string;
  candidate: string;
  exploration: string;
  bytes: number;
  overwrote: boolean;
}

/** How the task ended (the fields of the contract's task that matter here). */
export interface IFetchOutcome {
  state: 'succeeded' | 'failed' | 'cancelled';
  result?: IFetchResult | null;
  error?: { code: string; message: string; paths?: string[] } | null;
}

export interface INotebooksStepOptions {
  /**
   * Runs the `fetch-notebooks` task to its end (start, follow, cancel on
   * `signal`), reporting progress in bytes.
   */
  fetchNotebooks(
    params: IFetchParams,
    onProgress: (done: number, total: number | null) => void,
    signal: AbortSignal
  ): Promise<IFetchOutcome>;
  /** The cells of a workspace notebook (Contents API). */
  readNotebook(path: string): Promise<ICellLike[]>;
  /** The account's SageMaker quotas (`listQuotas` of the AWS layer). */
  listQuotas(): Promise<IQuota[]>;
  /** `args => trimToCopy(context, args)`. */
  trimToCopy(args: Record<string, unknown>): Promise<ITrimCommandResult>;
  /** The AWS region, for the quota console links. */
  region(): string;
  trans: TranslationBundle;
}

export type NotebooksPhase =
  | 'idle'
  | 'fetching'
  /** Files of those names exist: fetch again with `overwrite` (after asking). */
  | 'exists'
  | 'fetched'
  | 'fetch-failed'
  | 'cancelled'
  | 'trimming'
  | 'trimmed'
  | 'trim-failed';

export class NotebooksStep {
  constructor(options: INotebooksStepOptions) {
    this._options = options;
  }

  get changed(): ISignal<this, void> {
    return this._changed;
  }

  get phase(): NotebooksPhase {
    return this._phase;
  }

  /** Bytes copied so far, and the total once known. */
  get progress(): { done: number; total: number | null } {
    return this._progress;
  }

  get fetched(): IFetchResult | null {
    return this._fetched;
  }

  /** The paths that exist, in phase `exists`. */
  get existing(): readonly string[] {
    return this._existing;
  }

  /** What went wrong last, as the server or AWS said it. */
  get error(): { code: string; message: string } | null {
    return this._error;
  }

  /** The quota guidance, once the candidate notebook is fetched. */
  get proposal(): IQuotaProposal | null {
    return this._proposal;
  }

  get trimmed(): ITrimCandidatesResult | null {
    return this._trimmed;
  }

  /** The job whose notebooks these are; null before a fetch. */
  get jobName(): string | null {
    return this._jobName;
  }

  /**
   * Forgets the fetched and trimmed notebooks (another job, or none, is
   * the workflow's now). The files stay in the workspace.
   */
  forget(): void {
    this._abort?.abort();
    this._jobName = null;
    this._fetched = null;
    this._existing = [];
    this._error = null;
    this._proposal = null;
    this._trimmed = null;
    this._progress = { done: 0, total: null };
    this._set('idle');
  }

  get status(): 'not-started' | 'working' | 'done' | 'failed' {
    switch (this._phase) {
      case 'idle':
      case 'exists':
      case 'cancelled':
        return 'not-started';
      case 'fetching':
      case 'trimming':
        return 'working';
      case 'fetched':
      case 'trimmed':
        return 'done';
      default:
        return 'failed';
    }
  }

  /**
   * Copies the job's notebooks into `<workspace>/<job>/`. An existing file
   * is never replaced unless `overwrite` (the view asks first).
   */
  async fetch(
    job: IJobDescription,
    options: { overwrite?: boolean; workflowId?: string } = {}
  ): Promise<NotebooksPhase> {
    if (this._phase === 'fetching' || this._phase === 'trimming') {
      return this._phase;
    }
    if (!job.candidateNotebook || !job.explorationNotebook) {
      this._error = {
        code: 'no-notebooks',
        message: this._options.trans.__(
          'Job %1 has not made its notebooks (yet). Wait until its status is CandidateDefinitionsGenerated.',
          job.name
        )
      };
      this._set('fetch-failed');
      return this._phase;
    }
    this._abort = new AbortController();
    this._jobName = job.name;
    this._error = null;
    this._existing = [];
    this._progress = { done: 0, total: null };
    this._set('fetching');
    let outcome: IFetchOutcome;
    try {
      outcome = await this._options.fetchNotebooks(
        {
          jobName: job.name,
          candidate: job.candidateNotebook,
          exploration: job.explorationNotebook,
          overwrite: options.overwrite ?? false,
          ...(options.workflowId ? { workflowId: options.workflowId } : {})
        },
        (done, total) => {
          this._progress = { done, total };
          this._changed.emit();
        },
        this._abort.signal
      );
    } catch (e) {
      this._error = {
        code: 'request-failed',
        message: String((e as Error)?.message ?? e)
      };
      this._set('fetch-failed');
      return this._phase;
    }
    if (outcome.state === 'cancelled') {
      this._set('cancelled');
    } else if (outcome.state === 'failed') {
      this._error = outcome.error ?? { code: 'failed', message: '' };
      if (outcome.error?.code === 'file-exists') {
        this._existing = outcome.error.paths ?? [];
        this._set('exists');
      } else {
        this._set('fetch-failed');
      }
    } else {
      this._fetched = outcome.result ?? null;
      this._set('fetched');
      await this.propose();
    }
    return this._phase;
  }

  /** Stops a fetch under way; the server leaves no partial file. */
  cancel(): void {
    this._abort?.abort();
  }

  /**
   * Reads the fetched candidate notebook and the account's quotas, and
   * proposes the parallelism. Without quotas (no permission), the defaults,
   * and the proposal says why.
   */
  async propose(
    args: Pick<ITrimCandidatesArgs, 'maxJobs' | 'maxParallelJobs'> = {}
  ): Promise<IQuotaProposal | null> {
    if (!this._fetched) {
      return null;
    }
    let cells: ICellLike[];
    try {
      cells = await this._options.readNotebook(this._fetched.candidate);
    } catch (e) {
      this._error = {
        code: 'read-failed',
        message: String((e as Error)?.message ?? e)
      };
      this._changed.emit();
      return null;
    }
    const use = readInstanceUse(cells);
    if (!use) {
      this._proposal = null;
      this._changed.emit();
      return null;
    }
    let quotas: IQuota[] | null = null;
    let quotaError: string | undefined;
    try {
      quotas = await this._options.listQuotas();
    } catch (e) {
      quotaError = this._quotaErrorText(e);
    }
    this._proposal = proposeParallelism(
      use,
      quotas,
      { region: this._options.region(), quotaError, ...args },
      this._options.trans
    );
    this._changed.emit();
    return this._proposal;
  }

  /**
   * Trims the candidate notebook to a copy with the proposal's values (the
   * user's `args` win) and resolves to the command's status object.
   */
  async trim(
    args: ITrimCandidatesArgs = {}
  ): Promise<ITrimCandidatesResult | null> {
    if (!this._fetched || this._phase === 'trimming') {
      return null;
    }
    this._set('trimming');
    try {
      this._trimmed = await trimCandidates(
        this._options.trimToCopy,
        this._fetched.candidate,
        this._proposal,
        args
      );
    } catch (e) {
      this._trimmed = null;
      this._error = {
        code: 'trim-failed',
        message: String((e as Error)?.message ?? e)
      };
      this._set('trim-failed');
      return null;
    }
    this._set(
      this._trimmed.status === 'copied'
        ? 'trimmed'
        : this._trimmed.status === 'cancelled'
          ? 'fetched'
          : 'trim-failed'
    );
    return this._trimmed;
  }

  dispose(): void {
    this._abort?.abort();
    Signal.clearData(this);
  }

  /** Why the quotas could not be read, in the user's language. */
  private _quotaErrorText(e: unknown): string {
    const error = toAutopilotError(e);
    const trans = this._options.trans;
    if (error.kind === 'access-denied') {
      return trans.__(
        'no permission for %1',
        error.details.action ?? 'servicequotas:ListServiceQuotas'
      );
    }
    return error.details.code ?? error.kind;
  }

  private _set(phase: NotebooksPhase): void {
    this._phase = phase;
    this._changed.emit();
  }

  private readonly _options: INotebooksStepOptions;
  private readonly _changed = new Signal<this, void>(this);
  private _phase: NotebooksPhase = 'idle';
  private _progress: { done: number; total: number | null } = {
    done: 0,
    total: null
  };
  private _jobName: string | null = null;
  private _fetched: IFetchResult | null = null;
  private _existing: string[] = [];
  private _error: { code: string; message: string } | null = null;
  private _proposal: IQuotaProposal | null = null;
  private _trimmed: ITrimCandidatesResult | null = null;
  private _abort: AbortController | null = null;
}
