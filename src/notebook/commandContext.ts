import type { JupyterFrontEnd } from '@jupyterlab/application';
import type { IDocumentManager } from '@jupyterlab/docmanager';
import type { IDefaultFileBrowser } from '@jupyterlab/filebrowser';
import type { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import type { TranslationBundle } from '@jupyterlab/translation';
import type { ICellLike, IPlanReport, ITrimWarning } from '../trim';
import type { ITrimSettings } from './settings';

/** What the trim commands need from the application, passed in so they stay testable. */
export interface ITrimCommandContext {
  app: JupyterFrontEnd;
  tracker: INotebookTracker;
  docManager: IDocumentManager;
  fileBrowser: IDefaultFileBrowser | null;
  trans: TranslationBundle;
  settings: () => ITrimSettings;
}

/** What a trim command resolves to, for scripts and tests that run it by id. */
export interface ITrimCommandResult {
  status:
    | 'trimmed'
    | 'copied'
    | 'unchanged'
    | 'cancelled'
    | 'refused'
    | 'invalid-options'
    | 'read-only'
    | 'no-notebook'
    | 'failed';
  path?: string;
  reason?: string;
  report?: IPlanReport;
  /** What the trim left unchanged although it was asked for; also in the notification. */
  warnings?: ITrimWarning[];
}

/** The cells of a live notebook, as they are on screen (unsaved edits included). */
export function liveCells(panel: NotebookPanel): ICellLike[] {
  const cells = panel.content.model?.sharedModel.cells ?? [];
  return cells.map(cell => ({
    cell_type: cell.cell_type,
    source: cell.source
  }));
}

/** The file name shown to the user, without its folder. */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** The HTTP status of a failed Contents API call, if it has one. */
export function httpStatus(error: unknown): number | undefined {
  return (error as { response?: { status?: number } })?.response?.status;
}
