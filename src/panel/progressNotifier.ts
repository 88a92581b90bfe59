import { Notification } from '@jupyterlab/apputils';
import type { TranslationBundle } from '@jupyterlab/translation';
import type { DatasetStep, ITaskEnd } from '../workflow/datasetStep';
import type {
  IProfileResult,
  ISplitResult,
  ITaskProgress,
  IUploadResult
} from '../workflow/serverApi';
import { datasetErrorText } from './datasetErrorText';
import { formatBytes } from './format';

/**
 * Shows the dataset step's server work in a notification, with progress
 * and a Cancel button, whoever started it (the panel, a command, or a
 * page reload that found it running).
 */
export class ProgressNotifier {
  constructor(
    private readonly _step: DatasetStep,
    private readonly _trans: TranslationBundle
  ) {
    _step.changed.connect(this._onChanged, this);
    _step.ended.connect(this._onEnded, this);
  }

  private _onChanged(): void {
    const phase = this._step.phase;
    if (
      phase !== 'profiling' &&
      phase !== 'splitting' &&
      phase !== 'uploading'
    ) {
      // Ended without an `ended` (a refusal): the caller tells the user.
      if (this._id !== null) {
        Notification.dismiss(this._id);
        this._id = null;
      }
      return;
    }
    const message = this._message(phase, this._step.progress);
    const progress = fraction(this._step.progress);
    if (this._id === null) {
      this._id = Notification.emit(message, 'in-progress', {
        autoClose: false,
        progress,
        actions: [
          {
            label: this._trans.__('Cancel'),
            caption: this._trans.__(
              'Stop this task; nothing partial is left behind'
            ),
            displayType: 'default',
            callback: event => {
              // Keep the toast: it reports the cancellation.
              event.preventDefault();
              this._step.cancel();
            }
          }
        ]
      });
    } else {
      Notification.update({ id: this._id, message, progress });
    }
  }

  private _onEnded(_: DatasetStep, end: ITaskEnd): void {
    const trans = this._trans;
    const id = this._id;
    this._id = null;
    let message: string;
    let type: Notification.TypeOptions;
    if (!end.error) {
      type = 'success';
      message = this._success(end);
    } else if (end.error.outcome === 'cancelled') {
      type = 'info';
      message = trans.__('Cancelled. Nothing was left behind.');
    } else {
      type = 'error';
      message = datasetErrorText(trans, end.error);
    }
    const options: Notification.IOptions<never> = {
      autoClose: type === 'error' ? false : 5000,
      actions: []
    };
    if (id === null) {
      Notification.emit(message, type, options);
    } else {
      Notification.update({
        id,
        message,
        type,
        progress: undefined,
        ...options
      });
    }
  }

  /** What the task that just ended did, from its own result. */
  private _success(end: ITaskEnd): string {
    const trans = this._trans;
    switch (end.kind) {
      case 'profile': {
        const profile = end.task?.result as IProfileResult | undefined;
        return trans.__(
          'Profiled %1: %2 rows, %3 columns.',
          profile?.path ?? '',
          profile?.rows ?? 0,
          profile?.columns.length ?? 0
        );
      }
      case 'split': {
        const split = end.task?.result as ISplitResult | undefined;
        return trans.__(
          'Split: %1 train rows, %2 validation rows.',
          split?.train.rows ?? 0,
          split?.validation.rows ?? 0
        );
      }
      case 'upload': {
        const upload = end.task?.result as IUploadResult | undefined;
        return trans.__('Uploaded to %1', upload?.train ?? '');
      }
    }
  }

  private _message(phase: string, progress: ITaskProgress | null): string {
    const trans = this._trans;
    const amount = progress ? progressText(trans, progress) : '';
    switch (phase) {
      case 'profiling':
        return trans.__('Profiling the dataset… %1', amount);
      case 'splitting':
        return trans.__('Splitting the dataset… %1', amount);
      default:
        return trans.__('Uploading to S3… %1', amount);
    }
  }

  private _id: string | null = null;
}

/** 0..1, or undefined when the total is unknown. */
export function fraction(progress: ITaskProgress | null): number | undefined {
  if (!progress || !progress.total) {
    return undefined;
  }
  return Math.min(1, progress.done / progress.total);
}

/** `12.5 MB of 500 MB`, `2,000 rows`. */
export function progressText(
  trans: TranslationBundle,
  progress: ITaskProgress
): string {
  if (progress.unit === 'bytes') {
    return progress.total
      ? trans.__(
          '%1 of %2',
          formatBytes(progress.done),
          formatBytes(progress.total)
        )
      : formatBytes(progress.done);
  }
  return progress.total
    ? trans.__(
        '%1 of %2 rows',
        progress.done.toLocaleString(),
        progress.total.toLocaleString()
      )
    : trans.__('%1 rows', progress.done.toLocaleString());
}
