import { ISignal, Signal } from '@lumino/signaling';
import type { IAutopilotContext } from '../aws/serverContext';
import type { IAutopilotContextModel } from '../tokens';

/**
 * The one owner of the server's AWS context (see `IAutopilotContextModel`).
 */
export class AutopilotContextModel implements IAutopilotContextModel {
  /** `fetch` gets the context, or rejects with a typed `AutopilotError`. */
  constructor(private readonly _fetch: () => Promise<IAutopilotContext>) {}

  get context(): IAutopilotContext | null {
    return this._context;
  }

  get error(): Error | null {
    return this._error;
  }

  get changed(): ISignal<this, IAutopilotContext | null> {
    return this._changed;
  }

  refresh(): Promise<IAutopilotContext | null> {
    // Callers at the same moment share one request.
    if (!this._pending) {
      this._pending = this._fetch()
        .then(
          context => this._set(context, null),
          reason => this._set(null, reason as Error)
        )
        .finally(() => {
          this._pending = null;
        });
    }
    return this._pending;
  }

  ensure(): Promise<IAutopilotContext | null> {
    return this._context ? Promise.resolve(this._context) : this.refresh();
  }

  private _set(
    context: IAutopilotContext | null,
    error: Error | null
  ): IAutopilotContext | null {
    this._context = context;
    this._error = error;
    this._changed.emit(context);
    return context;
  }

  private _context: IAutopilotContext | null = null;
  private _error: Error | null = null;
  private _pending: Promise<IAutopilotContext | null> | null = null;
  private _changed = new Signal<this, IAutopilotContext | null>(this);
}
