/**
 * The Notebooks step's trim: the fetched candidate notebook trimmed to a
 * copy by the existing trim-to-copy command, with the quota guidance's
 * values, and its result as the `autopilot:trim-candidates` status object.
 *
 * It uses only what `src/notebook/trimToCopy.ts` exports: `trimToCopy(context,
 * args)` with the command's arguments (`path`, `maxJobs`, `maxParallelJobs`,
 * `parallelJobs`, `confirm`) and its `ITrimCommandResult` (`status`, `path`,
 * `report`: the plan report). The caller passes it in, bound to its context.
 */
import type { ITrimCommandResult } from '../notebook/commandContext';
import type { IPlanReport } from '../trim';
import type { IQuotaProposal } from './quotaGuidance';

/** The command's arguments: the user's values win over the proposal's. */
export interface ITrimCandidatesArgs {
  maxJobs?: number;
  maxParallelJobs?: number;
  parallelJobs?: number;
  /** Show the trim's preview dialog (default false: the panel shows the values). */
  confirm?: boolean;
}

export interface ITrimmedValues {
  maxJobs: number | null;
  maxParallelJobs: number | null;
  parallelJobs: number | null;
}

export type ITrimCandidatesResult =
  | {
      status: 'copied';
      /** The trimmed copy's Contents path. */
      path: string;
      /** The candidates kept, e.g. `dpp0-xgboost`. */
      kept: string[];
      /** The values the copy now has (null: the notebook has no such call). */
      values: ITrimmedValues;
      /** What the quota guidance said, for the short report. */
      quotaMessages: string[];
      warnings: string[];
    }
  | {
      status: Exclude<ITrimCommandResult['status'], 'copied'>;
      path?: string;
      reason?: string;
    };

/**
 * The arguments for trim-to-copy: explicit values, else the proposal's,
 * else the user's trim settings (left out). A proposed parallelism never
 * exceeds an explicit `maxJobs`.
 */
export function trimToCopyArgs(
  path: string,
  proposal: IQuotaProposal | null,
  args: ITrimCandidatesArgs = {}
): Record<string, unknown> {
  const out: Record<string, unknown> = { path, confirm: args.confirm ?? false };
  if (args.maxJobs !== undefined) {
    out.maxJobs = args.maxJobs;
  }
  const proposedParallel =
    proposal && args.maxJobs !== undefined
      ? Math.min(proposal.maxParallelJobs, args.maxJobs)
      : proposal?.maxParallelJobs;
  const maxParallelJobs = args.maxParallelJobs ?? proposedParallel;
  if (maxParallelJobs !== undefined) {
    out.maxParallelJobs = maxParallelJobs;
  }
  const parallelJobs = args.parallelJobs ?? proposal?.parallelJobs;
  if (parallelJobs !== undefined) {
    out.parallelJobs = parallelJobs;
  }
  return out;
}

const KEYWORDS = {
  max_jobs: 'maxJobs',
  max_parallel_jobs: 'maxParallelJobs',
  parallel_jobs: 'parallelJobs'
} as const;

/**
 * The values the trimmed copy has: what the trim changed, and what it was
 * asked for where the notebook already had it.
 */
function trimmedValues(
  report: IPlanReport | undefined,
  asked: Record<string, unknown>
): ITrimmedValues {
  const values: ITrimmedValues = {
    maxJobs: typeof asked.maxJobs === 'number' ? asked.maxJobs : null,
    maxParallelJobs:
      typeof asked.maxParallelJobs === 'number' ? asked.maxParallelJobs : null,
    parallelJobs:
      typeof asked.parallelJobs === 'number' ? asked.parallelJobs : null
  };
  if (report?.kind === 'trim') {
    for (const edit of report.edits) {
      for (const change of edit.changes) {
        values[KEYWORDS[change.keyword]] = change.to;
      }
    }
  }
  return values;
}

/**
 * Trims the candidate notebook at `path` to a copy with `runTrimToCopy`
 * (`args => trimToCopy(context, args)`), using the quota proposal.
 */
export async function trimCandidates(
  runTrimToCopy: (args: Record<string, unknown>) => Promise<ITrimCommandResult>,
  path: string,
  proposal: IQuotaProposal | null,
  args: ITrimCandidatesArgs = {}
): Promise<ITrimCandidatesResult> {
  const asked = trimToCopyArgs(path, proposal, args);
  const result = await runTrimToCopy(asked);
  if (result.status !== 'copied' || !result.path) {
    return {
      status: result.status === 'copied' ? 'failed' : result.status,
      path: result.path,
      reason: result.reason
    };
  }
  const report = result.report as IPlanReport | undefined;
  return {
    status: 'copied',
    path: result.path,
    kept: report?.kind === 'trim' ? report.kept.map(c => c.name) : [],
    values: trimmedValues(report, asked),
    quotaMessages: proposal?.messages ?? [],
    warnings: report?.kind === 'trim' ? report.warnings.map(w => w.message) : []
  };
}
