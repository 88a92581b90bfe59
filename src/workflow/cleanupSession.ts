/**
 * What the Clean-up section shows: the last plan, the last run's per-item
 * results, and whether one is under way. `CleanupStep` plans and runs; this
 * keeps its answers for the view and the workflow's step status.
 */
import { Signal, type ISignal } from '@lumino/signaling';

import { toAutopilotError } from '../aws/errors';
import type { ICleanupItem } from './cleanupPlan';
import type {
  CleanupStep,
  ICleanupRunResult,
  IPlanResult
} from './cleanupStep';
import type { StepStatus } from './stepStatus';

export type CleanupPhase =
  'idle' | 'planning' | 'planned' | 'cleaning' | 'ended' | 'failed';

export class CleanupSession {
  constructor(private readonly _step: CleanupStep) {}

  get phase(): CleanupPhase {
    return this._phase;
  }

  /** The last plan (groups, defaults, S3 sizes), or null before one. */
  get items(): readonly ICleanupItem[] | null {
    return this._items;
  }

  /** The last run's results (not a cancelled one). */
  get results(): ICleanupRunResult | null {
    return this._results;
  }

  /** Why the last plan or run could not happen at all. */
  get error(): string | null {
    return this._error;
  }

  get changed(): ISignal<this, void> {
    return this._changed;
  }

  get status(): StepStatus {
    switch (this._phase) {
      case 'planning':
      case 'cleaning':
        return 'working';
      case 'failed':
        return 'failed';
      case 'ended':
        return this._results?.status === 'cleaned' ? 'done' : 'failed';
      default:
        return 'not-started';
    }
  }

  /** `autopilot:plan-cleanup`. */
  async plan(): Promise<IPlanResult> {
    this._set('planning');
    try {
      this._items = await this._step.planItems();
    } catch (e) {
      this._error = toAutopilotError(e).message;
      this._set('failed');
      throw e;
    }
    this._set('planned');
    return {
      status: 'planned',
      items: this._items.map(({ kind, name, action, estimatedHourlyUsd }) => ({
        kind,
        name,
        action,
        estimatedHourlyUsd
      }))
    };
  }

  /** `autopilot:cleanup`: then plans again, so the view shows what is left. */
  async cleanup(options: {
    confirm?: boolean;
    includeS3?: boolean;
    /** Called once the user confirmed (or at once without `confirm`). */
    onConfirmed?: () => void;
  }): Promise<ICleanupRunResult> {
    const before = this._phase;
    this._set('cleaning');
    let result: ICleanupRunResult;
    try {
      result = await this._step.cleanup(options);
    } catch (e) {
      this._error = toAutopilotError(e).message;
      this._set('failed');
      throw e;
    }
    if (result.status === 'cancelled') {
      this._set(before === 'cleaning' ? 'planned' : before);
      return result;
    }
    this._results = result;
    this._set('ended');
    try {
      this._items = await this._step.planItems();
      this._changed.emit();
    } catch {
      // The run's results stand; the next plan shows what is left.
    }
    return result;
  }

  private _set(phase: CleanupPhase): void {
    this._phase = phase;
    if (phase !== 'failed') {
      this._error = null;
    }
    this._changed.emit();
  }

  private _phase: CleanupPhase = 'idle';
  private _items: ICleanupItem[] | null = null;
  private _results: ICleanupRunResult | null = null;
  private _error: string | null = null;
  private readonly _changed = new Signal<this, void>(this);
}
