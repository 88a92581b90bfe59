/**
 * What the leaderboard's commands do: `autopilot:open-leaderboard` opens
 * it in the main area, `autopilot:export-leaderboard` writes its CSV into
 * the workspace.
 */
import { MainAreaWidget } from '@jupyterlab/apputils';
import type { JupyterFrontEnd } from '@jupyterlab/application';
import type { Contents } from '@jupyterlab/services';
import { leaderboardCsv } from '../workflow/leaderboard';
import { currentRows, LeaderboardWidget } from './leaderboardView';
import { showTuning, type ITuningCommandContext } from './tuningCommands';
import { exportToWorkspace } from './workspaceExport';

export interface ILeaderboardCommandContext extends ITuningCommandContext {
  shell: JupyterFrontEnd.IShell;
  contents: Contents.IManager;
}

let opened: MainAreaWidget<LeaderboardWidget> | null = null;

/** `autopilot:open-leaderboard {name?}`. */
export async function openLeaderboard(
  context: ILeaderboardCommandContext,
  args: { name?: unknown }
): Promise<Record<string, unknown>> {
  const { trans } = context;
  const shown = await showTuning(context, args);
  if (!opened || opened.isDisposed) {
    const content = new LeaderboardWidget({ tuning: context.tuning, trans });
    opened = new MainAreaWidget({ content });
    opened.id = 'jp-autopilot-leaderboard';
    opened.title.label = trans.__('Tuning Leaderboard');
    opened.title.closable = true;
    context.shell.add(opened, 'main');
  }
  context.shell.activateById(opened.id);
  const data = context.tuning.data();
  if (data) {
    await data
      .refresh(context.tuning.tuning.job ?? undefined)
      .catch(() => undefined);
  }
  return {
    status: 'opened',
    tuning: shown.status,
    name: context.tuning.tuning.name,
    rows: currentRows(context.tuning).length
  };
}

/** `autopilot:export-leaderboard {path, overwrite?}`. */
export async function exportLeaderboard(
  context: ILeaderboardCommandContext,
  args: { path?: unknown; overwrite?: unknown }
): Promise<Record<string, unknown>> {
  const { trans } = context;
  const data = context.tuning.data();
  if (!data) {
    return { status: 'failed', reason: trans.__('No tuning job is watched.') };
  }
  const path =
    typeof args.path === 'string' && args.path.trim()
      ? args.path.trim()
      : `${data.name}-leaderboard.csv`;
  const rows = currentRows(context.tuning);
  const outcome = await exportToWorkspace(
    context.contents,
    { path, content: leaderboardCsv(rows), format: 'text' },
    trans,
    args.overwrite === true
  );
  return outcome === 'exported'
    ? { status: 'exported', path, rows: rows.length }
    : { status: 'cancelled', reason: trans.__('The file %1 is kept.', path) };
}
