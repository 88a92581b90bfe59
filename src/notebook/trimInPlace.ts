import { NotebookPanel } from '@jupyterlab/notebook';
import { planReport, planTrim } from '../trim';
import { CommandIDs } from '../tokens';
import {
  baseName,
  httpStatus,
  ITrimCommandContext,
  ITrimCommandResult,
  liveCells
} from './commandContext';
import { applyPlanToSharedNotebook } from './liveTrim';
import { refusalMessage, warningsText } from './messages';
import { confirmTrim } from './previewDialog';
import { runOptions } from './runOptions';
import { notify } from '../notify';

/**
 * `autopilot:trim-notebook`: trims the active notebook (or the one at
 * `args.path`) in place, as it is on screen, in one undoable transaction.
 */
export async function trimInPlace(
  context: ITrimCommandContext,
  args: Record<string, unknown>
): Promise<ITrimCommandResult> {
  const { trans } = context;
  const panel = await notebookToTrim(context, args);
  if (!panel) {
    return { status: 'no-notebook' };
  }
  const path = panel.context.path;
  const name = baseName(path);

  if (panel.context.contentsModel?.writable === false) {
    notify(
      trans,
      'error',
      trans.__(
        '%1 is read-only, so it cannot be trimmed in place. Trim it to a copy instead.',
        name
      ),
      {
        autoClose: false,
        actions: [
          {
            label: trans.__('Trim to a Copy'),
            callback: () =>
              void context.app.commands.execute(CommandIDs.trimToCopy, {
                path
              })
          }
        ]
      }
    );
    return { status: 'read-only', path };
  }

  const resolved = runOptions(context, args);
  if ('failure' in resolved) {
    return resolved.failure;
  }
  let options = resolved.options;

  let plan = planTrim(liveCells(panel), options);
  if (plan.kind === 'refuse') {
    notify(trans, 'warning', refusalMessage(trans, plan), {
      autoClose: 12000
    });
    return { status: 'refused', path, reason: plan.reason };
  }

  if (options.confirm) {
    const chosen = await confirmTrim(
      liveCells(panel),
      options,
      trans,
      trans.__('Trim %1', name)
    );
    if (!chosen) {
      return { status: 'cancelled', path };
    }
    options = { ...options, ...chosen };
    // The user may have edited the notebook while the dialog was open.
    plan = planTrim(liveCells(panel), options);
    if (plan.kind === 'refuse') {
      notify(trans, 'warning', refusalMessage(trans, plan));
      return { status: 'refused', path, reason: plan.reason };
    }
  }

  const warned = warningsText(trans, name, plan.warnings);
  if (!plan.changesAnything) {
    const already = trans.__('%1 is already trimmed: nothing to change.', name);
    notify(
      trans,
      warned ? 'warning' : 'info',
      warned ? `${warned} ${already}` : already,
      { autoClose: warned ? false : 6000 }
    );
    return {
      status: 'unchanged',
      path,
      report: planReport(plan),
      warnings: plan.warnings
    };
  }

  const undo = applyPlanToSharedNotebook(
    panel.content.model!.sharedModel,
    plan
  );
  const summary = trans._n(
    'Trimmed %2: kept %1 candidate, removed %3. Save the notebook to keep it.',
    'Trimmed %2: kept %1 candidates, removed %3. Save the notebook to keep it.',
    plan.kept.length,
    name,
    plan.removed.length
  );
  // The warning comes first: it is what the toast shows when the text is long.
  notify(
    trans,
    warned ? 'warning' : 'success',
    warned ? `${warned} ${summary}` : summary,
    {
      autoClose: warned ? false : 12000,
      actions: [
        {
          label: trans.__('Undo'),
          caption: trans.__('Restore the notebook as it was before trimming'),
          callback: () => {
            if (!undo.undo()) {
              notify(
                trans,
                'warning',
                trans.__(
                  'The notebook changed after it was trimmed, so this undo would lose those changes. Use Edit → Undo to step back.'
                )
              );
            }
          }
        }
      ]
    }
  );
  return {
    status: 'trimmed',
    path,
    report: planReport(plan),
    warnings: plan.warnings
  };
}

/** The notebook named by `args.path` (opened if needed), else the active one. */
async function notebookToTrim(
  context: ITrimCommandContext,
  args: Record<string, unknown>
): Promise<NotebookPanel | null> {
  const { trans, tracker, docManager, app } = context;
  const path = typeof args.path === 'string' ? args.path : null;
  if (!path) {
    const current = tracker.currentWidget;
    if (!current) {
      notify(
        trans,
        'warning',
        trans.__('Open an Autopilot candidate-definition notebook first.')
      );
      return null;
    }
    await current.context.ready;
    return current;
  }
  try {
    await app.serviceManager.contents.get(path, { content: false });
  } catch (error) {
    notify(
      trans,
      'error',
      httpStatus(error) === 404
        ? trans.__('%1 no longer exists.', path)
        : trans.__('%1 cannot be read: %2', path, String(error))
    );
    return null;
  }
  const widget = docManager.openOrReveal(path);
  if (!(widget instanceof NotebookPanel)) {
    notify(trans, 'error', trans.__('%1 is not a notebook.', path));
    return null;
  }
  await widget.context.ready;
  return widget;
}
