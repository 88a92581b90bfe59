import { Dialog, Notification, showDialog } from '@jupyterlab/apputils';
import type { TranslationBundle } from '@jupyterlab/translation';

/** JupyterLab cuts toast messages after this many characters. */
const TOAST_LIMIT = 140;

type Kind = 'error' | 'warning' | 'info' | 'success' | 'in-progress';

export interface INotifyOptions {
  autoClose?: number | false;
  actions?: Notification.IAction[];
  /** More text, shown with the message behind a Details button. */
  details?: string;
  /** A headline: shown before the message when both fit in a toast. */
  title?: string;
}

/**
 * A notification whose text is never lost: a message longer than a toast can
 * show is shortened to its first sentence, and a Details button opens the
 * whole of it (and any details) in a dialog.
 */
export function notify(
  trans: TranslationBundle,
  kind: Kind,
  message: string,
  options: INotifyOptions = {}
): string {
  return Notification.emit(
    toastText(message, options.title),
    kind,
    toastOptions(trans, message, options)
  );
}

/** Like `notify`, for a notification already shown (e.g. one in progress). */
export function notifyUpdate(
  trans: TranslationBundle,
  id: string,
  kind: Kind,
  message: string,
  options: INotifyOptions = {}
): void {
  Notification.update({
    id,
    type: kind,
    message: toastText(message, options.title),
    ...toastOptions(trans, message, options)
  });
}

/** What the toast shows: the headline and message, or what matters most of them. */
export function toastText(message: string, title?: string): string {
  const full = title ? `${title}: ${message}` : message;
  if (full.length <= TOAST_LIMIT) {
    return full;
  }
  if (message.length <= TOAST_LIMIT) {
    return message;
  }
  const sentence = message.match(/^.+?[.!?](?=\s)/)?.[0];
  return sentence && sentence.length < TOAST_LIMIT
    ? `${sentence} …`
    : `${message.slice(0, TOAST_LIMIT - 2)}…`;
}

function toastOptions(
  trans: TranslationBundle,
  message: string,
  options: INotifyOptions
): { autoClose?: number | false; actions: Notification.IAction[] } {
  const actions = [...(options.actions ?? [])];
  const full = options.title ? `${options.title}: ${message}` : message;
  if (full.length > TOAST_LIMIT || options.details) {
    actions.push({
      label: trans.__('Details'),
      caption: trans.__('Show the whole message'),
      displayType: 'link',
      callback: event => {
        // The toast would close on any click; the user asked to read more.
        event.preventDefault();
        void showDialog({
          title: options.title ?? toastText(message.split(/(?<=[.!?])\s/)[0]),
          body: [message, options.details].filter(Boolean).join('\n\n'),
          buttons: [Dialog.okButton({ label: trans.__('Close') })]
        });
      }
    });
  }
  return { autoClose: options.autoClose, actions };
}
