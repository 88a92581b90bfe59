import * as React from 'react';
import { Dialog } from '@jupyterlab/apputils';
import type { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget } from '@jupyterlab/ui-components';
import type { ICellLike, ITrimOptions } from '../trim';
import { TrimPreview } from './trimPreview';

/** The dialog body; `getValue` hands the settled options to the caller. */
class TrimPreviewBody
  extends ReactWidget
  implements Dialog.IBodyWidget<ITrimOptions | null>
{
  constructor(
    private readonly _cells: ReadonlyArray<ICellLike>,
    private readonly _initial: ITrimOptions,
    private readonly _trans: TranslationBundle,
    private readonly _onValidity: (valid: boolean) => void
  ) {
    super();
    this.addClass('jp-autopilot-TrimPreviewBody');
    this._options = _initial;
  }

  getValue(): ITrimOptions | null {
    return this._options;
  }

  protected render(): JSX.Element {
    return (
      <TrimPreview
        cells={this._cells}
        initial={this._initial}
        trans={this._trans}
        onChange={options => {
          this._options = options;
          this._onValidity(options !== null);
        }}
      />
    );
  }

  private _options: ITrimOptions | null;
}

/**
 * Previews a trim of `cells` and returns the options the user confirmed, or
 * null when the dialog was cancelled.
 */
export async function confirmTrim(
  cells: ReadonlyArray<ICellLike>,
  initial: ITrimOptions,
  trans: TranslationBundle,
  title: string
): Promise<ITrimOptions | null> {
  let dialog: Dialog<ITrimOptions | null> | null = null;
  const setAcceptEnabled = (enabled: boolean) => {
    const accept = dialog?.node.querySelector<HTMLButtonElement>(
      '.jp-Dialog-button.jp-mod-accept'
    );
    if (accept) {
      accept.disabled = !enabled;
    }
  };
  const body = new TrimPreviewBody(cells, initial, trans, setAcceptEnabled);
  dialog = new Dialog<ITrimOptions | null>({
    title,
    body,
    buttons: [
      Dialog.cancelButton({
        label: trans.__('Cancel'),
        ariaLabel: trans.__('Cancel trimming')
      }),
      Dialog.okButton({
        label: trans.__('Trim'),
        ariaLabel: trans.__('Trim the notebook as previewed')
      })
    ],
    focusNodeSelector: 'input[name="maxJobs"]'
  });
  dialog.addClass('jp-autopilot-TrimDialog');
  const result = await dialog.launch();
  return result.button.accept ? result.value : null;
}
