import type { JupyterFrontEnd } from '@jupyterlab/application';
import type { IDefaultFileBrowser } from '@jupyterlab/filebrowser';
import type { Contents } from '@jupyterlab/services';

/** The first notebook selected in the file browser, if any. */
export function selectedNotebook(
  fileBrowser: IDefaultFileBrowser | null
): Contents.IModel | null {
  for (const item of fileBrowser?.selectedItems() ?? []) {
    if (item.type === 'notebook') {
      return item;
    }
  }
  return null;
}

/** Whether the context menu being shown (or just used) was opened on a file-browser item. */
export function fromFileBrowserMenu(app: JupyterFrontEnd): boolean {
  return !!app.contextMenuHitTest(node =>
    node.classList.contains('jp-DirListing-item')
  );
}
