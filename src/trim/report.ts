import { ICandidate, IValueChange, ITrimPlan, ITrimWarning } from './types';

/** A candidate in a report: what a reader needs to find it in the notebook. */
export interface ICandidateReport {
  name: string;
  dpp: number;
  algorithm: string;
  markdownIndex: number;
  codeIndex: number;
}

export interface IEditReport {
  cellIndex: number;
  target: 'tuner' | 'fitDataTransformers';
  changes: IValueChange[];
}

/** The plan as plain JSON, for `--json` and for the UI's preview. */
export type IPlanReport =
  | {
      kind: 'trim';
      changesAnything: boolean;
      kept: ICandidateReport[];
      removed: ICandidateReport[];
      /** Candidates whose `select_candidate` call is commented out; left as they are. */
      inactive: ICandidateReport[];
      deleteIndices: number[];
      edits: IEditReport[];
      warnings: ITrimWarning[];
    }
  | {
      kind: 'refuse';
      reason: string;
      message: string;
    };

export function planReport(plan: ITrimPlan): IPlanReport {
  if (plan.kind === 'refuse') {
    return { kind: 'refuse', reason: plan.reason, message: plan.message };
  }
  return {
    kind: 'trim',
    changesAnything: plan.changesAnything,
    kept: plan.kept.map(candidateReport),
    removed: plan.removed.map(candidateReport),
    inactive: plan.candidates.filter(c => !c.active).map(candidateReport),
    deleteIndices: [...plan.deleteIndices],
    edits: plan.edits.map(e => ({
      cellIndex: e.cellIndex,
      target: e.target,
      changes: e.changes.map(c => ({ ...c }))
    })),
    warnings: plan.warnings.map(w => ({ ...w }))
  };
}

function candidateReport(c: ICandidate): ICandidateReport {
  return {
    name: c.name,
    dpp: c.dpp,
    algorithm: c.algorithm,
    markdownIndex: c.markdownIndex,
    codeIndex: c.codeIndex
  };
}

/** English lines summing up a trim plan, for the command line. */
export function describePlan(plan: ITrimPlan): string[] {
  if (plan.kind === 'refuse') {
    return [plan.message];
  }
  const lines = [`Kept ${plan.kept.map(c => c.name).join(', ')}.`];
  if (plan.removed.length > 0) {
    const n = plan.removed.length;
    lines.push(
      `Removed ${n} candidate${n === 1 ? '' : 's'} (${plan.deleteIndices.length} cells): ${plan.removed.map(c => c.name).join(', ')}.`
    );
  }
  const inactive = plan.candidates.filter(c => !c.active);
  if (inactive.length > 0) {
    lines.push(
      `Left ${inactive.length} commented-out candidate${inactive.length === 1 ? '' : 's'} as ${inactive.length === 1 ? 'it is' : 'they are'}: ${inactive.map(c => c.name).join(', ')}.`
    );
  }
  const changes = plan.edits.flatMap(e => e.changes);
  if (changes.length > 0) {
    lines.push(
      `Set ${changes.map(c => `${c.keyword} ${c.from === null ? '(added)' : c.from} -> ${c.to}`).join(', ')}.`
    );
  }
  if (!plan.changesAnything) {
    lines.push('Nothing to change: the notebook is already trimmed.');
  }
  for (const warning of plan.warnings) {
    lines.push(`warning: ${warning.message}`);
  }
  return lines;
}
