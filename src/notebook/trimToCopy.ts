import {
  NotebookReadError,
  planReport,
  trimNotebookText,
  type ICellLike
} from '../trim';
import {
  baseName,
  httpStatus,
  ITrimCommandContext,
  ITrimCommandResult
} from './commandContext';
import { writeTrimmedCopy } from './copyPath';
import { fromFileBrowserMenu, selectedNotebook } from './fileSelection';
import { refusalMessage, warningsText } from './messages';
import { confirmTrim } from './previewDialog';
import { runOptions } from './runOptions';
import { notify } from '../notify';

/**
 * `autopilot:trim-to-copy`: writes `<name>-trimmed.ipynb` beside the source
 * and opens it, leaving the generated original intact. The copy is made from
 * the file's bytes with the same code as the `autopilot-trim` CLI, so both
 * give the same file.
 */
export async function trimToCopy(
  context: ITrimCommandContext,
  args: Record<string, unknown>
): Promise<ITrimCommandResult> {
  const { trans, app } = context;
  const contents = app.serviceManager.contents;
  const path = sourcePath(context, args);
  if (!path) {
    notify(
      trans,
      'warning',
      trans.__(
        'Select or open an Autopilot candidate-definition notebook first.'
      )
    );
    return { status: 'no-notebook' };
  }
  const name = baseName(path);

  const resolved = runOptions(context, args);
  if ('failure' in resolved) {
    return resolved.failure;
  }
  let options = resolved.options;

  let text: string;
  try {
    const file = await contents.get(path, {
      type: 'file',
      format: 'text',
      content: true
    });
    text = String(file.content);
  } catch (error) {
    notify(
      trans,
      'error',
      httpStatus(error) === 404
        ? trans.__('%1 no longer exists, so there is nothing to copy.', path)
        : trans.__('%1 cannot be read: %2', path, String(error))
    );
    return { status: 'failed', path, reason: String(error) };
  }

  let result: ReturnType<typeof trimNotebookText>;
  try {
    result = trimNotebookText(text, options);
  } catch (error) {
    if (error instanceof NotebookReadError) {
      notify(
        trans,
        'error',
        trans.__(
          '%1 is not a valid notebook file (%2). Nothing was written.',
          name,
          error.message
        )
      );
      return { status: 'failed', path, reason: error.message };
    }
    throw error;
  }
  if (result.plan.kind === 'refuse') {
    notify(trans, 'warning', refusalMessage(trans, result.plan), {
      autoClose: 12000
    });
    return { status: 'refused', path, reason: result.plan.reason };
  }

  if (options.confirm) {
    const cells = (JSON.parse(text).cells ?? []) as ICellLike[];
    const chosen = await confirmTrim(
      cells,
      options,
      trans,
      trans.__('Trim %1 to a copy', name)
    );
    if (!chosen) {
      return { status: 'cancelled', path };
    }
    options = { ...options, ...chosen };
    result = trimNotebookText(text, options);
  }
  if (result.plan.kind !== 'trim' || result.output === null) {
    return { status: 'refused', path };
  }

  let target: string;
  try {
    target = await writeTrimmedCopy(contents, path, result.output);
  } catch (error) {
    notify(
      trans,
      'error',
      trans.__(
        'The trimmed copy of %1 could not be written: %2. The original is unchanged; copy it to a folder you can write to and try again.',
        name,
        String(error)
      )
    );
    return { status: 'failed', path, reason: String(error) };
  }

  context.docManager.openOrReveal(target);
  const plan = result.plan;
  const warned = warningsText(trans, baseName(target), plan.warnings);
  const summary = [
    warned,
    trans._n(
      'Wrote %2: kept %1 candidate, removed %3.',
      'Wrote %2: kept %1 candidates, removed %3.',
      plan.kept.length,
      baseName(target),
      plan.removed.length
    ),
    hasUnsavedChanges(context, path)
      ? trans.__(
          'It was made from the saved file: unsaved changes of %1 are not in it.',
          name
        )
      : null
  ];
  notify(
    trans,
    warned ? 'warning' : 'success',
    summary.filter(Boolean).join(' '),
    { autoClose: warned ? false : 8000 }
  );
  return {
    status: 'copied',
    path: target,
    report: planReport(plan),
    warnings: plan.warnings
  };
}

/**
 * The notebook to copy: `args.path`, else the file-browser selection when the
 * command comes from its context menu, else the active notebook.
 */
function sourcePath(
  context: ITrimCommandContext,
  args: Record<string, unknown>
): string | null {
  if (typeof args.path === 'string') {
    return args.path;
  }
  if (fromFileBrowserMenu(context.app) && context.fileBrowser) {
    return selectedNotebook(context.fileBrowser)?.path ?? null;
  }
  return context.tracker.currentWidget?.context.path ?? null;
}

/**
 * The copy is made from the file as saved, which is what Autopilot generated;
 * true when the open notebook has changes that are therefore not in it.
 */
function hasUnsavedChanges(
  context: ITrimCommandContext,
  path: string
): boolean {
  const widget = context.docManager.findWidget(path);
  const docContext = widget
    ? context.docManager.contextForWidget(widget)
    : undefined;
  return !!docContext?.model.dirty;
}
