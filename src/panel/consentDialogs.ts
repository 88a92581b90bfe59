import { Dialog, showDialog } from '@jupyterlab/apputils';
import type { TranslationBundle } from '@jupyterlab/translation';
import type { IDatasetConsent } from '../workflow/datasetStep';

/**
 * The dataset step's consents, asked in dialogs. Declining is the default
 * button: Enter never creates a bucket or replaces an object.
 */
export function dialogConsent(trans: TranslationBundle): IDatasetConsent {
  return {
    createBucket: async bucket => {
      const answer = await showDialog({
        title: trans.__('Create the bucket %1?', bucket),
        body: trans.__(
          'The bucket %1 does not exist. Autopilot reads its data from S3 and writes its results there. Create it now, in the region of the Jupyter server?',
          bucket
        ),
        buttons: [
          Dialog.cancelButton({ label: trans.__('Cancel') }),
          Dialog.okButton({ label: trans.__('Create Bucket') })
        ],
        defaultButton: 0
      });
      return answer.button.accept;
    },
    overwrite: async keys => {
      const answer = await showDialog({
        title: trans.__('Replace the objects in S3?'),
        body: trans.__(
          'These objects exist already:\n%1\nReplace them with this split? Their current content will be lost.',
          keys.join('\n')
        ),
        buttons: [
          Dialog.cancelButton({ label: trans.__('Keep Them') }),
          Dialog.warnButton({ label: trans.__('Replace') })
        ],
        defaultButton: 0
      });
      return answer.button.accept;
    }
  };
}
