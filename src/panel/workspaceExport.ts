/**
 * Writes an export into the workspace through the Contents API, never over
 * a file without asking. The file is saved under a name of its own, then
 * renamed onto the path: Jupyter refuses a rename onto an existing file
 * (409), so checking and writing are one step, and a reader never sees a
 * half-written file.
 */
import { Dialog, showDialog } from '@jupyterlab/apputils';
import type { Contents } from '@jupyterlab/services';
import type { TranslationBundle } from '@jupyterlab/translation';
import { httpStatus } from '../notebook/commandContext';
import { temporaryName } from '../notebook/copyPath';

export interface IWorkspaceFile {
  path: string;
  content: string;
  /** `base64` for binary files (PNG). */
  format: 'text' | 'base64';
}

/** 'exported', or 'cancelled' when the user kept an existing file. */
export async function exportToWorkspace(
  contents: Pick<Contents.IManager, 'save' | 'rename' | 'delete'>,
  file: IWorkspaceFile,
  trans: TranslationBundle,
  overwrite = false
): Promise<'exported' | 'cancelled'> {
  const path = file.path.replace(/^\/+/, '');
  const temporary = temporaryName(path);
  await contents.save(temporary, {
    type: 'file',
    format: file.format,
    content: file.content
  });
  let renamed = false;
  try {
    try {
      await contents.rename(temporary, path);
      renamed = true;
      return 'exported';
    } catch (error) {
      if (httpStatus(error) !== 409) {
        throw error;
      }
    }
    if (!overwrite && !(await askReplace(path, trans))) {
      return 'cancelled';
    }
    // Jupyter's own save writes atomically (a temporary file, then a rename).
    await contents.save(path, {
      type: 'file',
      format: file.format,
      content: file.content
    });
    return 'exported';
  } finally {
    if (!renamed) {
      await contents.delete(temporary).catch(() => undefined);
    }
  }
}

async function askReplace(
  path: string,
  trans: TranslationBundle
): Promise<boolean> {
  const answer = await showDialog({
    title: trans.__('Replace %1?', path),
    body: trans.__(
      'The file %1 exists already. Replace it with this export? Its current content will be lost.',
      path
    ),
    buttons: [
      Dialog.cancelButton({ label: trans.__('Keep It') }),
      Dialog.warnButton({ label: trans.__('Replace') })
    ],
    defaultButton: 0
  });
  return answer.button.accept;
}
