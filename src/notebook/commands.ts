import type { NotebookPanel } from '@jupyterlab/notebook';
import { trimIcon } from '../icons';
import { planTrim, type ITrimPlan } from '../trim';
import { CommandIDs } from '../tokens';
import { ITrimCommandContext, liveCells } from './commandContext';
import { FileClassifier } from './fileClassifier';
import { fromFileBrowserMenu, selectedNotebook } from './fileSelection';
import { refusalMessage, shortRefusal } from './messages';

const trimActions = () =>
  import(/* webpackChunkName: "autopilot-trim" */ './trimActions');

const ARGS_SCHEMA = {
  type: 'object',
  properties: {
    path: {
      type: 'string',
      description: 'Notebook path; the active notebook when omitted'
    },
    confirm: {
      type: 'boolean',
      description: 'Show the preview dialog; the setting when omitted'
    },
    maxJobs: { type: 'integer', minimum: 1 },
    maxParallelJobs: { type: 'integer', minimum: 1 },
    parallelJobs: { type: 'integer', minimum: 1 },
    algorithms: { type: 'array', items: { type: 'string' } }
  }
};

/**
 * Registers the trim commands. Whether they are enabled comes from the
 * notebook's content, never from its name.
 */
export function addTrimCommands(context: ITrimCommandContext): void {
  const { app, tracker, trans, fileBrowser } = context;
  const { commands } = app;
  const notify = () => {
    commands.notifyCommandChanged(CommandIDs.trimNotebook);
    commands.notifyCommandChanged(CommandIDs.trimToCopy);
    commands.notifyCommandChanged(CommandIDs.trimFile);
  };
  const livePlans = new LivePlanCache(notify);
  const classifier = new FileClassifier(app.serviceManager.contents, notify);

  tracker.currentChanged.connect(() => livePlans.watch(tracker.currentWidget));
  livePlans.watch(tracker.currentWidget);
  fileBrowser?.selectionChanged.connect(() => {
    for (const item of fileBrowser.selectedItems()) {
      classifier.prefetch(item);
    }
    notify();
  });

  const selected = () => selectedNotebook(fileBrowser);
  const fromFileBrowser = () => fromFileBrowserMenu(app);
  const currentPlan = () =>
    tracker.currentWidget ? livePlans.plan(tracker.currentWidget) : null;
  const currentRefusal = () => {
    const plan = currentPlan();
    return plan?.kind === 'refuse' ? refusalMessage(trans, plan) : null;
  };
  /** A file-browser label that says why the selected file cannot be trimmed. */
  const fileLabel = (label: string) => {
    const item = selected();
    const reason = item ? classifier.reason(item) : undefined;
    return reason
      ? trans.__('%1 (%2)', label, shortRefusal(trans, reason))
      : label;
  };
  const fileIsTrimmable = () => {
    const item = selected();
    return !!item && classifier.peek(item) !== 'not-trimmable';
  };

  commands.addCommand(CommandIDs.trimNotebook, {
    label: trans.__('Trim Autopilot Notebook…'),
    caption: () =>
      currentRefusal() ??
      trans.__(
        'Keep the lowest-numbered candidate of each algorithm and set max_jobs and max_parallel_jobs. One undo restores the notebook.'
      ),
    icon: trimIcon,
    isEnabled: args =>
      typeof args.path === 'string' || currentPlan()?.kind === 'trim',
    describedBy: { args: ARGS_SCHEMA },
    execute: args => trimActions().then(m => m.trimInPlace(context, args))
  });

  commands.addCommand(CommandIDs.trimToCopy, {
    label: () =>
      fromFileBrowser()
        ? fileLabel(trans.__('Trim Autopilot Notebook to a Copy…'))
        : trans.__('Trim Autopilot Notebook to a Copy…'),
    caption: () =>
      currentRefusal() ??
      trans.__(
        'Write a trimmed <name>-trimmed.ipynb beside the notebook and open it; the original stays as generated.'
      ),
    icon: trimIcon,
    isEnabled: args => {
      if (typeof args.path === 'string') {
        return true;
      }
      if (fromFileBrowser()) {
        return fileIsTrimmable();
      }
      return currentPlan()?.kind === 'trim';
    },
    describedBy: { args: ARGS_SCHEMA },
    execute: args => trimActions().then(m => m.trimToCopy(context, args))
  });

  commands.addCommand(CommandIDs.trimFile, {
    label: () => fileLabel(trans.__('Trim Autopilot Notebook…')),
    caption: trans.__('Open the notebook and trim it in place'),
    icon: trimIcon,
    isEnabled: args => typeof args.path === 'string' || fileIsTrimmable(),
    describedBy: { args: ARGS_SCHEMA },
    execute: args => {
      const path = typeof args.path === 'string' ? args.path : selected()?.path;
      return commands.execute(CommandIDs.trimNotebook, { ...args, path });
    }
  });
}

/**
 * The trim plan of the active notebook with default options, recomputed only
 * after its content changes, so menus and the toolbar can ask cheaply.
 */
class LivePlanCache {
  constructor(private readonly _changed: () => void) {}

  watch(panel: NotebookPanel | null): void {
    if (this._watched === panel) {
      return;
    }
    this._watched?.model?.contentChanged.disconnect(this._invalidate, this);
    this._watched = panel;
    this._plan = null;
    panel?.context.ready.then(() => {
      if (this._watched === panel) {
        panel.model?.contentChanged.connect(this._invalidate, this);
        this._invalidate();
      }
    });
    this._changed();
  }

  plan(panel: NotebookPanel): ITrimPlan | null {
    if (panel !== this._watched || !panel.context.isReady) {
      return null;
    }
    if (!this._plan) {
      this._plan = planTrim(liveCells(panel));
    }
    return this._plan;
  }

  private _invalidate(): void {
    this._plan = null;
    // Typing fires many content changes; the toolbar only needs the last one.
    if (this._timer === undefined) {
      this._timer = window.setTimeout(() => {
        this._timer = undefined;
        this._changed();
      }, 300);
    }
  }

  private _watched: NotebookPanel | null = null;
  private _plan: ITrimPlan | null = null;
  private _timer: number | undefined = undefined;
}
