import type { IDefaultFileBrowser } from '@jupyterlab/filebrowser';
import type { TranslationBundle } from '@jupyterlab/translation';
import { notify } from '../notify';
import type { IDatasetConsent } from '../workflow/datasetStep';
import { StepError } from '../workflow/stepStatus';
import type { WorkflowModel } from '../workflow/workflowModel';
import { datasetErrorText } from './datasetErrorText';
import { isDatasetFile } from './datasetFiles';
import type { IPanelSettings } from './panelSettings';

/** What a command resolves to when it did not do its work. */
export interface INotDone {
  status: 'refused' | 'failed' | 'cancelled';
  /** The sentence the user sees. */
  reason: string;
  code: string;
  line?: number;
}

export interface IProfiled {
  status: 'profiled';
  path: string;
  rows: number;
  columns: { name: string; type: string; missing: number; distinct: number }[];
  suggestedTargets: { name: string; problemType: string; reason: string }[];
}

export interface ISplit {
  status: 'split';
  train: { rows: number };
  validation: { rows: number };
}

export interface IUploaded {
  status: 'uploaded';
  train: string;
  validation: string;
}

export interface IDatasetCommandContext {
  workflow: WorkflowModel;
  trans: TranslationBundle;
  fileBrowser: IDefaultFileBrowser | null;
  consent: IDatasetConsent;
  settings: () => IPanelSettings;
  openPanel: () => void;
}

/** `autopilot:use-dataset {path}`. */
export async function useDataset(
  ctx: IDatasetCommandContext,
  args: { path?: string }
): Promise<IProfiled | INotDone> {
  let path = args.path;
  if (path === undefined) {
    // From the file browser's context menu (or the palette): the selection.
    ctx.openPanel();
    path = [...(ctx.fileBrowser?.selectedItems() ?? [])].find(
      item => item.type !== 'directory' && isDatasetFile(item.name)
    )?.path;
  }
  return run(ctx, async () => {
    await ctx.workflow.restored;
    const profile = await ctx.workflow.dataset.use(path ?? '');
    return {
      status: 'profiled' as const,
      path: profile.path,
      rows: profile.rows,
      columns: profile.columns.map(c => ({
        name: c.name,
        type: c.type,
        missing: c.missing,
        distinct: c.distinct
      })),
      suggestedTargets: profile.suggestedTargets.map(t => ({ ...t }))
    };
  });
}

/** `autopilot:split-dataset {target, validationFraction, seed, stratify}`. */
export async function splitDataset(
  ctx: IDatasetCommandContext,
  args: {
    target?: string;
    validationFraction?: number;
    seed?: number;
    stratify?: boolean;
  }
): Promise<ISplit | INotDone> {
  return run(ctx, async () => {
    await ctx.workflow.restored;
    const defaults = ctx.settings();
    const dataset = ctx.workflow.dataset;
    const target =
      args.target ?? dataset.state.profile?.suggestedTargets[0]?.name ?? '';
    const split = await dataset.split({
      target,
      validationFraction:
        args.validationFraction ?? defaults.validationFraction,
      seed: args.seed ?? defaults.seed,
      stratify: args.stratify ?? defaults.stratify
    });
    return {
      status: 'split' as const,
      train: { rows: split.train.rows },
      validation: { rows: split.validation.rows }
    };
  });
}

/** `autopilot:upload-dataset {bucket, prefix, overwrite}`. */
export async function uploadDataset(
  ctx: IDatasetCommandContext,
  args: { bucket?: string; prefix?: string; overwrite?: boolean }
): Promise<IUploaded | INotDone> {
  return run(ctx, async () => {
    await ctx.workflow.restored;
    const upload = await ctx.workflow.dataset.upload(
      {
        bucket: args.bucket || ctx.settings().bucket || undefined,
        prefix: args.prefix,
        overwrite: args.overwrite ?? false
      },
      ctx.consent
    );
    return {
      status: 'uploaded' as const,
      train: upload.train,
      validation: upload.validation
    };
  });
}

/**
 * Runs a step's action and turns its StepError into the status object. A
 * refusal is also shown to the user (failures are shown by the progress
 * notification).
 */
async function run<T>(
  ctx: IDatasetCommandContext,
  action: () => Promise<T>
): Promise<T | INotDone> {
  try {
    return await action();
  } catch (reason) {
    if (!(reason instanceof StepError)) {
      throw reason;
    }
    const error = reason.error;
    const text = datasetErrorText(ctx.trans, error);
    if (error.outcome === 'refused') {
      notify(ctx.trans, 'warning', text, { autoClose: 8000 });
    }
    return {
      status: error.outcome,
      reason: text,
      code: error.code,
      ...(typeof error.line === 'number' ? { line: error.line } : {})
    };
  }
}
